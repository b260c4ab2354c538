using System.Runtime.CompilerServices;
using NeuralSharp.Kernels;
using NeuralSharp.Tensors;

namespace NeuralSharp.Compute;

// Single-example prediction: one example through a dense layer, or through two at once (see Gemv, ParallelGemv,
// ParallelDensePair).
public sealed partial class CpuBackend
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool DenseRowPair(Tensor x, Tensor weight1, Tensor? bias1, ActivationFunction function1, double alpha1, Tensor h,
        Tensor weight2, Tensor? bias2, ActivationFunction function2, double alpha2, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight1);
        ArgumentNullException.ThrowIfNull(h);
        ArgumentNullException.ThrowIfNull(weight2);
        ArgumentNullException.ThrowIfNull(y);
        if (x.DType != DType.Float32 || !ParallelDensePair.Applies(weight1.Rows, weight1.RowSize, function1, MaxThreads))
        {
            return false;
        }

        SameDType(x, weight1, h);
        SameDType(h, weight2, y);
        CheckRow(x, weight1, bias1, h);
        CheckRow(h, weight2, bias2, y);
        return ParallelDensePair.TryRun(
            x.Float32Segment, weight1.Float32Segment, weight1.RowSize, bias1?.Float32Segment ?? default, function1, (float)alpha1, h.Float32Segment,
            weight2.Float32Segment, weight2.RowSize, bias2?.Float32Segment ?? default, function2, (float)alpha2, y.Float32Segment, MaxThreads);
    }

    /// <summary>Throws unless x (1 × inputs), weight (inputs × units), bias (units) and y (1 × units) fit one example.</summary>
    private static void CheckRow(Tensor x, Tensor weight, Tensor? bias, Tensor y)
    {
        int inputs = weight.Rows, units = weight.RowSize;
        if (x.Length != inputs || y.Length != units || (bias is not null && (bias.Length != units || bias.DType != y.DType)))
        {
            throw new ArgumentException($"DenseRow: x {x.Shape}, weight {weight.Shape}, bias {bias?.Shape.ToString() ?? "none"}, y {y.Shape} do not fit one example.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void DenseRow(Tensor x, Tensor weight, Tensor? bias, ActivationFunction function, double alpha, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(y);
        SameDType(x, weight, y);
        CheckRow(x, weight, bias, y);
        int inputs = weight.Rows, units = weight.RowSize;

        if (x.DType == DType.Float32)
        {
            if (ParallelGemv.TryRun(x.Float32Segment, weight.Float32Segment, units, bias?.Float32Segment ?? default, function, (float)alpha, y.Float32Segment, MaxThreads))
            {
                return;
            }

            int[] rows = ParallelGemv.RowList(inputs);
            int count = Gemv.NonZeroRows(x.Float32Span, rows);

            // The list holds indices into x by construction; only the shapes need checking.
            Gemv.CheckOperands(x.Float32Span, [], weight.Float32Span, units, y.Float32Span, 0, units);
            Gemv.MultiplyPrechecked(x.Float32Span, rows.AsSpan(0, count), weight.Float32Span, units, y.Float32Span, 0, units, Gemm.CurrentPath);
        }
        else
        {
            MatMul(x, false, weight, false, y, accumulate: false);
        }

        AddBiasAndActivate(y, bias, function, alpha);
    }
}
