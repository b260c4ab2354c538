using NeuralSharp.Tensors;

namespace NeuralSharp.Metrics;

/// <summary>
/// Mean squared error over every element of every batch: MSE = (1/n) Σ (ŷ − y)², n = rows × values per row.
/// </summary>
/// <remarks>With equal rows per output this equals scikit-learn's <c>mean_squared_error</c> with the default
/// <c>multioutput='uniform_average'</c>, and Keras' MSE averaged over the batch.</remarks>
public sealed class MeanSquaredError : Metric
{
    private readonly ErrorSums _sums = new();

    public override string Name => "mse";

    /// <inheritdoc/>
    public override Metric Fresh() => new MeanSquaredError();

    public override bool HigherIsBetter => false;

    public override void Reset() => _sums.Reset();

    public override void Update(Tensor predictions, Tensor targets) => _sums.Update(predictions, targets);

    public override double Result() => _sums.Mean(_sums.SumSquaredError);
}
