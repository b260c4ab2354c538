using System.Runtime.CompilerServices;
using NeuralSharp.Kernels;
using NeuralSharp.Tensors;

namespace NeuralSharp.Data;

/// <summary>Copies selected rows of a tensor into another: how shuffled mini-batches are assembled without allocating.</summary>
internal static class RowGather
{
    /// <summary>destination row i ← source row indices[i], for i in [0, indices.Length), on up to
    /// <paramref name="threads"/> threads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather(Tensor source, ReadOnlySpan<int> indices, Tensor destination, int threads = 1)
    {
        int cols = source.RowSize;
        if (destination.RowSize != cols || destination.Rows < indices.Length || source.DType != destination.DType)
        {
            throw new ArgumentException($"Cannot gather {indices.Length} rows of {source.Shape} into {destination.Shape}.");
        }

        if (source.DType == DType.Float32)
        {
            if (!ParallelGather.TryRun(source, indices, destination, threads))
            {
                Gather(source.Float32Span, indices, destination.Float32Span, cols);
            }
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

    /// <summary>
    /// A float32 gather split over the GEMM worker threads by destination rows. Why: the source rows of a shuffled
    /// batch are scattered over a data set far larger than the caches, so the copy waits on memory, and a second
    /// core brings a second stream of outstanding misses. It is a copy, so any split gives the same bits.
    /// </summary>
    private sealed class ParallelGather : IWorkShare
    {
        /// <summary>Below this many values the hand-off costs more than the copy.</summary>
        private const int MinValues = 1 << 15;

        [ThreadStatic]
        private static ParallelGather? t_instance;

        private Tensor? _source, _destination;
        private int[] _indices = [];
        private int _rows;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static bool TryRun(Tensor source, ReadOnlySpan<int> indices, Tensor destination, int threads)
        {
            threads = Math.Min(threads, Math.Min(Environment.ProcessorCount, indices.Length));
            if (threads < 2 || (long)indices.Length * source.RowSize < MinValues)
            {
                return false;
            }

            var job = t_instance ??= new ParallelGather();
            if (job._indices.Length < indices.Length)
            {
                // Grows to the batch size once; the step then reuses it (the indices span may live on the caller's stack).
                job._indices = new int[indices.Length];
            }

            indices.CopyTo(job._indices);
            (job._source, job._destination, job._rows) = (source, destination, indices.Length);
            bool ran = GemmWorkers.TryRun(job, threads);
            job._source = job._destination = null;
            return ran;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void RunShare(int index, int count, nint argument)
        {
            var (start, end) = WorkShares.Range(_rows, index, count);
            int cols = _source!.RowSize;
            Gather(_source.Float32Span, _indices.AsSpan(start, end - start), _destination!.Float32Span[(start * cols)..], cols);
        }
    }
}
