using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralSharp.Kernels;

/// <summary>
/// The last step of a product split into K halves (<see cref="Gemm.SplitsK"/>): C = f(C + partial + bias), split by rows
/// over the worker threads.
/// </summary>
/// <remarks>
/// Each element gets one addition C + partial, in that operand order, whichever thread does it and whether it runs
/// here or tile by tile inside a single-share product (<see cref="TileStore.Add"/>), then the epilogue's own operations;
/// so the bits do not depend on the thread count.
/// </remarks>
internal sealed unsafe class GemmKHalves : IWorkShare
{
    [ThreadStatic]
    private static GemmKHalves? t_instance;

    private float* _c;
    private float* _partial;
    private int _m;
    private int _n;
    private GemmEpilogue _epilogue;
    private GemmPath _path;

    /// <summary>C[m×n] = f(C + partial (+ bias)) on up to <paramref name="threads"/> threads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sum(float* c, float* partial, int m, int n, GemmEpilogue epilogue, GemmPath path, int threads)
    {
        var job = t_instance ??= new GemmKHalves();
        job._c = c;
        job._partial = partial;
        job._m = m;
        job._n = n;
        job._epilogue = epilogue;
        job._path = path;
        if (!GemmWorkers.TryRun(job, Math.Min(threads, m)))
        {
            job.RunShare(0, 1, 0);
        }

        job._c = job._partial = null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RunShare(int index, int count, nint argument)
    {
        var (row0, row1) = WorkShares.Range(_m, index, count);
        if (row0 >= row1)
        {
            return;
        }

        // Rows are contiguous, so the share is one run of (row1 − row0)·n elements.
        nint offset = (nint)row0 * _n;
        AddInto(_c + offset, _partial + offset, (row1 - row0) * _n, _path);
        if (_epilogue.Active)
        {
            _epilogue.Apply(_c + offset, _n, row1 - row0, 0, _n);
        }
    }

    /// <summary>c[i] = c[i] + add[i] for i in [0, <paramref name="length"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddInto(float* c, float* add, int length, GemmPath path)
    {
        int i = 0;
        if (path == GemmPath.Avx512)
        {
            for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512.Store(Vector512.Load(c + i) + Vector512.Load(add + i), c + i);
            }
        }
        else if (path == GemmPath.Vector256)
        {
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.Store(Vector256.Load(c + i) + Vector256.Load(add + i), c + i);
            }
        }

        for (; i < length; i++)
        {
            c[i] += add[i];
        }
    }
}
