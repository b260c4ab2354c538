using System.Runtime.CompilerServices;
using System.Numerics;
using System.Numerics.Tensors;

namespace NeuralSharp.Kernels;

/// <summary>Row-broadcast and reduction kernels over a rows × cols matrix stored row-major.</summary>
/// <remarks>Why inline Vector&lt;T&gt; loops rather than one TensorPrimitives call per row: for narrow layers
/// (16 columns) the per-call overhead was most of the cost.</remarks>
internal static class RowKernels
{
    /// <summary>y[i, :] += bias.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddRowVector<T>(Span<T> y, ReadOnlySpan<T> bias, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = bias.Length;
        bool vectors = KernelDispatch.UseVectors<T>();
        for (int i = 0; i < rows; i++)
        {
            Span<T> row = y.Slice(i * cols, cols);
            int j = 0;
            if (vectors)
            {
                for (; j <= cols - Vector<T>.Count; j += Vector<T>.Count)
                {
                    (new Vector<T>(row[j..]) + new Vector<T>(bias[j..])).CopyTo(row[j..]);
                }
            }

            for (; j < cols; j++)
            {
                row[j] += bias[j];
            }
        }
    }

    /// <summary>sums (+)= Σᵢ x[i, :], rows added in order (fixed order keeps results reproducible).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SumRows<T>(ReadOnlySpan<T> x, Span<T> sums, int rows, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = sums.Length;
        if (!accumulate)
        {
            sums.Clear();
        }

        bool vectors = KernelDispatch.UseVectors<T>();
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<T> row = x.Slice(i * cols, cols);
            int j = 0;
            if (vectors)
            {
                for (; j <= cols - Vector<T>.Count; j += Vector<T>.Count)
                {
                    (new Vector<T>(sums[j..]) + new Vector<T>(row[j..])).CopyTo(sums[j..]);
                }
            }

            for (; j < cols; j++)
            {
                sums[j] += row[j];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SumOfSquares<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => double.CreateTruncating(TensorPrimitives.SumOfSquares(x));
}
