using BenchmarkDotNet.Attributes;

namespace NeuralSharp.Kernels.Bench;

/// <summary>
/// Softmax cross-entropy from logits (<see cref="LossKernels.CategoricalCrossEntropy"/>) on a 128×10 float32 batch
/// with its gradient, targets as class indices (what the trainer passes) and as one-hot rows.
/// </summary>
[MemoryDiagnoser]
public class SoftmaxCrossEntropyBenchmarks
{
    private const int Rows = 128;
    private const int Classes = 10;

    private readonly float[] _logits = BenchData.Uniform(Rows * Classes, 1);
    private readonly float[] _labels = new float[Rows];
    private readonly float[] _oneHot = new float[Rows * Classes];
    private readonly float[] _grad = new float[Rows * Classes];

    [GlobalSetup]
    public void Setup()
    {
        for (int r = 0; r < Rows; r++)
        {
            _labels[r] = r % Classes;
            _oneHot[(r * Classes) + (r % Classes)] = 1;
        }
    }

    [Benchmark(Baseline = true)]
    public double ClassIndices() => LossKernels.CategoricalCrossEntropy<float>(_logits, _labels, _grad, default, Rows, Classes, fromLogits: true);

    [Benchmark]
    public double OneHot() => LossKernels.CategoricalCrossEntropy<float>(_logits, _oneHot, _grad, default, Rows, Classes, fromLogits: true);
}
