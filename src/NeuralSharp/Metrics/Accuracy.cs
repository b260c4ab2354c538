using System.Runtime.CompilerServices;
using NeuralSharp.Tensors;

namespace NeuralSharp.Metrics;

/// <summary>
/// Accuracy: (number of rows whose predicted class equals the actual class) / (number of rows).
/// </summary>
/// <remarks>
/// Single-column predictions are binary probabilities (class 1 when p &gt; threshold) or, with <c>fromLogits</c>,
/// logits; C &gt; 1 columns give the argmax of the row, and targets are one-hot or class indices (see <see cref="Metric"/>).
/// </remarks>
public sealed class Accuracy : Metric
{
    private readonly ClassDecoder _decoder;
    private long _correct;
    private long _total;

    /// <param name="threshold">Single-column predictions only: the probability above which a row is class 1.</param>
    /// <param name="fromLogits">Single-column predictions only: they are logits, so the boundary is log(threshold / (1 − threshold)), 0 by default.</param>
    public Accuracy(double threshold = 0.5, bool fromLogits = false) => _decoder = new ClassDecoder(threshold, fromLogits);

    public override string Name => "accuracy";

    /// <inheritdoc/>
    public override Metric Fresh() => new Accuracy(_decoder.Threshold, _decoder.FromLogits);

    public override void Reset()
    {
        _correct = 0;
        _total = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Update(Tensor predictions, Tensor targets)
    {
        ClassDecoder.Validate(predictions, targets);
        _correct += _decoder.CountCorrect(predictions, targets);
        _total += predictions.Rows;
    }

    public override double Result() => _total == 0 ? 0 : (double)_correct / _total;
}
