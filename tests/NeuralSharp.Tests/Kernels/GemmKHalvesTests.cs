using NeuralSharp.Kernels;

namespace NeuralSharp.Tests.Kernels;

/// <summary>
/// Products whose K is cut in two halves (<see cref="Gemm.SplitsK"/>) give each element exactly
/// fl(chain over the first half + chain over the second), and every other product exactly one chain over all of K,
/// on every code path and thread count, whichever way the threads divide the work (by K halves, columns or rows) and
/// through the few-row kernel (m ≤ 4).
/// </summary>
[Collection(nameof(WorkerPoolCollection))]
public sealed class GemmKHalvesTests
{
    [Theory]
    [InlineData(5, 70, 600, false)]   // threads take the K halves (k ≥ 2m), partial tiles in both dimensions
    [InlineData(12, 64, 256, false)]  // shortest K that is halved
    [InlineData(40, 96, 1024, true)]  // longest K that is halved
    [InlineData(200, 33, 301, false)] // halved, but threads split rows (k < 2m): each adds its own second half
    [InlineData(3, 100, 513, true)]   // the few-row kernel
    [InlineData(1, 257, 300, false)]
    [InlineData(24, 40, 255, true)]   // not halved: one chain
    [InlineData(24, 40, 1025, false)] // not halved: two K blocks of one chain
    public void EachElementIsItsDefinedSumOnEveryPathAndThreadCount(int m, int n, int k, bool transposeA)
    {
        var random = new Random((m * 7919) + (n * 31) + k);
        float[] a = GemmTests.RandomArray(random, m * k);
        float[] b = GemmTests.RandomArray(random, k * n);
        float[] c0 = GemmTests.RandomArray(random, m * n);
        bool halved = Gemm.SplitsK(transposeB: false, k);
        Assert.Equal(k is >= 256 and <= 1024, halved);
        foreach (bool accumulate in new[] { false, true })
        {
            float[] expected = Expected(m, n, k, a, b, c0, transposeA, accumulate, halved);
            foreach (GemmPath path in GemmTests.SupportedPaths())
            {
                foreach (int threads in new[] { 1, 2, 3 })
                {
                    float[] c = (float[])c0.Clone();
                    GemmTests.Run(path, threads > 1, () => Gemm.Multiply(transposeA, false, m, n, k, a, b, c, accumulate, threads));
                    GemmTests.AssertBitwiseEqual(expected, c, $"m={m} n={n} k={k} tA={transposeA} acc={accumulate} path={path} threads={threads}");
                }
            }
        }
    }

    [Fact]
    public void ATransposedBIsNeverHalved()
    {
        Assert.False(Gemm.SplitsK(transposeB: true, 600));
        Assert.True(Gemm.SplitsK(transposeB: false, 600));
    }

    /// <summary>C (+)= A·B element by element with scalar fused multiply-adds, in the order the kernels promise.</summary>
    private static float[] Expected(int m, int n, int k, float[] a, float[] b, float[] c0, bool transposeA, bool accumulate, bool halved)
    {
        int kc = halved ? Gemm.FirstKHalf(k) : k;
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float Chain(float start, int p0, int p1)
                {
                    float sum = start;
                    for (int p = p0; p < p1; p++)
                    {
                        float ap = transposeA ? a[(p * m) + i] : a[(i * k) + p];
                        sum = MathF.FusedMultiplyAdd(ap, b[(p * n) + j], sum);
                    }

                    return sum;
                }

                float first = Chain(accumulate ? c0[(i * n) + j] : 0f, 0, kc);
                c[(i * n) + j] = halved ? first + Chain(0f, kc, k) : first;
            }
        }

        return c;
    }
}
