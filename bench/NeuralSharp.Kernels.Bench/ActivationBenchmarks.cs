using BenchmarkDotNet.Attributes;
using NeuralSharp.Compute;

namespace NeuralSharp.Kernels.Bench;

/// <summary>
/// <see cref="ActivationKernels"/> on a 128×256 float32 batch (the MLP's first hidden layer at batch 128):
/// forward y = f(x) and backward dx = f′·dy.
/// </summary>
[MemoryDiagnoser]
public class ActivationBenchmarks
{
    private const int Rows = 128;
    private const int Cols = 256;

    private readonly float[] _x = BenchData.Uniform(Rows * Cols, 1);
    private readonly float[] _dy = BenchData.Uniform(Rows * Cols, 2);
    private readonly float[] _reluY = new float[Rows * Cols];
    private readonly float[] _sigmoidY = new float[Rows * Cols];
    private readonly float[] _softmaxY = new float[Rows * Cols];
    private readonly float[] _out = new float[Rows * Cols];

    [GlobalSetup]
    public void Setup()
    {
        // The outputs the backward passes read, as training would have them.
        ActivationKernels.Forward(ActivationFunction.ReLU, 0f, _x, _reluY, Cols);
        ActivationKernels.Forward(ActivationFunction.Sigmoid, 0f, _x, _sigmoidY, Cols);
        ActivationKernels.Forward(ActivationFunction.Softmax, 0f, _x, _softmaxY, Cols);
    }

    [Benchmark]
    public void ReluForward() => ActivationKernels.Forward(ActivationFunction.ReLU, 0f, _x, _out, Cols);

    [Benchmark]
    public void ReluBackward() => ActivationKernels.Backward(ActivationFunction.ReLU, 0f, _x, _reluY, _dy, _out, Cols);

    [Benchmark]
    public void SigmoidForward() => ActivationKernels.Forward(ActivationFunction.Sigmoid, 0f, _x, _out, Cols);

    [Benchmark]
    public void SigmoidBackward() => ActivationKernels.Backward(ActivationFunction.Sigmoid, 0f, _x, _sigmoidY, _dy, _out, Cols);

    [Benchmark]
    public void SoftmaxForward() => ActivationKernels.Forward(ActivationFunction.Softmax, 0f, _x, _out, Cols);

    [Benchmark]
    public void SoftmaxBackward() => ActivationKernels.Backward(ActivationFunction.Softmax, 0f, _x, _softmaxY, _dy, _out, Cols);
}
