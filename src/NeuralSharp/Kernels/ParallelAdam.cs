using System.Runtime.CompilerServices;
using NeuralSharp.Tensors;

namespace NeuralSharp.Kernels;

/// <summary>
/// The float32 Adam update split over threads by contiguous element ranges. Why: the update is bound by the divider
/// (a square root and a division per weight, about 1.2 cycles per weight on AVX-512) and by seven float streams per
/// weight; a second core brings its own divider and cache bandwidth. Each element's arithmetic
/// is the same whichever range it falls in, so results are bitwise identical for any thread count.
/// </summary>
internal sealed class ParallelAdam : IWorkShare
{
    /// <summary>Below this many weights the hand-off costs more than it saves.</summary>
    public const int MinElements = 1 << 15;

    [ThreadStatic]
    private static ParallelAdam? t_instance;

    private Tensor? _w, _g, _m, _v;
    private float _lr, _beta1, _beta2, _epsilon, _weightDecay;
    private long _step;
    private bool _decoupled;

    /// <summary>Runs the update on up to <paramref name="threads"/> threads; false when it could not be split.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryRun(Tensor w, Tensor g, Tensor m, Tensor v, float lr, float beta1, float beta2, float epsilon, long step, float weightDecay, bool decoupled, int threads)
    {
        threads = Math.Min(threads, Environment.ProcessorCount);
        if (threads < 2 || w.Length < MinElements)
        {
            return false;
        }

        var job = t_instance ??= new ParallelAdam();
        (job._w, job._g, job._m, job._v) = (w, g, m, v);
        (job._lr, job._beta1, job._beta2, job._epsilon, job._step, job._weightDecay, job._decoupled) = (lr, beta1, beta2, epsilon, step, weightDecay, decoupled);
        bool ran = GemmWorkers.TryRun(job, threads);
        job._w = job._g = job._m = job._v = null;
        return ran;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RunShare(int index, int count, nint argument)
    {
        var (start, end) = WorkShares.Range(_w!.Length, index, count, align: 64); // whole cache lines per share
        int length = end - start;
        if (length <= 0)
        {
            return;
        }

        OptimizerKernels.Adam(
            _w.Float32Span.Slice(start, length),
            _g!.Float32Span.Slice(start, length),
            _m!.Float32Span.Slice(start, length),
            _v!.Float32Span.Slice(start, length),
            _lr, _beta1, _beta2, _epsilon, _step, _weightDecay, _decoupled);
    }
}
