using System.Globalization;
using System.Text;
using NeuralSharp.Tensors;

namespace NeuralSharp.Metrics;

/// <summary>
/// A streaming confusion matrix: entry [a, p] counts the rows whose actual class is a and whose predicted class is p
/// (rows are actual classes, columns predicted ones, as in scikit-learn's <c>confusion_matrix</c>).
/// </summary>
/// <remarks>
/// Rows are decoded as by the classification metrics: single-column predictions are binary (class 1 when p &gt;
/// threshold, or z &gt; log(threshold / (1 − threshold)) for logits) and give a 2 × 2 matrix; C &gt; 1 columns give the
/// argmax and a C × C matrix, with one-hot or class-index targets. It keeps C² counts, so for very many classes prefer
/// the per-class metrics. <see cref="Update"/> does not allocate once the matrix has its size.
/// </remarks>
public sealed class ConfusionMatrix
{
    private readonly ClassDecoder _decoder;
    private long[] _counts = [];
    private int _columns;

    /// <param name="threshold">Single-column predictions only: the probability above which a row is class 1.</param>
    /// <param name="fromLogits">Single-column predictions only: they are logits, so the boundary is log(threshold / (1 − threshold)), 0 by default.</param>
    public ConfusionMatrix(double threshold = 0.5, bool fromLogits = false) => _decoder = new ClassDecoder(threshold, fromLogits);

    /// <summary>Number of classes C (the matrix is C × C): 2 for single-column predictions, 0 before the first
    /// <see cref="Update"/> after a reset.</summary>
    public int ClassCount => _columns == 1 ? 2 : _columns;

    /// <summary>Rows counted since the last reset: the sum of all entries.</summary>
    public long Total { get; private set; }

    /// <summary>Fraction of rows on the diagonal: trace / <see cref="Total"/> (0 when empty).</summary>
    public double Accuracy
    {
        get
        {
            long trace = 0;
            for (int c = 0; c < ClassCount; c++)
            {
                trace += _counts[(c * ClassCount) + c];
            }

            return Total == 0 ? 0 : (double)trace / Total;
        }
    }

    /// <summary>Number of rows with actual class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(actual);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(actual, ClassCount);
            ArgumentOutOfRangeException.ThrowIfNegative(predicted);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(predicted, ClassCount);
            return _counts[(actual * ClassCount) + predicted];
        }
    }

    /// <summary>Forgets every batch; the class count is set again by the next <see cref="Update"/>.</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        _columns = 0;
        Total = 0;
    }

    /// <summary>Adds one batch.</summary>
    /// <exception cref="ArgumentException">The shapes do not agree, a target class index is out of range, or the
    /// number of prediction columns differs from earlier batches since the last reset.</exception>
    public void Update(Tensor predictions, Tensor targets)
    {
        int classes = ClassDecoder.Validate(predictions, targets);
        MetricArguments.RequireSameWidth(_columns, predictions.RowSize, "prediction columns", predictions);
        if (_columns == 0)
        {
            if (_counts.Length != classes * classes)
            {
                _counts = new long[classes * classes];
            }

            _columns = predictions.RowSize;
        }

        int rows = predictions.Rows;
        for (int r = 0; r < rows; r++)
        {
            _counts[(ClassDecoder.Actual(targets, r) * classes) + _decoder.Predicted(predictions, r)]++;
        }

        Total += rows;
    }

    /// <summary>A copy of the counts as [actual, predicted].</summary>
    public long[,] ToArray()
    {
        int n = ClassCount;
        var result = new long[n, n];
        for (int a = 0; a < n; a++)
        {
            for (int p = 0; p < n; p++)
            {
                result[a, p] = _counts[(a * n) + p];
            }
        }

        return result;
    }

    /// <summary>
    /// A text table with one row per actual class and one column per predicted class, numbers right-aligned, lines
    /// separated by '\n'. Classes are named by <paramref name="labels"/> or, when it is null, by their indices.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="labels"/> does not hold exactly <see cref="ClassCount"/> names.</exception>
    public string Format(IReadOnlyList<string>? labels)
    {
        int n = ClassCount;
        if (labels is not null && labels.Count != n)
        {
            throw new ArgumentException($"The matrix has {n} classes but {labels.Count} labels were given.", nameof(labels));
        }

        if (n == 0)
        {
            return "(empty confusion matrix)";
        }

        const string Corner = "actual \\ predicted";
        var names = new string[n];
        int nameWidth = Corner.Length;
        int cellWidth = 1;
        for (int c = 0; c < n; c++)
        {
            names[c] = labels?[c] ?? c.ToString(CultureInfo.InvariantCulture);
            nameWidth = Math.Max(nameWidth, names[c].Length);
            cellWidth = Math.Max(cellWidth, names[c].Length);
        }

        foreach (long count in _counts.AsSpan(0, n * n))
        {
            cellWidth = Math.Max(cellWidth, count.ToString(CultureInfo.InvariantCulture).Length);
        }

        var sb = new StringBuilder();
        sb.Append(Corner.PadRight(nameWidth));
        for (int p = 0; p < n; p++)
        {
            sb.Append("  ").Append(names[p].PadLeft(cellWidth));
        }

        for (int a = 0; a < n; a++)
        {
            sb.Append('\n').Append(names[a].PadRight(nameWidth));
            for (int p = 0; p < n; p++)
            {
                sb.Append("  ").Append(_counts[(a * n) + p].ToString(CultureInfo.InvariantCulture).PadLeft(cellWidth));
            }
        }

        return sb.ToString();
    }

    /// <summary>The table of <see cref="Format"/> with class indices as labels.</summary>
    public override string ToString() => Format(null);
}
