using System.Diagnostics;
using System.Globalization;
using NeuralSharp.Kernels;

namespace NeuralSharp.Bench;

/// <summary>Micro-benchmarks. Usage: <c>gemm [--threads N] [--path Avx512|Vector256|Scalar]</c>.</summary>
internal static class Program
{
    private const string Usage = """
        usage: NeuralSharp.Bench <task> [options] [--json out.json]
          gemm     [--threads N] [--path Avx512|Vector256|Scalar]   GFLOP/s at the MLP's shapes and 1024³, 2048³
          mlp      [--batch 128] [--epochs 5] [--opt adam|sgd] [--threads N] [--latency] [training options]
                   FMNIST-MLP 784-256-128-10: median epoch time of epochs 2..N, test accuracy, peak memory
          tabular  [--batch 32] [--epochs 20] [--threads N] [training options]   TABULAR-SMALL 12-16-8-1: µs per step
          phases   [--batch 128] [--threads N]              the trainer's step replayed phase by phase (MLP and tabular)
          gemv                                                    single-example layer products (the predict path) per shape
          predict-profile [--threads N]                            single-example predict of FMNIST-MLP taken apart, per piece
          predict-floor                                            the same prediction written bare (2 threads, AVX-512) beside the library's
          predict-gather                                           what bounds one core's share of the first layer: kernel, loads alone, packed rows, sequential read
          predict-timeline                                         the two-thread pair on one clock: each share's start and end, the join, the image's fetch
          latency  [--threads N] [training options]                single-example predict after training FMNIST-MLP
        training options (mlp, tabular, latency):
          --seed N             seeds the initial weights and the shuffling (default 0)
          --init default|torch default: NeuralSharp's Dense defaults (He uniform for ReLU, Glorot uniform otherwise,
                               zero biases); torch: PyTorch nn.Linear's default, weights and biases U(±1/√fan_in)
          --epsilon E          Adam's ε (default: NeuralSharp's Adam default, 1e-7; PyTorch's is 1e-8)
        FMNIST_DIR, when set, is the Fashion-MNIST folder (as for bench/peers); else the library locates it.
        """;

    private static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"unexpected argument {args[i]}\n{Usage}");
                return 2;
            }

            bool flag = i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal);
            options[args[i][2..]] = flag ? "true" : args[++i];
        }

        int Int(string name, int fallback) => options.TryGetValue(name, out string? v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        string? json = options.GetValueOrDefault("json");
        int threads = Int("threads", Environment.ProcessorCount);
        string init = options.GetValueOrDefault("init", "default");
        if (init is not ("default" or "torch"))
        {
            Console.Error.WriteLine($"--init {init}: expected default or torch\n{Usage}");
            return 2;
        }

        var training = new TrainingOptions(
            options.TryGetValue("seed", out string? seed) ? ulong.Parse(seed, CultureInfo.InvariantCulture) : 0,
            TorchInit: init == "torch",
            options.TryGetValue("epsilon", out string? epsilon) ? double.Parse(epsilon, CultureInfo.InvariantCulture) : null);
        switch (args[0])
        {
            case "gemm":
                GemmBench.Run(threads == Environment.ProcessorCount && !options.ContainsKey("threads") ? 1 : threads, Enum.Parse<GemmPath>(options.GetValueOrDefault("path", "Auto"), ignoreCase: true), json);
                return 0;
            case "mlp":
                TrainingBench.Mlp(Int("batch", 128), Int("epochs", 5), options.GetValueOrDefault("opt", "adam"), threads, options.ContainsKey("latency"), training, json);
                return 0;
            case "profile":
                StepProfile.Run(threads, Int("batch", 128));
                return 0;
            case "phases":
                StepProfile.Phases(threads, Int("batch", 128));
                return 0;
            case "predict-profile":
                PredictProfile.Run(threads);
                return 0;
            case "predict-floor":
                return PredictFloor.Run();
            case "predict-gather":
                return GatherProfile.Run();
            case "predict-timeline":
                return PredictTimeline.Run();
            case "gemv":
                GemvProfile.Run();
                return 0;
            case "tabular":
                TrainingBench.Tabular(Int("batch", 32), Int("epochs", 20), threads, training, json);
                return 0;
            case "latency":
                TrainingBench.Mlp(128, Int("epochs", 3), "adam", threads, latency: true, training, json);
                return 0;
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }
}

/// <summary>GFLOP/s (2·m·n·k per product; median over repetitions) of <see cref="Gemm.Multiply"/> at MLP and square shapes.</summary>
internal static class GemmBench
{
    private const int Repetitions = 9;
    private const double MinRepSeconds = 0.05;

    public static void Run(int threads, GemmPath path, string? json)
    {
        Gemm.ForcedPath = path;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gemm  path={(path == GemmPath.Auto ? Gemm.BestPath : path)}  threads={threads}  cores={Environment.ProcessorCount}"));
        var results = new List<Dictionary<string, object>>
        {
            Measure("mlp_fwd1_B128", "X·W      128×784·784×256", false, false, 128, 256, 784, threads),
            Measure("mlp_fwd2_B128", "         128×256·256×128", false, false, 128, 128, 256, threads),
            Measure("mlp_dW1_B128", "Xᵀ·dY    784×128·128×256", true, false, 784, 256, 128, threads),
            Measure("mlp_dX1_B128", "dY·Wᵀ    128×256·256×784", false, true, 128, 784, 256, threads),
            Measure("mlp_fwd1_B32", "X·W      32×784·784×256", false, false, 32, 256, 784, threads),
            Measure("mlp_fwd2_B32", "         32×256·256×128", false, false, 32, 128, 256, threads),
            Measure("mlp_dW1_B32", "Xᵀ·dY    784×32·32×256", true, false, 784, 256, 32, threads),
            Measure("mlp_dX1_B32", "dY·Wᵀ    32×256·256×784", false, true, 32, 784, 256, threads),
            Measure("square1024", "         1024³", false, false, 1024, 1024, 1024, threads),
            Measure("square2048", "         2048³", false, false, 2048, 2048, 2048, threads),
        };
        BenchJson.Write(json, new Dictionary<string, object> { ["lib"] = "neuralsharp", ["task"] = "gemm", ["threads"] = threads, ["path"] = (path == GemmPath.Auto ? Gemm.BestPath : path).ToString(), ["results"] = results });
    }

    private static Dictionary<string, object> Measure(string key, string name, bool transposeA, bool transposeB, int m, int n, int k, int threads)
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
        return new Dictionary<string, object> { ["shape"] = key, ["M"] = m, ["N"] = n, ["K"] = k, ["median_gflops"] = rates[Repetitions / 2], ["best_gflops"] = rates[^1] };
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
