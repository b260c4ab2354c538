using NeuralSharp.Tensors;

namespace NeuralSharp.Metrics;

/// <summary>
/// Recall, TP / (TP + FN): the fraction of positive rows predicted positive.
/// </summary>
/// <remarks>
/// For single-column (binary) predictions the positive class is 1 (scikit-learn's <c>average='binary'</c>,
/// <c>pos_label=1</c>). For C &gt; 1 prediction columns — including two-column softmax outputs — it is the
/// <b>macro</b> average of the per-class recalls, exactly like <see cref="Metrics.MacroRecall"/>. The macro average
/// is the unweighted mean over the classes that occur in the targets or the predictions; a class with no predicted
/// rows contributes precision 0 and a class with no actual rows contributes recall 0, while a class that occurs in
/// neither is left out of the mean, as in scikit-learn when no <c>labels</c> are given. The result is 0 when no row
/// is positive (zero_division=0).
/// </remarks>
public sealed class Recall : Metric
{
    private readonly ClassTally _tally;

    /// <param name="threshold">Single-column predictions only: the probability above which a row is class 1.</param>
    /// <param name="fromLogits">Single-column predictions only: they are logits, so the boundary is log(threshold / (1 − threshold)), 0 by default.</param>
    public Recall(double threshold = 0.5, bool fromLogits = false) => _tally = new ClassTally(threshold, fromLogits);

    private Recall(ClassTally tally) => _tally = tally;

    public override string Name => "recall";

    /// <inheritdoc/>
    public override Metric Fresh() => new Recall(_tally.Fresh());

    public override void Reset() => _tally.Reset();

    public override void Update(Tensor predictions, Tensor targets) => _tally.Update(predictions, targets);

    public override double Result() => _tally.Score(ClassScore.Recall, _tally.SingleColumn ? 1 : null);
}
