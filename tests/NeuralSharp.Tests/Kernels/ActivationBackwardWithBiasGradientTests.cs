using NeuralSharp.Compute;
using NeuralSharp.Tensors;
using static NeuralSharp.Tests.Kernels.KernelTestData;

namespace NeuralSharp.Tests.Kernels;

/// <summary>The backend's fused activation backward + bias gradient against the two operations it replaces.</summary>
[Collection(nameof(WorkerPoolCollection))]
public sealed class ActivationBackwardWithBiasGradientTests
{
    [Theory]
    [InlineData(ActivationFunction.ReLU, 1, 1, 1)]
    [InlineData(ActivationFunction.ReLU, 7, 33, 1)]
    [InlineData(ActivationFunction.ReLU, 128, 256, 1)]
    [InlineData(ActivationFunction.ReLU, 128, 256, 2)]
    [InlineData(ActivationFunction.ReLU, 65, 257, 3)]
    [InlineData(ActivationFunction.Sigmoid, 9, 20, 2)]
    public void Equals_activation_backward_then_sum_rows_bitwise(ActivationFunction f, int rows, int cols, int threads)
    {
        var backend = new CpuBackend(threads);
        float[] xs = Random(rows * cols, 1);
        float[] gs = Random(rows * cols, 2);
        float[] special = [float.NaN, -0f, 0f, float.PositiveInfinity, float.NegativeInfinity];
        for (int i = 0; i < xs.Length; i += 7)
        {
            xs[i] = special[(i / 7) % special.Length];
            gs[(i * 3) % gs.Length] = special[(i / 7 + 2) % special.Length];
        }

        Tensor x = Tensor.FromArray(xs, rows, cols), g = Tensor.FromArray(gs, rows, cols), y = Tensor.Zeros(rows, cols);
        backend.ActivationForward(f, 0, x, y);
        foreach (bool accumulate in new[] { false, true })
        {
            foreach (bool inPlace in new[] { false, true })
            {
                Tensor b0 = Tensor.FromArray(Random(cols, 3), cols);
                Tensor expectedDz = Tensor.Zeros(rows, cols), expectedB = Tensor.FromArray(b0.Float32Span.ToArray(), cols);
                backend.ActivationBackward(f, 0, x, y, g, expectedDz);
                backend.SumRows(expectedDz, expectedB, accumulate);

                Tensor dy = Tensor.FromArray(g.Float32Span.ToArray(), rows, cols);
                Tensor dz = inPlace ? dy : Tensor.Zeros(rows, cols);
                Tensor bias = Tensor.FromArray(b0.Float32Span.ToArray(), cols);
                backend.ActivationBackwardWithBiasGradient(f, 0, f == ActivationFunction.ReLU ? y : x, y, dy, dz, bias, accumulate);
                Assert.Equal(Bits(expectedDz), Bits(dz));
                Assert.Equal(Bits(expectedB), Bits(bias));
            }
        }
    }

    [Fact]
    public void Rejects_a_bias_gradient_that_does_not_match_the_columns()
    {
        var backend = new CpuBackend(1);
        Tensor t = Tensor.Zeros(2, 3);
        var e = Assert.Throws<ArgumentException>(() => backend.ActivationBackwardWithBiasGradient(ActivationFunction.ReLU, 0, t, t, t, Tensor.Zeros(2, 3), Tensor.Zeros(4), false));
        Assert.Contains("Bias gradient (4) does not match rows of (2, 3)", e.Message, StringComparison.Ordinal);
    }

    private static int[] Bits(Tensor t) => [.. t.Float32Span.ToArray().Select(BitConverter.SingleToInt32Bits)];
}
