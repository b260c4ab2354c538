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
            AddInPlace(y.Slice(i * cols, cols), bias, vectors);
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
            AddInPlace(sums, x.Slice(i * cols, cols), vectors);
        }
    }

    /// <summary>dst[j] = dst[j] + src[j] (in that operand order), Vector&lt;T&gt; then a scalar tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddInPlace<T>(Span<T> dst, ReadOnlySpan<T> src, bool vectors)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int j = 0;
        if (vectors)
        {
            for (; j <= dst.Length - Vector<T>.Count; j += Vector<T>.Count)
            {
                (new Vector<T>(dst[j..]) + new Vector<T>(src[j..])).CopyTo(dst[j..]);
            }
        }

        for (; j < dst.Length; j++)
        {
            dst[j] += src[j];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SumOfSquares<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => double.CreateTruncating(TensorPrimitives.SumOfSquares(x));
}
