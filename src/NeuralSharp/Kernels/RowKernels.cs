using System.Numerics;
using System.Numerics.Tensors;

namespace NeuralSharp.Kernels;

/// <summary>Row-broadcast and reduction kernels over a rows × cols matrix stored row-major.</summary>
internal static class RowKernels
{
    /// <summary>y[i, :] += bias.</summary>
    public static void AddRowVector<T>(Span<T> y, ReadOnlySpan<T> bias, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = bias.Length;
        for (int i = 0; i < rows; i++)
        {
            Span<T> row = y.Slice(i * cols, cols);
            TensorPrimitives.Add(row, bias, row);
        }
    }

    /// <summary>sums (+)= Σᵢ x[i, :], rows added in order (fixed order keeps results reproducible).</summary>
    public static void SumRows<T>(ReadOnlySpan<T> x, Span<T> sums, int rows, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = sums.Length;
        if (!accumulate)
        {
            sums.Clear();
        }

        for (int i = 0; i < rows; i++)
        {
            TensorPrimitives.Add(sums, x.Slice(i * cols, cols), sums);
        }
    }

    public static double SumOfSquares<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => double.CreateTruncating(TensorPrimitives.SumOfSquares(x));
}
