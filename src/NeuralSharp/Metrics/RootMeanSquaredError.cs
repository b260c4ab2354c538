using NeuralSharp.Tensors;

namespace NeuralSharp.Metrics;

/// <summary>
/// Root mean squared error: RMSE = √MSE = √((1/n) Σ (ŷ − y)²) over every element of every batch.
/// </summary>
/// <remarks>The square root is taken of the streamed MSE, not averaged over batches, so it does not depend on how
/// the rows are split into batches. (With several outputs this is the root of the pooled MSE, which is Keras'
/// definition; scikit-learn's <c>root_mean_squared_error</c> averages per-output roots instead.)</remarks>
public sealed class RootMeanSquaredError : Metric
{
    private readonly ErrorSums _sums = new();

    public override string Name => "rmse";

    /// <inheritdoc/>
    public override Metric Fresh() => new RootMeanSquaredError();

    public override bool HigherIsBetter => false;

    public override void Reset() => _sums.Reset();

    public override void Update(Tensor predictions, Tensor targets) => _sums.Update(predictions, targets);

    public override double Result() => Math.Sqrt(_sums.Mean(_sums.SumSquaredError));
}
