using NeuralSharp.Tensors;

namespace NeuralSharp.Tests.Kernels;

/// <summary>Shared inputs and comparisons for the kernel-versus-scalar-reference tests.</summary>
internal static class KernelTestData
{
    /// <summary>Lengths that exercise empty input, a scalar, and SIMD bodies with odd tails.</summary>
    public static TheoryData<int> Lengths => [0, 1, 7, 33, 257];

    /// <summary>Odd rows × cols shapes (rows, cols).</summary>
    public static TheoryData<int, int> Shapes => new() { { 1, 1 }, { 7, 33 }, { 33, 7 }, { 3, 257 }, { 0, 5 } };

    public static float[] Random(int length, ulong seed, double low = -4, double high = 4)
    {
        var random = new RandomSource(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)random.NextUniform(low, high);
        }

        return values;
    }

    /// <summary>Asserts |actual − expected| ≤ abs + rel·|expected| element-wise, naming the first failing index.</summary>
    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double rel = 1e-5, double abs = 1e-6, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i];
            double a = actual[i];
            Assert.True(Math.Abs(a - e) <= abs + (rel * Math.Abs(e)), $"{what}[{i}]: expected {e:G9}, got {a:G9}");
        }
    }

    public static void Close(double expected, double actual, double rel = 1e-5, double abs = 1e-6, string what = "")
        => Assert.True(Math.Abs(actual - expected) <= abs + (rel * Math.Abs(expected)), $"{what}: expected {expected:G9}, got {actual:G9}");
}
