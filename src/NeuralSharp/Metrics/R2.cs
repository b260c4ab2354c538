using NeuralSharp.Tensors;

namespace NeuralSharp.Metrics;

/// <summary>
/// Coefficient of determination, per output column j: R²_j = 1 − SS_res,j / SS_tot,j with
/// SS_res,j = Σᵢ (yᵢⱼ − ŷᵢⱼ)² and SS_tot,j = Σᵢ (yᵢⱼ − ȳⱼ)²; the result is the unweighted mean of R²_j over the
/// columns (scikit-learn's default <c>multioutput='uniform_average'</c>).
/// </summary>
/// <remarks>
/// <para>1 is a perfect fit; 0 is what predicting every column's mean achieves; it is negative for a model worse than
/// that. When a column's targets are all equal (SS_tot = 0) its R² is 1 if SS_res = 0 and 0 otherwise, as with
/// scikit-learn's <c>force_finite=True</c>. Before any row the result is 0.</para>
/// <para>The state is streamed per column: the row count n, Σ(y − ŷ)², the running mean ȳ and SS_tot. SS_tot equals
/// Σy² − (Σy)²/n, but is kept as a sum of squared deviations merged batch by batch (Chan, Golub and LeVeque:
/// M = M_a + M_b + δ² n_a n_b / (n_a + n_b), δ = ȳ_b − ȳ_a), because the difference of raw sums loses every digit
/// when targets are large next to their spread (e.g. 10⁸ ± 2). The result does not depend on how rows are batched,
/// up to rounding.</para>
/// </remarks>
public sealed class R2 : Metric
{
    private long _count;
    private int _columns;
    private double[] _mean = [];
    private double[] _sumSquaredDeviations = [];
    private double[] _sumSquaredResiduals = [];

    public override string Name => "r2";

    /// <inheritdoc/>
    public override Metric Fresh() => new R2();

    public override void Reset()
    {
        _count = 0;
        _columns = 0;
        Array.Clear(_mean);
        Array.Clear(_sumSquaredDeviations);
        Array.Clear(_sumSquaredResiduals);
    }

    public override void Update(Tensor predictions, Tensor targets)
    {
        MetricArguments.RequireSameLayout(predictions, targets);
        int columns = predictions.RowSize;
        MetricArguments.RequireSameWidth(_columns, columns, "output columns", predictions);
        int rows = predictions.Rows;
        if (rows == 0 || columns == 0)
        {
            return;
        }

        if (_columns == 0)
        {
            if (_mean.Length != columns)
            {
                _mean = new double[columns];
                _sumSquaredDeviations = new double[columns];
                _sumSquaredResiduals = new double[columns];
            }

            _columns = columns;
        }

        long before = _count;
        long after = before + rows;
        for (int j = 0; j < columns; j++)
        {
            // Pass 1: the batch mean of column j and its squared residuals.
            double sum = 0, residuals = 0;
            for (int i = j; i < rows * columns; i += columns)
            {
                double y = targets.GetDouble(i);
                double r = y - predictions.GetDouble(i);
                sum += y;
                residuals += r * r;
            }

            double batchMean = sum / rows;

            // Pass 2: the batch's squared deviations about its own mean.
            double deviations = 0;
            for (int i = j; i < rows * columns; i += columns)
            {
                double d = targets.GetDouble(i) - batchMean;
                deviations += d * d;
            }

            // Merge with the running state.
            double delta = batchMean - _mean[j];
            _mean[j] += delta * rows / after;
            _sumSquaredDeviations[j] += deviations + (delta * delta * before * rows / after);
            _sumSquaredResiduals[j] += residuals;
        }

        _count = after;
    }

    public override double Result()
    {
        if (_count == 0)
        {
            return 0;
        }

        double total = 0;
        for (int j = 0; j < _columns; j++)
        {
            double ssTot = _sumSquaredDeviations[j];
            double ssRes = _sumSquaredResiduals[j];
            total += ssTot == 0 ? (ssRes == 0 ? 1 : 0) : 1 - (ssRes / ssTot);
        }

        return total / _columns;
    }
}
