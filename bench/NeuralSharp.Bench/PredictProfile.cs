using System.Diagnostics;
using System.Globalization;
using NeuralSharp.Compute;
using NeuralSharp.Kernels;
using NeuralSharp.Layers;
using NeuralSharp.Models;
using NeuralSharp.Tensors;

namespace NeuralSharp.Bench;

/// <summary>
/// Single-example predict taken apart: FMNIST-MLP trained one epoch, then, for each test image in turn, the whole
/// prediction and each of its pieces: every layer's single-example product, the first layer's zero-input scan, its
/// product on one thread, each thread's column share run alone, the parallel product, and an empty hand-off.
/// </summary>
/// <remarks>
/// Why: the gap between the whole layer on two threads and one share alone is the cost of the hand-off and of the
/// helper reading the caller's input across cores; the shares alone show how far the kernel is from the cores' read
/// bandwidth (<c>gemv</c> prints that ceiling).
/// </remarks>
internal static class PredictProfile
{
    private const int Calls = 20_000;

    public static void Run(int threads)
    {
        var (trainX, trainY, testX, _) = Data.FashionMnist.Load(null);
        var backend = new CpuBackend(threads);
        var model = new Sequential(new Input(784), new Dense(256, Activation.ReLU), new Dense(128, Activation.ReLU), new Dense(10, Activation.Softmax));
        model.Build(backend: backend);
        model.Compile(Losses.Loss.CategoricalCrossEntropy, new Optimizers.Adam());
        model.Fit(trainX, trainY, epochs: 1, batchSize: 128, seed: 1);

        Tensor[] weights = [.. model.Parameters.Select(p => p.Value)];
        Tensor[] rows = [Tensor.Zeros(1, 784), Tensor.Zeros(1, 256), Tensor.Zeros(1, 128), Tensor.Zeros(1, 10)];
        ActivationFunction[] functions = [ActivationFunction.ReLU, ActivationFunction.ReLU, ActivationFunction.Softmax];
        float[] output = new float[10];
        int[] nonzero = new int[784 + 16];
        int half = 128;
        string[] names =
        [
            "predict (whole)", "layer 1 (784×256)", "layer 2 (256×128)", "layer 3 (128×10)", "layer 1 zero-input scan",
            "layer 1 product, 1 thread", $"layer 1 product, {threads} threads", "layer 1 columns 0-127 alone",
            "layer 1 columns 128-255 alone", "empty hand-off",
        ];
        double[][] times = [.. names.Select(_ => new double[Calls])];
        long[] stamps = new long[names.Length + 1];
        for (int pass = 0; pass < 2; pass++)
        {
            // Pass 0 warms up (tiered JIT, caches); pass 1 is measured.
            for (int call = 0; call < Calls; call++)
            {
                testX.Float32Span.Slice(call % testX.Rows * 784, 784).CopyTo(rows[0].Float32Span);
                stamps[0] = Stopwatch.GetTimestamp();
                model.Predict(rows[0].Float32Span, output);
                stamps[1] = Stopwatch.GetTimestamp();
                for (int layer = 0; layer < 3; layer++)
                {
                    backend.DenseRow(rows[layer], weights[2 * layer], weights[(2 * layer) + 1], functions[layer], 0, rows[layer + 1]);
                    stamps[layer + 2] = Stopwatch.GetTimestamp();
                }

                int count = Gemv.NonZeroRows(rows[0].Float32Span, nonzero);
                stamps[5] = Stopwatch.GetTimestamp();
                var listed = nonzero.AsSpan(0, count);
                Gemv.Multiply(rows[0].Float32Span, listed, weights[0].Float32Span, 256, rows[1].Float32Span, 0, 256);
                stamps[6] = Stopwatch.GetTimestamp();
                ParallelGemv.TryRun(rows[0].Float32Array, 784, nonzero, count, weights[0].Float32Array, 256, rows[1].Float32Array, threads);
                stamps[7] = Stopwatch.GetTimestamp();
                Gemv.Multiply(rows[0].Float32Span, listed, weights[0].Float32Span, 256, rows[1].Float32Span, 0, half);
                stamps[8] = Stopwatch.GetTimestamp();
                Gemv.Multiply(rows[0].Float32Span, listed, weights[0].Float32Span, 256, rows[1].Float32Span, half, 256);
                stamps[9] = Stopwatch.GetTimestamp();
                GemmWorkers.TryRun(NoWork.Instance, threads);
                stamps[10] = Stopwatch.GetTimestamp();
                for (int piece = 0; piece < names.Length; piece++)
                {
                    times[piece][call] = Stopwatch.GetElapsedTime(stamps[piece], stamps[piece + 1]).TotalMicroseconds;
                }
            }
        }

        Console.WriteLine($"single-example predict of FMNIST-MLP, {threads} threads, {Calls:N0} test images (µs)");
        for (int piece = 0; piece < names.Length; piece++)
        {
            Array.Sort(times[piece]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {names[piece],-32} median {times[piece][Calls / 2],6:F2}  p99 {times[piece][Calls * 99 / 100],6:F2}"));
        }
    }

    /// <summary>A share that does nothing: what remains is the hand-off to the helpers and back.</summary>
    private sealed class NoWork : IWorkShare
    {
        public static readonly NoWork Instance = new();

        public void RunShare(int index, int count)
        {
        }
    }
}
