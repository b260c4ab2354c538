using System.Diagnostics;
using System.Globalization;
using NeuralSharp.Compute;
using NeuralSharp.Data;
using NeuralSharp.Initializers;
using NeuralSharp.Layers;
using NeuralSharp.Losses;
using NeuralSharp.Models;
using NeuralSharp.Optimizers;
using NeuralSharp.Tensors;
using NeuralSharp.Training;

namespace NeuralSharp.Bench;

/// <summary>
/// What the training tasks (mlp, tabular, latency) may vary. <paramref name="Seed"/> seeds the initial weights and
/// the shuffling (<see cref="Sequential.Fit"/>'s seed); <paramref name="TorchInit"/> swaps NeuralSharp's Dense
/// defaults (He/Glorot uniform weights, zero biases) for PyTorch nn.Linear's (weights and biases U(±1/√fan_in));
/// <paramref name="Epsilon"/> overrides Adam's ε (null: the library default, 1e-7).
/// </summary>
internal sealed record TrainingOptions(ulong Seed, bool TorchInit, double? Epsilon);

/// <summary>
/// Whole-run benchmarks, the same tasks as bench/peers: the epoch time covers the whole training loop
/// (shuffle, batch gather, forward, backward, step); evaluation is untimed. Medians of epochs 2..N.
/// </summary>
internal static class TrainingBench
{
    /// <summary>6 × 235,146 weights × 60,000 examples: multiply-adds of forward + two backward products.</summary>
    private const double MlpFlopsPerEpoch = 6.0 * 235_146 * 60_000;

    /// <summary>OpenBLAS's 2-thread AVX-512 peak on this machine class, for the "× floor" column.</summary>
    private const double PeakGflops = 315;

    /// <summary>
    /// PyTorch's nn.Linear default for weights and biases, U(±1/√fan_in) (kaiming_uniform with a = √5), written as
    /// NeuralSharp variance scaling: σ² = (1/3)/fan_in, limit √(3σ²) = 1/√fan_in. Dense passes fan_in to its bias
    /// initializer too.
    /// </summary>
    private static readonly Initializer TorchLinear = new VarianceScaling("torch_linear_uniform", 1.0 / 3, FanMode.In, uniform: true);

    /// <summary>Fashion-MNIST from FMNIST_DIR when set (as for bench/peers), else where the library finds it.</summary>
    public static (Tensor TrainX, Tensor TrainY, Tensor TestX, Tensor TestY) LoadFashionMnist()
    {
        string? dir = Environment.GetEnvironmentVariable("FMNIST_DIR");
        return FashionMnist.Load(string.IsNullOrEmpty(dir) ? null : dir);
    }

