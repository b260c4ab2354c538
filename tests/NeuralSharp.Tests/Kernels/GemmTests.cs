using NeuralSharp.Kernels;

namespace NeuralSharp.Tests.Kernels;

[Collection(nameof(WorkerPoolCollection))]
public sealed class GemmTests
{
    private static readonly int[] SmallSizes = [0, 1, 7, 33];

    private static readonly int[] ThreadCounts = [1, 2, 3];

    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int m in SmallSizes)
        {
            foreach (int n in SmallSizes)
            {
                foreach (int k in SmallSizes)
                {
                    data.Add(m, n, k);
                }
            }
        }

        // 257 in each dimension (alone, paired and all three), degenerate zeros beside 257s, and shapes with
        // several k blocks (k > 512) and several B blocks (n > 16 panels of 32).
        data.Add(257, 257, 257);
        data.Add(257, 7, 33);
        data.Add(33, 257, 7);
        data.Add(7, 33, 257);
        data.Add(257, 1, 257);
        data.Add(1, 257, 257);
        data.Add(257, 257, 1);
        data.Add(0, 257, 257);
        data.Add(257, 0, 257);
        data.Add(257, 257, 0);
        data.Add(13, 545, 1030);
        data.Add(40, 96, 600);

        // Threads split by column panels when m ≤ n (37×544: 17 panels, two B blocks) and by row tiles when m > n
        // (150×64: 13 tiles over 2 or 3 threads), so the bitwise check across thread counts covers both shares.
        data.Add(37, 544, 70);
        data.Add(150, 64, 45);

        // B read in place rather than packed (n a multiple of 32, at most Gemm.MaxInPlaceTiles row tiles per share):
        // 40×96 and 37×544 above, 20×64 over three K blocks; 150×64 reads it packed on 1 thread and in place on 2 or
        // 3 (7 or 5 tiles each), so the bitwise check across thread counts compares the two.
        data.Add(20, 64, 1100);

        // Bᵀ packed with 16×16 transposes, then 8×8 ones for the next 8 columns of a panel, then column by column
        // (n = 59: panels of 32 and 27 = 16 + 8 + 3 columns), each over 16- or 8-step blocks and a tail of K steps
        // (k = 37).
        data.Add(13, 59, 37);
        return data;
    }

    internal static IEnumerable<GemmPath> SupportedPaths() =>
        new[] { GemmPath.Avx512, GemmPath.Vector256, GemmPath.Scalar }.Where(Gemm.IsSupported);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesReferenceOnEveryPathAndIsBitwiseIdenticalAcrossThreadsAndPaths(int m, int n, int k)
    {
        var random = new Random((m * 1_000_003) + (n * 1009) + k);
        foreach (bool transposeA in new[] { false, true })
        {
            foreach (bool transposeB in new[] { false, true })
            {
                float[] a = RandomArray(random, m * k);
                float[] b = RandomArray(random, k * n);
                float[] c0 = RandomArray(random, m * n);
                (double[] product, double[] magnitude) = Reference(transposeA, transposeB, m, n, k, a, b);
                foreach (bool accumulate in new[] { false, true })
                {
                    float[]? first = null;
                    foreach (GemmPath path in SupportedPaths())
                    {
                        foreach (int threads in ThreadCounts)
                        {
                            float[] c = (float[])c0.Clone();
                            Run(path, threads > 1, () => Gemm.Multiply(transposeA, transposeB, m, n, k, a, b, c, accumulate, threads));
                            string where = $"m={m} n={n} k={k} tA={transposeA} tB={transposeB} acc={accumulate} path={path} threads={threads}";
                            AssertClose(product, magnitude, accumulate ? c0 : null, c, k, where);
                            if (first is null)
                            {
                                first = c;
                            }
                            else
                            {
                                AssertBitwiseEqual(first, c, where);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The bias + ReLU epilogue gives bitwise the values of the plain product followed by the separate bias and ReLU
    /// passes, on every path and thread count, with and without accumulation, bias and ReLU, including products
    /// that skip the tiles (m ≤ 4, k = 0) and C values that are NaN, −0 or exactly cancel the bias.
    /// </summary>
    [Theory]
    [InlineData(1, 33, 7)]
    [InlineData(4, 257, 33)]
    [InlineData(13, 545, 1030)]
    [InlineData(37, 544, 70)]
    [InlineData(150, 64, 45)]
    [InlineData(128, 10, 128)]
    [InlineData(33, 7, 0)]
    [InlineData(40, 96, 600)]
    [InlineData(300, 40, 301)]
    public void EpilogueMatchesTheSeparateBiasAndReluPasses(int m, int n, int k)
    {
        var random = new Random((m * 31) + n + k);
        float[] a = RandomArray(random, m * k);
        float[] b = RandomArray(random, k * n);
        float[] c0 = RandomArray(random, m * n);
        float[] bias = RandomArray(random, n);
        bias[0] = float.NaN;
        if (n > 2)
        {
            bias[1] = -0f;
            bias[2] = float.NegativeInfinity;
        }

        foreach (bool accumulate in new[] { false, true })
        {
            foreach (bool withBias in new[] { false, true })
            {
                foreach (bool relu in new[] { false, true })
                {
                    float[] expected = (float[])c0.Clone();
                    Gemm.Multiply(false, false, m, n, k, a, b, expected, accumulate, 1);
                    if (withBias)
                    {
                        RowKernels.AddRowVector<float>(expected, bias, m);
                    }

                    if (relu)
                    {
                        ActivationKernels.Forward(NeuralSharp.Compute.ActivationFunction.ReLU, 0f, expected, expected, n);
                    }

                    foreach (GemmPath path in SupportedPaths())
                    {
                        foreach (int threads in ThreadCounts)
                        {
                            float[] c = (float[])c0.Clone();
                            Run(path, threads > 1, () => Gemm.Multiply(false, false, m, n, k, a, b, c, accumulate, threads, withBias ? bias : [], relu));
                            AssertBitwiseEqual(expected, c, $"m={m} n={n} k={k} acc={accumulate} bias={withBias} relu={relu} path={path} threads={threads}");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void EpilogueRejectsABiasOfTheWrongLength()
    {
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 3, 2, new float[4], new float[6], new float[6], false, 1, new float[2], relu: false));
        Assert.Contains("Bias has 2 elements; C has 3 columns", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SteadyStateAllocatesNothingOnTheCallingThread()
    {
        const int M = 128, N = 256, K = 784;
        var random = new Random(7);
        float[] x = RandomArray(random, M * K);
        float[] w = RandomArray(random, K * N);
        float[] y = new float[M * N];
        float[] gradW = new float[K * N];
        float[] gradX = new float[M * K];
        for (int threads = 1; threads <= 2; threads++)
        {
            for (int round = 0; round < 2; round++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int rep = 0; rep < 5; rep++)
                {
                    Gemm.Multiply(false, false, M, N, K, x, w, y, false, threads);
                    Gemm.Multiply(true, false, K, N, M, x, y, gradW, true, threads);
                    Gemm.Multiply(false, true, M, K, N, y, w, gradX, false, threads);
                    Gemm.Multiply(true, true, K, M, N, w, x, gradX, false, threads);
                }

                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

                // The first round warms up scratch buffers, helper threads and JIT tiers.
                if (round > 0)
                {
                    Assert.Equal(0, allocated);
                }
            }
        }
    }

    [Fact]
    public void OverwriteIgnoresPreviousContentsAndZeroKClears()
    {
        float[] c = [float.NaN, float.PositiveInfinity, 3f, -4f];
        Gemm.Multiply(false, false, 2, 2, 0, [], [], c, false, 1);
        Assert.Equal(new float[4], c);

        c = [float.NaN, float.NaN, float.NaN, float.NaN];
        Gemm.Multiply(false, false, 2, 2, 1, [1f, 2f], [3f, 4f], c, false, 1);
        Assert.Equal([3f, 4f, 6f, 8f], c);
    }

    [Fact]
    public void RejectsShortSpans()
    {
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 2, 2, new float[3], new float[4], new float[4], false, 1));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 2, 2, new float[4], new float[3], new float[4], false, 1));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 2, 2, new float[4], new float[4], new float[3], false, 1));
    }

    internal static void Run(GemmPath path, bool forceParallel, Action action)
    {
        Gemm.ForcedPath = path;
        Gemm.ForceParallel = forceParallel;
        try
        {
            action();
        }
        finally
        {
            Gemm.ForcedPath = GemmPath.Auto;
            Gemm.ForceParallel = false;
        }
    }

    /// <summary>Naive triple loop in double: the product and Σₚ |op(A)[i,p]·op(B)[p,j]| (for the error bound).</summary>
    private static (double[] Product, double[] Magnitude) Reference(bool transposeA, bool transposeB, int m, int n, int k, float[] a, float[] b)
    {
        double[] product = new double[m * n];
        double[] magnitude = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0, abs = 0;
                for (int p = 0; p < k; p++)
                {
                    double ap = transposeA ? a[(p * m) + i] : a[(i * k) + p];
                    double bp = transposeB ? b[(j * k) + p] : b[(p * n) + j];
                    sum += ap * bp;
                    abs += Math.Abs(ap * bp);
                }

                product[(i * n) + j] = sum;
                magnitude[(i * n) + j] = abs;
            }
        }

        return (product, magnitude);
    }

    private static void AssertClose(double[] product, double[] magnitude, float[]? c0, float[] actual, int k, string where)
    {
        for (int i = 0; i < product.Length; i++)
        {
            double expected = product[i] + (c0 is null ? 0 : c0[i]);
            double scale = magnitude[i] + (c0 is null ? 0 : Math.Abs(c0[i]));

            // Float32 rounding: each of the k + 1 additions errs by at most 2⁻²⁴ relative; random signs make the
            // total grow like √k, and 8× headroom keeps the bound from being tight.
            double tolerance = (8 * Math.Sqrt(k + 1) * scale / (1 << 24)) + 1e-30;
            if (Math.Abs(actual[i] - expected) > tolerance)
            {
                Assert.Fail($"{where}: element {i} is {actual[i]}, expected {expected} ± {tolerance}.");
            }
        }
    }

    internal static void AssertBitwiseEqual(float[] expected, float[] actual, string where)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{where}: element {i} is {actual[i]}, differs bitwise from {expected[i]}.");
            }
        }
    }

    internal static float[] RandomArray(Random random, int length)
    {
        float[] values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
