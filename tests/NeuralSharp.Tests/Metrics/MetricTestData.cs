using NeuralSharp.Tensors;

namespace NeuralSharp.Tests.Metrics;

/// <summary>Shared fixtures with hand-computed expected values.</summary>
internal static class MetricTestData
{
    // Binary: p > 0.5 gives predicted [1, 0, 1, 0, 1, 0, 1, 0] against y [1, 0, 1, 1, 0, 0, 1, 1].
    // TP = 3 (rows 0, 2, 6), FP = 1 (row 4), FN = 2 (rows 3, 7), TN = 2 (rows 1, 5).
    // sklearn: accuracy 5/8, precision 3/4, recall 3/5, f1 = 2·3/(2·3 + 1 + 2) = 2/3.
    // Per class for the macro averages: class 0 has TP 2, predicted 4, actual 3 → P 1/2, R 2/3, F1 4/7;
    // class 1 → P 3/4, R 3/5, F1 2/3. Macro: P 5/8, R 19/30, F1 13/21.
    public static readonly float[] BinaryProbabilities = [0.9f, 0.2f, 0.6f, 0.4f, 0.7f, 0.1f, 0.8f, 0.3f];

    // The same decisions as logits (z > 0 ⇔ σ(z) > 0.5).
    public static readonly float[] BinaryLogits = [2.2f, -1.4f, 0.4f, -0.4f, 0.8f, -2.2f, 1.4f, -0.8f];

    public static readonly float[] BinaryTargets = [1, 0, 1, 1, 0, 0, 1, 1];

    // Multi-class, the scikit-learn documentation example: y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1].
    // Class 0: TP 2, predicted 3, actual 2 → P 2/3, R 1, F1 4/5; classes 1 and 2: TP 0 → 0.
    // sklearn (average='macro'): precision 2/9 ≈ 0.222, recall 1/3, f1 4/15 ≈ 0.267; accuracy 2/6.
    public static readonly float[,] MultiScores =
    {
        { 0.7f, 0.2f, 0.1f }, // → 0
        { 0.1f, 0.3f, 0.6f }, // → 2
        { 0.2f, 0.5f, 0.3f }, // → 1
        { 0.5f, 0.4f, 0.1f }, // → 0
        { 0.6f, 0.3f, 0.1f }, // → 0
        { 0.3f, 0.4f, 0.3f }, // → 1
    };

    public static readonly float[] MultiIndexTargets = [0, 1, 2, 0, 1, 2];

    public static Tensor Column(float[] values) => Tensor.Column(values);

    public static Tensor OneHot(float[] indices, int classes)
    {
        var t = Tensor.Zeros(indices.Length, classes);
        for (int r = 0; r < indices.Length; r++)
        {
            t[r, (int)indices[r]] = 1;
        }

        return t;
    }

    /// <summary>Rows [start, start + count) of a rows × columns tensor, copied.</summary>
    public static Tensor Slice(Tensor t, int start, int count)
    {
        int cols = t.RowSize;
        var data = t.ToArray().AsSpan(start * cols, count * cols).ToArray();
        return Tensor.FromArray(data, count, cols);
    }
}
