namespace NeuralSharp.Kernels.Bench;

/// <summary>Deterministic inputs: the same values in every process BenchmarkDotNet launches.</summary>
internal static class BenchData
{
    /// <summary><paramref name="length"/> values uniform in [-1, 1).</summary>
    public static float[] Uniform(int length, int seed)
    {
        var random = new Random(seed);
        float[] values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (random.NextSingle() * 2) - 1;
        }

        return values;
    }
}
