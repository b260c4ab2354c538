using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NeuralSharp.Compute;
using NeuralSharp.Kernels;
using NeuralSharp.Tensors;

namespace NeuralSharp.Bench;

/// <summary>Time of one single-example layer product (the predict path) per shape, thread count and input density.</summary>
internal static class GemvProfile
{
    public static void Run()
    {
        ReadCeiling();
        foreach (var (k, n) in new[] { (784, 256), (256, 128), (128, 10), (784, 96) })
        {
            foreach (double density in new[] { 1.0, 0.5, 0.3 })
            {
                foreach (int threads in new[] { 1, 2 })
                {
                    Measure(k, n, density, threads);
                }
            }
        }
    }

    /// <summary>
    /// The ceiling for the GEMV: one core summing a buffer the size of the first layer's weights (784 KB, cache
    /// resident after the first pass) and a 32 KB one (L1) with eight independent accumulators, with 256-bit loads
    /// and, where the CPU has them, 512-bit loads (the GEMV's).
    /// </summary>
    private static void ReadCeiling()
    {
        foreach (int width in Vector512.IsHardwareAccelerated ? new[] { 256, 512 } : [256])
        {
            foreach (int kib in new[] { 32, 784 })
            {
                float[] data = new float[kib * 256];
                double seconds = double.MaxValue;
                float sink = 0;
                for (int rep = 0; rep < 7; rep++)
                {
                    long start = Stopwatch.GetTimestamp();
                    for (int pass = 0; pass < 200; pass++)
                    {
                        sink += width == 512 ? Sum512(data) : Sum256(data);
                    }

                    seconds = Math.Min(seconds, Stopwatch.GetElapsedTime(start).TotalSeconds / 200);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"read ceiling, 1 core, {width}-bit loads, {kib} KB buffer: {data.Length * 4.0 / seconds / 1e9:F1} GB/s (checksum {sink})"));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Sum256(float[] data)
    {
        var span = MemoryMarshal.Cast<float, Vector256<float>>(data.AsSpan());
        Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        for (int i = 0; i + 8 <= span.Length; i += 8)
        {
            s0 += span[i];
            s1 += span[i + 1];
            s2 += span[i + 2];
            s3 += span[i + 3];
            s4 += span[i + 4];
            s5 += span[i + 5];
            s6 += span[i + 6];
            s7 += span[i + 7];
        }

        return Vector256.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Sum512(float[] data)
    {
        var span = MemoryMarshal.Cast<float, Vector512<float>>(data.AsSpan());
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        for (int i = 0; i + 8 <= span.Length; i += 8)
        {
            s0 += span[i];
            s1 += span[i + 1];
            s2 += span[i + 2];
            s3 += span[i + 3];
            s4 += span[i + 4];
            s5 += span[i + 5];
            s6 += span[i + 6];
            s7 += span[i + 7];
        }

        return Vector512.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7);
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
            backend.DenseRow(x.Float32Span, w, b, ActivationFunction.ReLU, 0, y.Float32Span);
        }

        double[] samples = new double[20_000];
        for (int i = 0; i < samples.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            backend.DenseRow(x.Float32Span, w, b, ActivationFunction.ReLU, 0, y.Float32Span);
            samples[i] = BenchClock.MicrosecondsSince(start);
        }

        Array.Sort(samples);
        double median = samples[samples.Length / 2];
        double bytes = 4.0 * n * k * density;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"DenseRow {k}×{n} density {density:F1} threads {threads}: median {median:F2} µs, p99 {samples[(int)(samples.Length * 0.99)]:F2} µs, weights read {bytes / median / 1e3:F1} GB/s"));
    }
}
