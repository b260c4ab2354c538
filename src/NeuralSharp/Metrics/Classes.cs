using NeuralSharp.Tensors;

namespace NeuralSharp.Metrics;

/// <summary>
/// Decodes whole batches into class indices with the same rules the classification metrics use: one prediction
/// column is a binary probability (class 1 when p &gt; threshold) or logit; C &gt; 1 columns give the argmax (ties go
/// to the lowest index); targets are one-hot (C columns) or a class index (1 column).
/// </summary>
public static class Classes
{
    /// <summary>Writes the predicted class of each row of <paramref name="predictions"/> into <paramref name="destination"/>.</summary>
    /// <param name="predictions">N × C predictions; C = 1 means binary.</param>
    /// <param name="destination">At least N elements; element i receives row i's class.</param>
    /// <param name="threshold">Binary only: the probability above which a row is class 1.</param>
    /// <param name="fromLogits">Binary only: the column holds logits, so the boundary is log(threshold / (1 − threshold)).</param>
    public static void Predicted(Tensor predictions, Span<int> destination, double threshold = 0.5, bool fromLogits = false)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ClassDecoder.ClassCount(predictions);
        RequireRoom(predictions, destination);
        var decoder = new ClassDecoder(threshold, fromLogits);
        for (int r = 0; r < predictions.Rows; r++)
        {
            destination[r] = decoder.Predicted(predictions, r);
        }
    }

    /// <summary>Writes the actual class of each row of <paramref name="targets"/> into <paramref name="destination"/>,
    /// checking the targets against <paramref name="predictions"/>' shape as the metrics do.</summary>
    public static void Actual(Tensor predictions, Tensor targets, Span<int> destination)
    {
        ClassDecoder.Validate(predictions, targets);
        RequireRoom(targets, destination);
        for (int r = 0; r < targets.Rows; r++)
        {
            destination[r] = ClassDecoder.Actual(targets, r);
        }
    }

    private static void RequireRoom(Tensor t, Span<int> destination)
    {
        if (destination.Length < t.Rows)
        {
            throw new ArgumentException($"Tensor {t.Shape} has {t.Rows} rows but the destination holds {destination.Length}.", nameof(destination));
        }
    }
}
