using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NeuralSharp.Compute;
using NeuralSharp.Kernels;
using NeuralSharp.Layers;
using NeuralSharp.Models;

namespace NeuralSharp.Bench;

/// <summary>
/// How fast a single-example prediction of FMNIST-MLP can be on this machine with the library's algorithm: the same
/// prediction written bare, outside the library, beside <see cref="Sequential.Predict(ReadOnlySpan{float}, Span{float})"/>
/// on the same trained weights and test images.
/// </summary>
/// <remarks>
/// <para>Why: the predict target (≤ 3 µs median) was not met, and this says how much of a prediction is the library's
/// plumbing and how much the algorithm on this machine. The bare version keeps only what the algorithm needs: two
/// threads, one spin flag each way (the helper spins all the time), and the library's own kernels (the nonzero-input
/// list, the GEMV): each thread lists the image's nonzero pixels, computes its 128 first-layer columns in two K
/// halves, adds them, the bias and ReLU, then its K half of the second layer; the caller adds the halves, the bias and
/// ReLU, runs the last layer (one register, the weights padded to 16 columns) and a softmax. No checks, no worker
/// pool, no layers, no fallbacks. Its sums are the library's (same order), so its probabilities agree to the
/// softmax's rounding.</para>
/// <para>AVX-512 and 2 cores only; weights and the image stay where a stream of predictions leaves them.</para>
/// </remarks>
internal static unsafe class PredictFloor
{
    private const int Calls = 20_000;

