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
/// product on one thread, each thread's column share run alone, the parallel product, an empty hand-off, and the fused
/// first two layers reading the image where it lies (as predict does) and from a copy this thread has just written.
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
            "layer 1 columns 128-255 alone", "empty hand-off", "layers 1+2 pair, image in place", "layers 1+2 pair, image copied",
        ];
        ArraySegment<float> images = testX.Float32Segment;
        Span<float> Image(int call) => images.AsSpan(call % testX.Rows * 784, 784);

        // Each piece runs in a pass of its own over the test images, as a stream of predictions would run it: mixing
        // the pieces in one pass makes every core read all of the weights on every call, which no prediction does.
        Action<int>[] pieces =
        [
            call => model.Predict(Image(call), output),
            call => backend.DenseRow(Image(call), weights[0], weights[1], functions[0], 0, rows[1].Float32Span),
            _ => backend.DenseRow(rows[1].Float32Span, weights[2], weights[3], functions[1], 0, rows[2].Float32Span),
            _ => backend.DenseRow(rows[2].Float32Span, weights[4], weights[5], functions[2], 0, rows[3].Float32Span),
            _ => Gemv.NonZeroRows(rows[0].Float32Span, nonzero),
            _ => Gemv.Multiply(rows[0].Float32Span, nonzero.AsSpan(0, Gemv.NonZeroRows(rows[0].Float32Span, nonzero)), weights[0].Float32Span, 256, rows[1].Float32Span, 0, 256),
            call => ParallelGemv.TryRun(Image(call), weights[0].Float32Segment, 256, default, ActivationFunction.Linear, 0, rows[1].Float32Span, threads),
            _ => Gemv.Multiply(rows[0].Float32Span, nonzero.AsSpan(0, Gemv.NonZeroRows(rows[0].Float32Span, nonzero)), weights[0].Float32Span, 256, rows[1].Float32Span, 0, half),
            _ => Gemv.Multiply(rows[0].Float32Span, nonzero.AsSpan(0, Gemv.NonZeroRows(rows[0].Float32Span, nonzero)), weights[0].Float32Span, 256, rows[1].Float32Span, half, 256),
            _ => GemmWorkers.TryRun(NoWork.Instance, threads),
            call => ParallelDensePair.TryRun(Image(call), weights[0].Float32Segment, 256, weights[1].Float32Segment, ActivationFunction.ReLU, 0, rows[1].Float32Span,
                weights[2].Float32Segment, 128, weights[3].Float32Segment, ActivationFunction.ReLU, 0, rows[2].Float32Span, threads),
            _ => ParallelDensePair.TryRun(rows[0].Float32Span, weights[0].Float32Segment, 256, weights[1].Float32Segment, ActivationFunction.ReLU, 0, rows[1].Float32Span,
                weights[2].Float32Segment, 128, weights[3].Float32Segment, ActivationFunction.ReLU, 0, rows[2].Float32Span, threads),
        ];
        double[][] times = [.. names.Select(_ => new double[Calls])];
        for (int piece = 0; piece < pieces.Length; piece++)
        {
            // Warm-up passes until half a second has gone (tiered JIT, caches), then one measured pass. Why the time:
            // the runtime waits 100 ms before it starts optimising hot methods, and one pass of 20,000 predictions is
            // shorter, so the whole prediction was timed partly unoptimised (4.7 µs against the latency task's 3.7).
            long warmUntil = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 2);
            for (bool measured = false; ; measured = Stopwatch.GetTimestamp() >= warmUntil)
            {
                // A layer's input is the previous layer's output for the same image, computed before the clock
                // starts. The pieces that read the image in place get it untouched by this thread, as a stream of
                // predictions would; the others read a copy of it.
                for (int call = 0; call < Calls; call++)
                {
                    if (piece is not (0 or 1 or 6 or 10))
                    {
                        Image(call).CopyTo(rows[0].Float32Span);
                    }

                    int layer = piece is 2 or 3 ? piece - 1 : 0;
                    for (int before = 0; before < layer; before++)
                    {
                        backend.DenseRow(rows[before].Float32Span, weights[2 * before], weights[(2 * before) + 1], functions[before], 0, rows[before + 1].Float32Span);
                    }

                    long start = Stopwatch.GetTimestamp();
                    pieces[piece](call);
                    times[piece][call] = BenchClock.MicrosecondsSince(start);
                }

                if (measured)
                {
                    break;
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

        public void RunShare(int index, int count, nint argument)
        {
        }
    }
}
