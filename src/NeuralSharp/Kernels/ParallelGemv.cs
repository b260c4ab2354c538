using System.Runtime.CompilerServices;

namespace NeuralSharp.Kernels;

/// <summary>
/// <see cref="Gemv"/> split over the GEMM worker threads by column ranges (multiples of 16). Why: one example's
/// product is bound by how fast the weights stream from cache, and each core streams its own columns from its own
/// L2, where they stay between calls. Each column's sum is computed by one thread in the same order, so the bits
/// do not depend on the thread count.
/// </summary>
internal sealed class ParallelGemv : IWorkShare
{
    /// <summary>Below this many multiply-adds the hand-off costs more than it saves.</summary>
    /// <remarks>Measured with <c>bench -- gemv</c> (1 thread against 2): 784×256 at 30% nonzero inputs (60,000
    /// multiply-adds) 3.0 against 3.3 µs, at 50% (100,000) 6.2 against 4.9; 256×128 with every input nonzero (32,768)
    /// 2.0 against 2.2. At the earlier 16,384, Fashion-MNIST's second layer ran on two threads and lost 0.5 µs.</remarks>
    public const int MinWork = 1 << 16;

    [ThreadStatic]
    private static ParallelGemv? t_instance;

    private float[]? _x, _w, _y;
    private int[]? _rows;
    private int _count, _n, _inputs;
    private GemmPath _path;

    /// <summary>Runs the product on up to <paramref name="threads"/> threads; false (nothing done) when it was not split.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryRun(float[] x, int inputs, int[] rows, int count, float[] w, int n, float[] y, int threads)
    {
        threads = Math.Min(Math.Min(threads, Environment.ProcessorCount), n / 32);
        if (threads < 2 || (long)count * n < MinWork)
        {
            return false;
        }

        Gemv.CheckOperands(x.AsSpan(0, inputs), rows.AsSpan(0, count), w, n, y, 0, n); // once, not per share
        var job = t_instance ??= new ParallelGemv();
        (job._x, job._inputs, job._rows, job._count, job._w, job._n, job._y, job._path) = (x, inputs, rows, count, w, n, y, Gemm.CurrentPath);
        bool ran = GemmWorkers.TryRun(job, threads);
        job._x = job._w = job._y = null;
        job._rows = null;
        return ran;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RunShare(int index, int count)
    {
        var (start, end) = WorkShares.Range(_n, index, count, align: 16);
        if (start < end)
        {
            Gemv.MultiplyPrechecked(_x.AsSpan(0, _inputs), _rows.AsSpan(0, _count), _w, _n, _y, start, end, _path);
        }
    }
}
