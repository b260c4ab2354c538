using NeuralSharp.Compute;
using NeuralSharp.Tensors;
using static NeuralSharp.Tests.Kernels.KernelTestData;

namespace NeuralSharp.Tests.Kernels;

/// <summary>The backend's batch dense forward, y = f(x·W + b), against the three separate operations it replaces.</summary>
[Collection(nameof(WorkerPoolCollection))]
public sealed class DenseForwardTests
{
    public static TheoryData<ActivationFunction, bool, int> Cases()
    {
        var data = new TheoryData<ActivationFunction, bool, int>();
        foreach (ActivationFunction f in (ActivationFunction[])[ActivationFunction.Linear, ActivationFunction.ReLU, ActivationFunction.Sigmoid, ActivationFunction.Softmax])
        {
            foreach (bool bias in new[] { false, true })
            {
                foreach (int threads in new[] { 1, 2 })
                {
                    data.Add(f, bias, threads);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Equals_matmul_then_bias_then_activation_bitwise(ActivationFunction f, bool withBias, int threads)
    {
        // 37 rows (three full 12-row tiles and an edge), 45 units (a full and a partial 32-wide panel), 300 inputs.
        const int N = 37, I = 300, U = 45;
        var backend = new CpuBackend(threads);
        Tensor x = Tensor.FromArray(Random(N * I, 1), N, I), w = Tensor.FromArray(Random(I * U, 2), I, U);
        Tensor? b = withBias ? Tensor.FromArray(Random(U, 3), U) : null;
        Tensor expected = Tensor.Zeros(N, U), actual = Tensor.Zeros(N, U);
        actual.Float32Span.Fill(float.NaN);
        backend.MatMul(x, false, w, false, expected, accumulate: false);
        if (b is not null)
        {
            backend.AddRowVector(expected, b);
        }

        backend.ActivationForward(f, 0, expected, expected);
        backend.DenseForward(x, w, b, f, 0, actual);
        Assert.Equal(expected.Float32Span.ToArray().Select(BitConverter.SingleToInt32Bits), actual.Float32Span.ToArray().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Float64_matches_the_separate_operations()
    {
        var backend = new CpuBackend(1);
        Tensor x = Tensor.FromArray([1.0, -2.0, 0.5, 3.0], 2, 2), w = Tensor.FromArray([0.25, -1.0, 2.0, 0.5], 2, 2);
        Tensor b = Tensor.FromArray([0.1, -0.2], 2), y = Tensor.Zeros(new Shape(2, 2), DType.Float64);
        backend.DenseForward(x, w, b, ActivationFunction.ReLU, 0, y);
        double[] expected = [Math.Max(0, (1 * 0.25) + (-2 * 2.0) + 0.1), Math.Max(0, (1 * -1.0) + (-2 * 0.5) - 0.2), Math.Max(0, (0.5 * 0.25) + (3 * 2.0) + 0.1), Math.Max(0, (0.5 * -1.0) + (3 * 0.5) - 0.2)];
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i], y.GetDouble(i), 1e-15);
        }
    }

    [Fact]
    public void Rejects_a_bias_that_does_not_match_the_units()
    {
        var backend = new CpuBackend(1);
        var e = Assert.Throws<ArgumentException>(() => backend.DenseForward(Tensor.Zeros(2, 3), Tensor.Zeros(3, 4), Tensor.Zeros(5), ActivationFunction.ReLU, 0, Tensor.Zeros(2, 4)));
        Assert.Contains("Bias (5) does not match the 4 units of weight (3, 4)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => backend.DenseForward(Tensor.Zeros(2, 3), Tensor.Zeros(4, 4), null, ActivationFunction.ReLU, 0, Tensor.Zeros(2, 4)));
    }
}