    /// <summary>Runs the comparison; 1 when the bare prediction disagrees with the library's, else 0.</summary>
    public static int Run()
    {
        // The library's own best path must be AVX-512 too (where the runtime keeps vectors at 256 bits, it is not), or
        // the gap would be the kernels' width, not the plumbing.
        if (Gemm.BestPath != GemmPath.Avx512 || Environment.ProcessorCount < 2)
        {
            Console.WriteLine($"predict-floor needs the AVX-512 path (this CPU's is {Gemm.BestPath}) and 2 cores (it has {Environment.ProcessorCount})");
            return 0;
        }

        var (trainX, trainY, testX, _) = Data.FashionMnist.Load(null);
        var model = new Sequential(new Input(784), new Dense(256, Activation.ReLU), new Dense(128, Activation.ReLU), new Dense(10, Activation.Softmax));
        model.Build(backend: new CpuBackend(2));
        model.Compile(Losses.Loss.CategoricalCrossEntropy, new Optimizers.Adam());
        model.Fit(trainX, trainY, epochs: 1, batchSize: 128, seed: 1);
        float[][] parameters = [.. model.Parameters.Select(p => p.Value.ToArray())];
        float[] images = testX.ToArray();

        // The check: the library's probabilities first, then the bare ones (the bare helper never parks, so the two
        // do not run at the same time).
        float[] expected = new float[10], actual = new float[10];
        float[] library = new float[testX.Rows * 10];
        for (int i = 0; i < testX.Rows; i++)
        {
            model.Predict(images.AsSpan(i * 784, 784), library.AsSpan(i * 10, 10));
        }

        double largest = 0;
        int disagree = 0;
        using (var bare = new BarePredictor(parameters))
        {
            for (int i = 0; i < testX.Rows; i++)
            {
                bare.Predict(images.AsSpan(i * 784, 784), actual);
                library.AsSpan(i * 10, 10).CopyTo(expected);
                for (int j = 0; j < 10; j++)
                {
                    largest = Math.Max(largest, Math.Abs(expected[j] - actual[j]));
                }

                disagree += TensorPrimitives.IndexOfMax<float>(expected) == TensorPrimitives.IndexOfMax<float>(actual) ? 0 : 1;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bare against the library on {testX.Rows:N0} test images: largest probability difference {largest:G3}, {disagree} different classes"));
        if (disagree > 0 || largest > 1e-5)
        {
            Console.WriteLine("the bare prediction does not compute what the library does; no timing");
            return 1;
        }

        // Alternating passes, each warmed for half a second (tiered JIT, caches), as predict-profile does. The bare
        // helper never parks, so it runs only during its own passes (its thread started and stopped around each);
        // the library's helpers park 250 µs after their last job.
        double[] times = new double[Calls];
        for (int pass = 0; pass < 6; pass++)
        {
            BarePredictor? bare = pass % 2 == 0 ? new BarePredictor(parameters) : null;
            try
            {
                Action<int> predict = bare is null
                    ? i => model.Predict(images.AsSpan(i % testX.Rows * 784, 784), expected)
                    : i => bare.Predict(images.AsSpan(i % testX.Rows * 784, 784), actual);
                long warmUntil = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 2);
                while (Stopwatch.GetTimestamp() < warmUntil)
                {
                    for (int i = 0; i < 1000; i++)
                    {
                        predict(i);
                    }
                }

                for (int i = 0; i < Calls; i++)
                {
                    long start = Stopwatch.GetTimestamp();
                    predict(i);
                    times[i] = BenchClock.MicrosecondsSince(start);
                }
            }
            finally
            {
                bare?.Dispose();
            }

            Array.Sort(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {(bare is null ? "library Predict" : "bare two-thread predict"),-24} median {times[Calls / 2],6:F2} µs  p99 {times[Calls * 99 / 100],6:F2} µs"));
        }

        return 0;
    }

    /// <summary>784-256-128-10 (ReLU, ReLU, softmax) on two threads, written bare.</summary>
    private sealed class BarePredictor : IDisposable
    {
        private const int Inputs = 784, Hidden1 = 256, Hidden2 = 128, Half = 128;

        private readonly float* _w1, _b1, _w2, _b2, _w3, _b3, _h1, _p0, _p1, _h2;
        private readonly int* _rows0, _rows1;
        private readonly long* _lines; // [0] sequence, [1] the image's address; [8] the helper's finished sequence
        private readonly Thread _helper;
        private long _sequence;
        private bool _disposed;

        public BarePredictor(float[][] parameters)
        {
            _w1 = Copy(parameters[0]);
            _b1 = Copy(parameters[1]);
            _w2 = Copy(parameters[2]);
            _b2 = Copy(parameters[3]);
            _w3 = Allocate(Hidden2 * 16); // 10 columns padded to 16
            for (int i = 0; i < parameters[4].Length; i++)
            {
                _w3[(i / 10 * 16) + (i % 10)] = parameters[4][i];
            }

            _b3 = Allocate(16);
            for (int j = 0; j < 10; j++)
            {
                _b3[j] = parameters[5][j];
            }

            _h1 = Allocate(Hidden1);
            _p0 = Allocate(Hidden2);
            _p1 = Allocate(Hidden2);
            _h2 = Allocate(Hidden2);
            _rows0 = (int*)Allocate(Inputs + 16);
            _rows1 = (int*)Allocate(Inputs + 16);
            _lines = (long*)Allocate(32);
            _helper = new Thread(HelperLoop) { IsBackground = true, Name = "bare predict helper" };
            _helper.Start();
        }

        public void Predict(ReadOnlySpan<float> image, Span<float> output)
        {
            if (image.Length != Inputs || output.Length < 10)
            {
                throw new ArgumentException($"{image.Length} inputs and room for {output.Length} outputs; the model takes {Inputs} and gives 10.");
            }

            fixed (float* x = image)
            {
                _lines[1] = (long)x;
                Volatile.Write(ref _lines[0], ++_sequence);
                Share(x, 0, _rows0, _p0);
                while (Volatile.Read(ref _lines[8]) != _sequence)
                {
                    X86Base.Pause();
                }
            }

            for (int j = 0; j < Hidden2; j += 16)
            {
                var sum = Vector512.Load(_p0 + j) + Vector512.Load(_p1 + j) + Vector512.Load(_b2 + j);
                Vector512.Max(sum, Vector512<float>.Zero).Store(_h2 + j);
            }

            int count = Gemv.NonZeroRows(new ReadOnlySpan<float>(_h2, Hidden2), new Span<int>(_rows0, Inputs + 16), GemmPath.Avx512);
            var logits = Vector512<float>.Zero;
            for (int t = 0; t < count; t++)
            {
                int p = _rows0[t];
                logits = Vector512.FusedMultiplyAdd(Vector512.Create(_h2[p]), Vector512.Load(_w3 + (p * 16)), logits);
            }

            logits += Vector512.Load(_b3);
            var classes = Vector512.LessThan(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(10)).AsSingle();
            logits = Vector512.ConditionalSelect(classes, logits, Vector512.Create(float.NegativeInfinity));
            float max = float.NegativeInfinity;
            for (int j = 0; j < 10; j++)
            {
                max = MathF.Max(max, logits.GetElement(j));
            }

            var exp = Vector512.Exp(logits - Vector512.Create(max));
            var probabilities = exp / Vector512.Create(Vector512.Sum(exp));
            for (int j = 0; j < 10; j++)
            {
                output[j] = probabilities.GetElement(j);
            }
        }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Volatile.Write(ref _lines[0], -1);
            _helper.Join();
            foreach (nint p in new[] { (nint)_w1, (nint)_b1, (nint)_w2, (nint)_b2, (nint)_w3, (nint)_b3, (nint)_h1, (nint)_p0, (nint)_p1, (nint)_h2, (nint)_rows0, (nint)_rows1, (nint)_lines })
            {
                NativeMemory.AlignedFree((void*)p);
            }
        }

        private static float* Allocate(int count)
        {
            var p = (float*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(float)), 64);
            new Span<float>(p, count).Clear();
            return p;
        }

        private static float* Copy(float[] values)
        {
            float* p = Allocate(values.Length);
            values.CopyTo(new Span<float>(p, values.Length));
            return p;
        }

        /// <summary>One thread's first-layer columns [column, column + 128) and its K half of the second layer into <paramref name="partial"/>.</summary>
        private void Share(float* x, int column, int* rows, float* partial)
        {
            var input = new ReadOnlySpan<float>(x, Inputs);
            var list = new Span<int>(rows, Inputs + 16);
            var h1 = new Span<float>(_h1, Hidden1);
            int count = Gemv.NonZeroRows(input, list, GemmPath.Avx512);

            // Both K halves, summed separately and added, as the library's product does.
            Gemv.MultiplyPrechecked(input, list[..count], new ReadOnlySpan<float>(_w1, Inputs * Hidden1), Hidden1, h1, column, column + Half, GemmPath.Avx512);
            for (int j = 0; j < Half; j += 16)
            {
                var sum = Vector512.Load(_h1 + column + j) + Vector512.Load(_b1 + column + j);
                Vector512.Max(sum, Vector512<float>.Zero).Store(_h1 + column + j);
            }

            // This thread's K half of the second layer: rows column … column + 127 of W₂.
            int listed = Gemv.NonZeroRows(h1.Slice(column, Half), list, GemmPath.Avx512);
            Gemv.Product(h1.Slice(column, Half), list[..listed], new ReadOnlySpan<float>(_w2 + (column * Hidden2), Half * Hidden2), Hidden2,
                new Span<float>(partial, Hidden2), 0, Hidden2, GemmPath.Avx512);
        }

        private void HelperLoop()
        {
            long seen = 0;
            while (true)
            {
                long sequence;
                while ((sequence = Volatile.Read(ref _lines[0])) == seen)
                {
                    X86Base.Pause();
                }

                if (sequence < 0)
                {
                    return;
                }

                seen = sequence;
                Share((float*)_lines[1], Half, _rows1, _p1);
                Volatile.Write(ref _lines[8], sequence);
            }
        }
    }
}
