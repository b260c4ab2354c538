using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NeuralSharp.Compute;
using NeuralSharp.Kernels;
using NeuralSharp.Layers;
using NeuralSharp.Models;
using NeuralSharp.Tensors;

namespace NeuralSharp.Bench;

/// <summary>
/// Where the time of the two-thread first-and-second-layer pair goes, on one clock: when each thread's share starts
/// and ends after the caller starts the job, and how long the caller takes to see the helper finish; and one share
/// run alone on one thread, with the image read from the test set (as a stream of predictions reads it) and with the
/// image already in this core's cache, whose difference is the cost of fetching the image.
/// </summary>
/// <remarks>
/// Why: the shares themselves are bounded by the first layer's weight reads (see <c>predict-gather</c>); what a
/// prediction spends beyond one share is the hand-off (the helper's late start, the caller's late view of its end)
/// and the image's fetch, and this shows each of them. The share is the pair's own work
/// (<see cref="ParallelGemv.DenseColumns"/>, then the second layer's K half), timed from inside with
/// <see cref="Stopwatch.GetTimestamp"/>, the system's monotonic clock, which both cores read alike (on this VM it
/// comes from the CPU's invariant time-stamp counter). AVX-512 and 2 cores only.
/// </remarks>
internal static unsafe class PredictTimeline
{
    private const int Calls = 20_000, Inputs = 784, Hidden1 = 256, Hidden2 = 128, Half = 128;

    public static int Run()
    {
        if (Gemm.BestPath != GemmPath.Avx512 || Environment.ProcessorCount < 2)
        {
            Console.WriteLine($"predict-timeline needs the AVX-512 path (this CPU's is {Gemm.BestPath}) and 2 cores (it has {Environment.ProcessorCount})");
            return 0;
        }

        var (trainX, trainY, testX, _) = Data.FashionMnist.Load(null);
        var model = new Sequential(new Input(Inputs), new Dense(Hidden1, Activation.ReLU), new Dense(Hidden2, Activation.ReLU), new Dense(10, Activation.Softmax));
        model.Build(backend: new CpuBackend(2));
        model.Compile(Losses.Loss.CategoricalCrossEntropy, new Optimizers.Adam());
        model.Fit(trainX, trainY, epochs: 1, batchSize: 128, seed: 1);
        Tensor[] parameters = [.. model.Parameters.Select(p => p.Value)];
        float[] images = testX.ToArray();
        int count = testX.Rows;
        var share = new TimedShare(parameters);
        double toMicroseconds = 1e6 / Stopwatch.Frequency;
        var times = new double[6][];
        for (int i = 0; i < times.Length; i++)
        {
            times[i] = new double[Calls];
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"predict-timeline: the first two layers of FMNIST-MLP on 2 threads, {Calls:N0} test images, medians (µs from the caller's start)"));
        for (int round = 0; round < 3; round++)
        {
            // One share alone on this thread: the image from the test set, then the same image just read by this thread.
            double[] alone = new double[2];
            for (int warm = 0; warm < 2; warm++)
            {
                for (int i = 0; i < Calls; i++)
                {
                    fixed (float* x = &images[i % count * Inputs])
                    {
                        if (warm == 1)
                        {
                            Touch(x);
                        }

                        long t0 = Stopwatch.GetTimestamp();
                        share.RunShare(0, 2, (nint)x);
                        times[0][i] = (Stopwatch.GetTimestamp() - t0) * toMicroseconds;
                    }
                }

                alone[warm] = Median(times[0]);
            }

            // The pair, after warm-up passes lasting half a second (tiered JIT, caches, a spinning helper).
            long warmUntil = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 2);
            for (bool measured = false; ; measured = Stopwatch.GetTimestamp() >= warmUntil)
            {
                for (int i = 0; i < Calls; i++)
                {
                    fixed (float* x = &images[i % count * Inputs])
                    {
                        long t0 = Stopwatch.GetTimestamp();
                        bool ran = GemmWorkers.TryRun(share, 2, (nint)x);
                        long t1 = Stopwatch.GetTimestamp();
                        if (!ran)
                        {
                            Console.WriteLine("predict-timeline: the worker pool was busy; no timing");
                            return 1;
                        }

                        times[0][i] = (t1 - t0) * toMicroseconds;
                        times[1][i] = (share.Start(0) - t0) * toMicroseconds;
                        times[2][i] = (share.End(0) - t0) * toMicroseconds;
                        times[3][i] = (share.Start(1) - t0) * toMicroseconds;
                        times[4][i] = (share.End(1) - t0) * toMicroseconds;
                        times[5][i] = (t1 - Math.Max(share.End(0), share.End(1))) * toMicroseconds;
                    }
                }

                if (measured)
                {
                    break;
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  pair {Median(times[0]),5:F2}   caller's share {Median(times[1]):F2}-{Median(times[2]):F2}   helper's share {Median(times[3]):F2}-{Median(times[4]):F2}   last end to return {Median(times[5]):F2}   one share alone: image from the test set {alone[0]:F2}, image in cache {alone[1]:F2}"));
        }

        return 0;
    }

    private static double Median(double[] values)
    {
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }

    /// <summary>Reads every cache line of an image, so that it is in this core's cache.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Touch(float* x)
    {
        var sum = Vector512<float>.Zero;
        for (int k = 0; k + 16 <= Inputs; k += 16)
        {
            sum += Vector512.Load(x + k);
        }

        return Vector512.Sum(sum);
    }

    /// <summary>The pair's share (see <c>ParallelDensePair.RunShare</c>) with its start and end times, each thread's
    /// on a cache line of its own.</summary>
    private sealed class TimedShare(Tensor[] parameters) : IWorkShare
    {
        private readonly long[] _times = new long[32];
        private readonly float[] _h = new float[Hidden1];
        private readonly float[][] _partials = [new float[Hidden2], new float[Hidden2]];

        [ThreadStatic]
        private static int[]? t_rows;

        public long Start(int index) => Volatile.Read(ref _times[index * 16]);

        public long End(int index) => Volatile.Read(ref _times[(index * 16) + 1]);

        public void RunShare(int index, int count, nint argument)
        {
            long start = Stopwatch.GetTimestamp();
            int[] rows = t_rows ??= new int[Inputs + 16];
            var x = new ReadOnlySpan<float>((float*)argument, Inputs);
            int column = index * Half;
            var columns = ParallelGemv.DenseColumns(x, rows, parameters[0].Float32Segment, Hidden1, parameters[1].Float32Segment, ActivationFunction.ReLU, 0,
                _h, column, column + Half, GemmPath.Avx512);
            int listed = Gemv.NonZeroRows(columns, rows, GemmPath.Avx512);
            Gemv.Product(columns, rows.AsSpan(0, listed), parameters[2].Float32Segment.AsSpan(column * Hidden2), Hidden2, _partials[index], 0, Hidden2, GemmPath.Avx512);
            _times[index * 16] = start;
            _times[(index * 16) + 1] = Stopwatch.GetTimestamp();
        }
    }
}
