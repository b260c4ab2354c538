using System.Diagnostics;
using System.Globalization;
using NeuralSharp.Compute;
using NeuralSharp.Kernels;
using NeuralSharp.Tensors;

namespace NeuralSharp.Bench;

/// <summary>Time of one single-example layer product (the predict path) per shape, thread count and input density.</summary>
internal static class GemvProfile
{
    public static void Run()
    {
        foreach (var (k, n) in new[] { (784, 256), (256, 128), (128, 10) })
        {
            foreach (double density in new[] { 1.0, 0.5 })
            {
                foreach (int threads in new[] { 1, 2 })
                {
                    Measure(k, n, density, threads);
                }
            }
        }
    }

    private static void Measure(int k, int n, double density, int threads)
    {
        var random = new Random(1);
        var x = Tensor.Zeros(1, k);
        var w = Tensor.Zeros(k, n);
        var b = Tensor.Zeros(n);
        var y = Tensor.Zeros(1, n);
        for (int i = 0; i < k; i++)
        {
            x[i] = random.NextDouble() < density ? (float)random.NextDouble() : 0;
        }

        for (int i = 0; i < w.Length; i++)
        {
            w[i] = (float)random.NextDouble();
        }

        var backend = new CpuBackend(threads);
        for (int i = 0; i < 20_000; i++)
        {
            backend.DenseRow(x, w, b, ActivationFunction.ReLU, 0, y);
        }

        double[] samples = new double[20_000];
        for (int i = 0; i < samples.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            backend.DenseRow(x, w, b, ActivationFunction.ReLU, 0, y);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(samples);
        double median = samples[samples.Length / 2];
        double bytes = 4.0 * n * k * density;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"DenseRow {k}×{n} density {density:F1} threads {threads}: median {median:F2} µs, p99 {samples[(int)(samples.Length * 0.99)]:F2} µs, weights read {bytes / median / 1e3:F1} GB/s"));
    }
}
