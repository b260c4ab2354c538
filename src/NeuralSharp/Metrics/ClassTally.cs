using NeuralSharp.Tensors;

namespace NeuralSharp.Metrics;

/// <summary>Which per-class score <see cref="ClassTally.Score"/> computes.</summary>
internal enum ClassScore
{
    Precision,
    Recall,
    F1,
}

/// <summary>
/// Streaming per-class counts behind <see cref="Metrics.Precision"/>, <see cref="Metrics.Recall"/>,
/// <see cref="Metrics.F1"/> and their macro variants: for each class c, TP_c (rows predicted c that are c),
/// predicted_c and actual_c. It keeps 3C counts rather than a C × C matrix, so it scales to many classes.
/// </summary>
/// <remarks>
/// With FP_c = predicted_c − TP_c and FN_c = actual_c − TP_c:
/// precision_c = TP_c / (TP_c + FP_c), recall_c = TP_c / (TP_c + FN_c), F1_c = 2TP_c / (2TP_c + FP_c + FN_c)
/// (the harmonic mean of precision_c and recall_c); each is 0 when its denominator is 0, like scikit-learn's
/// <c>zero_division=0</c>. The macro average is the unweighted mean over the classes that occur in the targets or
/// the predictions; a class that occurs in neither is left out, as scikit-learn does when no <c>labels</c> are given.
/// </remarks>
internal sealed class ClassTally
{
    private readonly ClassDecoder _decoder;
    private long[] _truePositives = [];
    private long[] _predicted = [];
    private long[] _actual = [];

    /// <summary>Prediction columns seen since the last reset (0 before the first batch).</summary>
    private int _columns;

    public ClassTally(double threshold, bool fromLogits) => _decoder = new ClassDecoder(threshold, fromLogits);

    /// <summary>A new, empty tally with this one's threshold and logit setting.</summary>
    public ClassTally Fresh() => new(_decoder.Threshold, _decoder.FromLogits);

    /// <summary>Classes seen since the last reset (0 before the first batch; 2 for single-column predictions).</summary>
    public int ClassCount => _columns == 1 ? 2 : _columns;

    /// <summary>Whether the predictions seen have a single (binary) column.</summary>
    public bool SingleColumn => _columns == 1;

    public void Reset()
    {
        Array.Clear(_truePositives);
        Array.Clear(_predicted);
        Array.Clear(_actual);
        _columns = 0;
    }

    public void Update(Tensor predictions, Tensor targets)
    {
        int classes = ClassDecoder.Validate(predictions, targets);
        MetricArguments.RequireSameWidth(_columns, predictions.RowSize, "prediction columns", predictions);
        if (_columns == 0)
        {
            if (_actual.Length != classes)
            {
                _truePositives = new long[classes];
                _predicted = new long[classes];
                _actual = new long[classes];
            }

            _columns = predictions.RowSize;
        }

        for (int r = 0; r < predictions.Rows; r++)
        {
            int p = _decoder.Predicted(predictions, r);
            int a = ClassDecoder.Actual(targets, r);
            _predicted[p]++;
            _actual[a]++;
            if (p == a)
            {
                _truePositives[p]++;
            }
        }
    }

    /// <summary>The score of class <paramref name="positiveClass"/>, or the macro average over present classes when it is null.</summary>
    public double Score(ClassScore score, int? positiveClass)
    {
        if (positiveClass is int c)
        {
            return c < ClassCount ? ScoreOf(score, c) : 0;
        }

        double sum = 0;
        int present = 0;
        for (int k = 0; k < ClassCount; k++)
        {
            if (_actual[k] + _predicted[k] > 0)
            {
                sum += ScoreOf(score, k);
                present++;
            }
        }

        return present == 0 ? 0 : sum / present;
    }

    private double ScoreOf(ClassScore score, int c)
    {
        long tp = _truePositives[c];
        long denominator = score switch
        {
            ClassScore.Precision => _predicted[c],
            ClassScore.Recall => _actual[c],
            _ => _predicted[c] + _actual[c], // 2TP + FP + FN
        };
        long numerator = score == ClassScore.F1 ? 2 * tp : tp;
        return denominator == 0 ? 0 : (double)numerator / denominator;
    }
}
