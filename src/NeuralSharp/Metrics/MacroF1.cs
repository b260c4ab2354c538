using NeuralSharp.Tensors;

namespace NeuralSharp.Metrics;

/// <summary>
/// Macro-averaged F1: (1/K) Σ_c 2TP_c / (2TP_c + FP_c + FN_c) over the K classes present, treating every class —
/// both classes of single-column binary predictions, too — as positive in turn.
/// </summary>
/// <remarks>
/// Each per-class value is 0 when its denominator is 0 (scikit-learn's <c>zero_division=0</c>). The macro average is
/// the unweighted mean over the classes that occur in the targets or the predictions; a class with no predicted rows
/// contributes precision 0 and a class with no actual rows contributes recall 0, while a class that occurs in neither
/// is left out of the mean, as in scikit-learn when no <c>labels</c> are given.
/// </remarks>
public sealed class MacroF1 : Metric
{
    private readonly ClassTally _tally;

    /// <param name="threshold">Single-column predictions only: the probability above which a row is class 1.</param>
    /// <param name="fromLogits">Single-column predictions only: they are logits, so the boundary is log(threshold / (1 − threshold)), 0 by default.</param>
    public MacroF1(double threshold = 0.5, bool fromLogits = false) => _tally = new ClassTally(threshold, fromLogits);

    private MacroF1(ClassTally tally) => _tally = tally;

    public override string Name => "macro_f1";

    /// <inheritdoc/>
    public override Metric Fresh() => new MacroF1(_tally.Fresh());

    public override void Reset() => _tally.Reset();

    public override void Update(Tensor predictions, Tensor targets) => _tally.Update(predictions, targets);

    public override double Result() => _tally.Score(ClassScore.F1, null);
}