    public static void Mlp(int batch, int epochs, string optimizer, int threads, bool latency, TrainingOptions training, string? json)
    {
        var (trainX, trainY, testX, testY) = LoadFashionMnist();
        var model = new Sequential(
            new Input(784),
            NewDense(256, Activation.ReLU, training),
            NewDense(128, Activation.ReLU, training),
            NewDense(10, Activation.Softmax, training));
        model.Build(backend: new CpuBackend(threads));
        Optimizer opt = optimizer == "sgd" ? new Sgd(0.05, momentum: 0.9) : NewAdam(training);
        model.Compile(Loss.CategoricalCrossEntropy, opt);
        var timer = new EpochTimer(epochs);
        model.Fit(trainX, trainY, epochs: epochs, batchSize: batch, seed: training.Seed, callbacks: [timer]);
        double median = timer.MedianFromSecond();
        double accuracy = Accuracy(model.PredictClasses(testX), testY);
        double gflops = MlpFlopsPerEpoch / median / 1e9;
        double floorSeconds = MlpFlopsPerEpoch / (PeakGflops * 1e9);

        // What training must hold: the data (train + test) as float32, parameters with gradients, Adam's two
        // moments, and one batch of activations and their gradients.
        double needed = ((trainX.Length + trainY.Length + testX.Length + testY.Length) * 4.0)
            + (235_146 * 4.0 * (optimizer == "sgd" ? 3 : 4))
            + (batch * (784 + ((256 + 128 + 10) * 4)) * 4.0);
        double peak = BenchJson.PeakRssMib();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"FMNIST-MLP {optimizer} batch {batch} threads {threads}: median epoch {median:F3} s  {60_000 / median:F0} samples/s  {gflops:F0} GFLOP/s  {median / floorSeconds:F2}× floor  test acc {accuracy:F4}  peak RSS {peak:F0} MiB ({peak * 1024 * 1024 / needed:F2}× needed)"));
        var result = new Dictionary<string, object>
        {
            ["peer"] = "neuralsharp",
            ["task"] = "fmnist_mlp",
            ["opt"] = optimizer,
            ["batch"] = batch,
            ["epochs"] = epochs,
            ["threads"] = threads,
            ["seed"] = training.Seed,
            ["init"] = training.TorchInit ? "torch" : "default",
            ["epoch_times"] = timer.Seconds,
            ["median_epoch_s"] = median,
            ["samples_per_s"] = 60_000 / median,
            ["gflops"] = gflops,
            ["x_floor"] = median / floorSeconds,
            ["test_acc"] = accuracy,
            ["needed_mib"] = needed / (1024 * 1024),
        };
        if (opt is Adam adam)
        {
            result["adam_epsilon"] = adam.Epsilon;
        }

        if (latency)
        {
            foreach (var (key, value) in Latency(model, testX))
            {
                result[key] = value;
            }
        }

        BenchJson.Write(json, result);
        result.TryGetValue("peak_rss_mib", out object? rss);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak RSS {rss:F0} MiB"));
    }

    public static void Tabular(int batch, int epochs, int threads, TrainingOptions training, string? json)
    {
        string path = RepoFile("bench/data/tabular_small.csv");
        var table = CsvTable.Load(path, new CsvOptions { Target = "y" });
        var features = table.Columns.Where(c => c.Name != "y").ToArray();
        Tensor x = Tensor.Zeros(table.RowCount, features.Length), y = Tensor.Zeros(table.RowCount, 1);
        for (int r = 0; r < table.RowCount; r++)
        {
            for (int f = 0; f < features.Length; f++)
            {
                x[r, f] = features[f].Values![r];
            }

            y[r] = table["y"].Values![r];
        }

        int[] train = [.. Enumerable.Range(0, 8000)], test = [.. Enumerable.Range(8000, table.RowCount - 8000)];
        var model = new Sequential(
            new Input(12),
            NewDense(16, Activation.ReLU, training),
            NewDense(8, Activation.ReLU, training),
            NewDense(1, Activation.Sigmoid, training));
        model.Build(backend: new CpuBackend(threads));
        Adam adam = NewAdam(training);
        model.Compile(Loss.BinaryCrossEntropy, adam);
        var timer = new EpochTimer(epochs);
        model.Fit(x.SelectRows(train), y.SelectRows(train), epochs: epochs, batchSize: batch, seed: training.Seed, callbacks: [timer]);
        double median = timer.MedianFromSecond();
        int steps = (8000 + batch - 1) / batch;
        double accuracy = Accuracy(model.PredictClasses(x.SelectRows(test)), y.SelectRows(test));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"TABULAR-SMALL batch {batch} threads {threads}: median epoch {median * 1e3:F2} ms  {median / steps * 1e6:F2} µs/step  test acc {accuracy:F4}"));
        BenchJson.Write(json, new Dictionary<string, object>
        {
            ["peer"] = "neuralsharp",
            ["task"] = "tabular_small",
            ["batch"] = batch,
            ["epochs"] = epochs,
            ["threads"] = threads,
            ["seed"] = training.Seed,
            ["init"] = training.TorchInit ? "torch" : "default",
            ["adam_epsilon"] = adam.Epsilon,
            ["epoch_times"] = timer.Seconds,
            ["median_epoch_s"] = median,
            ["us_per_step"] = median / steps * 1e6,
            ["samples_per_s"] = 8000 / median,
            ["test_acc"] = accuracy,
        });
    }

    private static Dense NewDense(int units, Activation activation, TrainingOptions training) =>
        training.TorchInit ? new Dense(units, activation, TorchLinear, TorchLinear) : new Dense(units, activation);

    private static Adam NewAdam(TrainingOptions training) =>
        training.Epsilon is { } epsilon ? new Adam(0.001, epsilon: epsilon) : new Adam(0.001);

    /// <summary>10,000 single-example predictions, three times: median and p99 of each call, and bytes allocated.</summary>
    /// <remarks>The warm-up runs at least 2,000 calls and 0.5 s. Why the time: the runtime recompiles a method with
    /// full optimisation only after 30 calls and 100 ms without new tier-0 code, on a background thread; 2,000 calls
    /// last 10 ms, so the switch happened inside the measured calls, and in some runs its bookkeeping allocated
    /// 6,192 bytes on the calling thread. A serving process measures in that steady state.</remarks>
    private static Dictionary<string, object> Latency(Sequential model, Tensor testX)
    {
        float[] output = new float[10];
        var samples = new List<double>(30_000);
        long allocated = 0;
        long warmUntil = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 2);
        for (int warm = 0; warm < 2_000 || Stopwatch.GetTimestamp() < warmUntil; warm++)
        {
            model.Predict(testX.Float32Span.Slice((warm % testX.Rows) * 784, 784), output);
        }

        for (int repeat = 0; repeat < 3; repeat++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++)
            {
                ReadOnlySpan<float> row = testX.Float32Span.Slice((i % testX.Rows) * 784, 784);
                long start = Stopwatch.GetTimestamp();
                model.Predict(row, output);
                samples.Add(BenchClock.MicrosecondsSince(start));
            }

            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        samples.Sort();
        double median = samples[samples.Count / 2], p99 = samples[(int)(samples.Count * 0.99)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"single-example predict: median {median:F2} µs, p99 {p99:F2} µs, {allocated} bytes allocated over 30,000 calls"));
        return new Dictionary<string, object> { ["median_us"] = median, ["p99_us"] = p99, ["allocated_bytes"] = allocated };
    }

    private static double Accuracy(int[] predicted, Tensor labels)
    {
        int correct = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            correct += predicted[i] == (int)labels[i] ? 1 : 0;
        }

        return (double)correct / predicted.Length;
    }

    private static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.GetFullPath(relative);
    }

    /// <summary>Wall time of each epoch.</summary>
    private sealed class EpochTimer(int epochs) : ITrainingCallback
    {
        private long _start;

        public List<double> Seconds { get; } = new(epochs);

        public void OnEpochBegin(TrainingContext context, int epoch) => _start = Stopwatch.GetTimestamp();

        public void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs) =>
            Seconds.Add(Stopwatch.GetElapsedTime(_start).TotalSeconds);

        public double MedianFromSecond()
        {
            var s = Seconds.Count > 1 ? Seconds.Skip(1).Order().ToList() : [.. Seconds];
            return s.Count % 2 == 1 ? s[s.Count / 2] : (s[(s.Count / 2) - 1] + s[s.Count / 2]) / 2;
        }
    }
}
