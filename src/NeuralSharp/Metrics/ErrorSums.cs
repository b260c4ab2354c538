using NeuralSharp.Tensors;

namespace NeuralSharp.Metrics;

/// <summary>
/// Streaming sums of the element-wise error e = ŷ − y behind <see cref="Metrics.MeanSquaredError"/>,
/// <see cref="Metrics.RootMeanSquaredError"/>, <see cref="Metrics.MeanAbsoluteError"/> and
/// <see cref="Metrics.MeanError"/>: the count n, Σe, Σe² and Σ|e| over every element of every batch, in double.
/// </summary>
internal sealed class ErrorSums
{
    /// <summary>Elements seen since the last reset.</summary>
    public long Count { get; private set; }

    /// <summary>Σ(ŷ − y).</summary>
    public double SumError { get; private set; }

    /// <summary>Σ(ŷ − y)².</summary>
    public double SumSquaredError { get; private set; }

    /// <summary>Σ|ŷ − y|.</summary>
    public double SumAbsoluteError { get; private set; }

    public void Reset()
    {
        Count = 0;
        SumError = 0;
        SumSquaredError = 0;
        SumAbsoluteError = 0;
    }

    public void Update(Tensor predictions, Tensor targets)
    {
        MetricArguments.RequireSameLayout(predictions, targets);
        double sum = 0, squares = 0, absolutes = 0;
        int n = predictions.Length;
        for (int i = 0; i < n; i++)
        {
            double e = predictions.GetDouble(i) - targets.GetDouble(i);
            sum += e;
            squares += e * e;
            absolutes += Math.Abs(e);
        }

        Count += n;
        SumError += sum;
        SumSquaredError += squares;
        SumAbsoluteError += absolutes;
    }

    /// <summary><paramref name="sum"/> / <see cref="Count"/>, or 0 before any element.</summary>
    public double Mean(double sum) => Count == 0 ? 0 : sum / Count;
}
