using System.Diagnostics;
using System.Globalization;
using NeuralSharp.Kernels;

namespace NeuralSharp.Bench;

/// <summary>Micro-benchmarks. Usage: <c>gemm [--threads N] [--path Avx512|Vector256|Scalar]</c>.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] != "gemm")
        {
            Console.Error.WriteLine("usage: NeuralSharp.Bench gemm [--threads N] [--path Avx512|Vector256|Scalar]");
            return 2;
        }

        int threads = 1;
        GemmPath path = GemmPath.Auto;
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--threads":
                    threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--path":
                    path = Enum.Parse<GemmPath>(args[i + 1], ignoreCase: true);
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }

        GemmBench.Run(threads, path);
        return 0;
    }
}

/// <summary>GFLOP/s (2·m·n·k per product; median over repetitions) of <see cref="Gemm.Multiply"/> at MLP and square shapes.</summary>
internal static class GemmBench
{
    private const int Repetitions = 9;
    private const double MinRepSeconds = 0.05;

    public static void Run(int threads, GemmPath path)
    {
        Gemm.ForcedPath = path;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gemm  path={(path == GemmPath.Auto ? Gemm.BestPath : path)}  threads={threads}  cores={Environment.ProcessorCount}"));
        Measure("X·W      128×784·784×256", false, false, 128, 256, 784, threads);
        Measure("         128×256·256×128", false, false, 128, 128, 256, threads);
        Measure("Xᵀ·dY    784×128·128×256", true, false, 784, 256, 128, threads);
        Measure("dY·Wᵀ    128×256·256×784", false, true, 128, 784, 256, threads);
        Measure("         1024³", false, false, 1024, 1024, 1024, threads);
        Measure("         2048³", false, false, 2048, 2048, 2048, threads);
    }

    private static void Measure(string name, bool transposeA, bool transposeB, int m, int n, int k, int threads)
    {
        var random = new Random(1);
        float[] a = Fill(random, m * k);
        float[] b = Fill(random, k * n);
        float[] c = new float[m * n];
        double flops = 2.0 * m * n * k;

        // Warm up (JIT tiers, scratch buffers, helper threads), then calibrate: enough calls per repetition to
        // run MinRepSeconds.
        long warmUntil = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 5);
        while (Stopwatch.GetTimestamp() < warmUntil)
        {
            Time(transposeA, transposeB, m, n, k, a, b, c, threads, 1);
        }

        int calls = 1;
        while (true)
        {
            double seconds = Time(transposeA, transposeB, m, n, k, a, b, c, threads, calls);
            if (seconds >= MinRepSeconds)
            {
                break;
            }

            calls = Math.Max(calls * 2, (int)(calls * MinRepSeconds / Math.Max(seconds, 1e-6)));
        }

        double[] rates = new double[Repetitions];
        for (int r = 0; r < Repetitions; r++)
        {
            rates[r] = flops * calls / Time(transposeA, transposeB, m, n, k, a, b, c, threads, calls) / 1e9;
        }

        Array.Sort(rates);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-28} {rates[Repetitions / 2],8:F1} GFLOP/s   (min {rates[0]:F1}, max {rates[^1]:F1})"));
    }

    private static double Time(bool transposeA, bool transposeB, int m, int n, int k, float[] a, float[] b, float[] c, int threads, int calls)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++)
        {
            Gemm.Multiply(transposeA, transposeB, m, n, k, a, b, c, false, threads);
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static float[] Fill(Random random, int length)
    {
        float[] values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
