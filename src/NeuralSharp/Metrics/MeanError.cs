using NeuralSharp.Tensors;

namespace NeuralSharp.Metrics;

/// <summary>
/// Mean (signed) error over every element of every batch: ME = (1/n) Σ (ŷ − y). Positive means the model
/// over-predicts on average, negative that it under-predicts.
/// </summary>
/// <remarks>
/// <para>The signs cancel: over-predictions and under-predictions offset each other. A model wrong by +5 on one
/// example and by −5 on another has a mean error of 0, while its <see cref="Metrics.MeanAbsoluteError"/> is 5 and its MSE 25.
/// A mean error near 0 therefore says nothing about how accurate a model is — only that it is not systematically
/// high or low. That is why it is a diagnostic for <b>bias</b>, read next to MAE or RMSE, and never a training loss
/// or a quantity to minimise: driving it down rewards predicting ever lower, and driving it to 0 is satisfied by
/// errors of any size that happen to balance.</para>
/// <para><see cref="HigherIsBetter"/> is false only because it is an error; the target is 0, not a minimum, so do
/// not use it to choose checkpoints or stop early.</para>
/// </remarks>
public sealed class MeanError : Metric
{
    private readonly ErrorSums _sums = new();

    public override string Name => "mean_error";

    /// <inheritdoc/>
    public override Metric Fresh() => new MeanError();

    public override bool HigherIsBetter => false;

    public override void Reset() => _sums.Reset();

    public override void Update(Tensor predictions, Tensor targets) => _sums.Update(predictions, targets);

    public override double Result() => _sums.Mean(_sums.SumError);
}
