using System.Runtime.CompilerServices;
using NeuralSharp.Kernels;
using NeuralSharp.Tensors;

namespace NeuralSharp.Compute;

// Single-example prediction: one example through a dense layer, or through two at once (see Gemv, ParallelGemv,
// ParallelDensePair), or through an activation. The example and the outputs are spans: the first layer reads the
// caller's input where it lies.
public sealed partial class CpuBackend
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool DenseRowPair(ReadOnlySpan<float> x, Tensor weight1, Tensor? bias1, ActivationFunction function1, double alpha1, Span<float> h,
        Tensor weight2, Tensor? bias2, ActivationFunction function2, double alpha2, Span<float> y)
    {
        ArgumentNullException.ThrowIfNull(weight1);
        ArgumentNullException.ThrowIfNull(weight2);

        // Checked whether or not the pair applies here, so that bad operands fail the same way on every machine.
        CheckRow(x, weight1, bias1, h);
        CheckRow(h, weight2, bias2, y);
        if (h.Overlaps(x) || h.Overlaps(y))
        {
            throw new ArgumentException("DenseRowPair: h shares memory with x or y; only y may share x's.");
        }

        if (!ParallelDensePair.Applies(weight1.Rows, weight1.RowSize, function1, MaxThreads))
        {
            return false;
        }

        return ParallelDensePair.TryRun(
            x, weight1.Float32Segment, weight1.RowSize, bias1?.Float32Segment ?? default, function1, (float)alpha1, h,
            weight2.Float32Segment, weight2.RowSize, bias2?.Float32Segment ?? default, function2, (float)alpha2, y, MaxThreads);
    }

    /// <summary>Throws unless x (inputs values), weight (inputs × units, float32), bias (units, float32) and y (units
    /// values) fit one example.</summary>
    private static void CheckRow(ReadOnlySpan<float> x, Tensor weight, Tensor? bias, ReadOnlySpan<float> y)
    {
        int inputs = weight.Rows, units = weight.RowSize;
        if (weight.DType != DType.Float32 || bias is { DType: not DType.Float32 })
        {
            throw new ArgumentException($"DenseRow: weight {weight.DType}, bias {bias?.DType.ToString() ?? "none"}; the single-example path is Float32.");
        }

        if (x.Length != inputs || y.Length != units || (bias is not null && bias.Length != units))
        {
            throw new ArgumentException($"DenseRow: x {x.Length} values, weight {weight.Shape}, bias {bias?.Shape.ToString() ?? "none"}, y {y.Length} values do not fit one example.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void DenseRow(ReadOnlySpan<float> x, Tensor weight, Tensor? bias, ActivationFunction function, double alpha, Span<float> y)
    {
        ArgumentNullException.ThrowIfNull(weight);
        CheckRow(x, weight, bias, y);
        if (x.Overlaps(y))
        {
            throw new ArgumentException("DenseRow: x and y share memory.");
        }

        ParallelGemv.Run(x, weight.Float32Segment, weight.RowSize, bias?.Float32Segment ?? default, function, (float)alpha, y, MaxThreads);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ActivationRow(ActivationFunction function, double alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"ActivationRow: x has {x.Length} values, y {y.Length}.");
        }

        if (x.Overlaps(y, out int shift) && shift != 0)
        {
            throw new ArgumentException($"ActivationRow: y overlaps x shifted by {shift} values; it may be x itself or apart from it.");
        }

        ActivationKernels.Forward(function, (float)alpha, x, y, x.Length);
    }
}
