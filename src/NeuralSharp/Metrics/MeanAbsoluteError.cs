using NeuralSharp.Tensors;

namespace NeuralSharp.Metrics;

/// <summary>
/// Mean absolute error over every element of every batch: MAE = (1/n) Σ |ŷ − y|.
/// </summary>
public sealed class MeanAbsoluteError : Metric
{
    private readonly ErrorSums _sums = new();

    public override string Name => "mae";

    /// <inheritdoc/>
    public override Metric Fresh() => new MeanAbsoluteError();

    public override bool HigherIsBetter => false;

    public override void Reset() => _sums.Reset();

    public override void Update(Tensor predictions, Tensor targets) => _sums.Update(predictions, targets);

    public override double Result() => _sums.Mean(_sums.SumAbsoluteError);
}
