using NeuralSharp.Compute;
using NeuralSharp.Optimizers;
using NeuralSharp.Tensors;

namespace NeuralSharp.Tests.Optimizers;

/// <summary>A 2-element float64 parameter w = [1, −2] with the fixed gradient g = [0.5, −1] on every step.</summary>
internal static class OptimizerTestData
{
    public static Parameter Weight(string name = "w", double[]? value = null) => new(name, Tensor.FromArray(value ?? [1.0, -2.0], 2));

    /// <summary>Takes <paramref name="steps"/> steps, setting the gradient to <paramref name="gradient"/> before each.</summary>
    public static double[] Run(Optimizer optimizer, Parameter p, int steps = 2, double[]? gradient = null)
    {
        optimizer.Backend = new CpuBackend(1);
        for (int s = 0; s < steps; s++)
        {
            p.Gradient.CopyFrom((ReadOnlySpan<double>)(gradient ?? [0.5, -1.0]));
            optimizer.Step([p]);
        }

        return p.Value.ToDoubleArray();
    }

    public static void Near(double[] expected, double[] actual, double tolerance = 1e-12)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"[{i}]: expected {expected[i]:G17}, got {actual[i]:G17}");
        }
    }
}
