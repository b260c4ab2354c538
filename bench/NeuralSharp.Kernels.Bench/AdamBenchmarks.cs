using BenchmarkDotNet.Attributes;
using NeuralSharp.Tensors;

namespace NeuralSharp.Kernels.Bench;

/// <summary>
/// The float32 Adam update of the MLP's first weight matrix (784×256 = 200,704 weights): one thread
/// (<see cref="OptimizerKernels.Adam"/>) and split over two (<see cref="ParallelAdam"/>, as CpuBackend runs it).
/// </summary>
[MemoryDiagnoser]
public class AdamBenchmarks
{
    private const float LearningRate = 1e-3f;
    private const float Beta1 = 0.9f;
    private const float Beta2 = 0.999f;
    private const float Epsilon = 1e-7f;

    private readonly Tensor _w = Tensor.FromArray(BenchData.Uniform(784 * 256, 1), 784, 256);
    private readonly Tensor _g = Tensor.FromArray(BenchData.Uniform(784 * 256, 2), 784, 256);
    private readonly Tensor _m = Tensor.Zeros(784, 256);
    private readonly Tensor _v = Tensor.Zeros(784, 256);
    private long _step;

    [Benchmark(Baseline = true)]
    public void SingleThread() =>
        OptimizerKernels.Adam(_w.Float32Span, _g.Float32Span, _m.Float32Span, _v.Float32Span, LearningRate, Beta1, Beta2, Epsilon, ++_step, 0f, false);

    /// <summary>Two threads; on a one-core machine ParallelAdam declines and this runs the single-thread update, as CpuBackend would.</summary>
    [Benchmark]
    public void TwoThreads()
    {
        if (!ParallelAdam.TryRun(_w, _g, _m, _v, LearningRate, Beta1, Beta2, Epsilon, ++_step, 0f, false, threads: 2))
        {
            OptimizerKernels.Adam(_w.Float32Span, _g.Float32Span, _m.Float32Span, _v.Float32Span, LearningRate, Beta1, Beta2, Epsilon, _step, 0f, false);
        }
    }
}
