using System.Runtime.CompilerServices;
using NeuralSharp.Tensors;

namespace NeuralSharp.Data;

/// <summary>Copies selected rows of a tensor into another: how shuffled mini-batches are assembled without allocating.</summary>
internal static class RowGather
{
    /// <summary>destination row i ← source row indices[i], for i in [0, indices.Length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather(Tensor source, ReadOnlySpan<int> indices, Tensor destination)
    {
        int cols = source.RowSize;
        if (destination.RowSize != cols || destination.Rows < indices.Length || source.DType != destination.DType)
        {
            throw new ArgumentException($"Cannot gather {indices.Length} rows of {source.Shape} into {destination.Shape}.");
        }

        if (source.DType == DType.Float32)
        {
            Gather(source.Float32Span, indices, destination.Float32Span, cols);
        }
        else
        {
            Gather(source.Float64Span, indices, destination.Float64Span, cols);
        }
    }

    /// <summary>A new tensor holding rows [start, start + count) of <paramref name="source"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Tensor Slice(Tensor source, int start, int count)
    {
        int[] dims = source.Shape.ToArray();
        dims[0] = count;
        var result = Tensor.Zeros(new Shape(dims), source.DType);
        int cols = source.RowSize;
        if (source.DType == DType.Float32)
        {
            source.Float32Span.Slice(start * cols, count * cols).CopyTo(result.Float32Span);
        }
        else
        {
            source.Float64Span.Slice(start * cols, count * cols).CopyTo(result.Float64Span);
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Gather<T>(ReadOnlySpan<T> source, ReadOnlySpan<int> indices, Span<T> destination, int cols)
    {
        for (int i = 0; i < indices.Length; i++)
        {
            source.Slice(indices[i] * cols, cols).CopyTo(destination.Slice(i * cols, cols));
        }
    }
}
