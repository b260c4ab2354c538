using NeuralSharp.Compute;
using NeuralSharp.Kernels;
using NeuralSharp.Tensors;

namespace NeuralSharp.Tests.Kernels;

/// <summary>
/// The single-example product against a naive reference at odd sizes, on every code path and thread count, and bit
/// for bit against the batch path (GEMM, bias, activation) it stands in for.
/// </summary>
/// <remarks>In the worker-pool collection, which runs alone: a split row or the fused pair falls back to one thread
/// while another test holds the pool, and then these tests would not test the split (and the pair's "it ran" check
/// fails, as it did once in CI).</remarks>
[Collection(nameof(WorkerPoolCollection))]
public sealed class GemvTests
{
    public static TheoryData<int, int> Shapes() => new()
    {
        { 1, 1 }, { 7, 7 }, { 33, 16 }, { 33, 33 }, { 257, 100 }, { 100, 129 }, { 257, 257 }, { 64, 300 }, { 300, 513 }, { 5, 1030 },
    };

    /// <summary>Widths with every number of 16-column blocks the AVX-512 kernel takes in one pass (1–16, then 256 +
    /// 1–15), with and without a tail of columns.</summary>
    public static TheoryData<int, int> EveryBlockCount()
    {
        var data = new TheoryData<int, int>();
        foreach (int blocks in Enumerable.Range(1, 16))
        {
            data.Add(37, 16 * blocks);
            data.Add(37, (16 * blocks) + 7);
            data.Add(5, 256 + (16 * blocks) - 16 + 3);
        }

        return data;
    }

    private static IEnumerable<GemmPath> SupportedPaths() =>
        new[] { GemmPath.Avx512, GemmPath.Vector256, GemmPath.Scalar }.Where(Gemm.IsSupported);

    private static float[] Input(int k, int seed)
    {
        // About 40% exact zeros (as an image's background or a ReLU's output), one negative zero, the rest signed values.
        var random = new Random(seed);
        float[] x = new float[k];
        for (int p = 0; p < k; p++)
        {
            x[p] = random.NextDouble() < 0.4 ? 0 : (float)((random.NextDouble() * 2) - 1);
        }

        x[k / 2] = -0f;
        return x;
    }

    private static Tensor RandomTensor(Random random, params int[] shape)
    {
        var t = Tensor.Zeros(new Shape(shape));
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return t;
    }

    [Fact]
    public void NonZeroRows_lists_the_nonzero_inputs_in_order_on_every_path()
    {
        var random = new Random(5);
        foreach (int k in Enumerable.Range(1, 70).Append(784))
        {
            float[] x = Input(k, k);
            x[random.Next(k)] = float.NaN; // counts as nonzero
            x[random.Next(k)] = -0f;       // counts as zero
            int[] expected = [.. Enumerable.Range(0, k).Where(p => x[p] != 0)];
            foreach (GemmPath path in SupportedPaths())
            {
                int[] rows = Enumerable.Repeat(-1, k).ToArray();
                int count = Gemv.NonZeroRows(x, rows, path);
                Assert.Equal(expected, rows.Take(count));
            }
        }

        Assert.Throws<ArgumentException>(() => Gemv.NonZeroRows(new float[17], new int[16]));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    [MemberData(nameof(EveryBlockCount))]
    public void Matches_a_naive_product_on_every_path_and_any_column_range(int k, int n)
    {
        var random = new Random((k * 7919) + n);
        float[] x = Input(k, k + n);
        float[] w = RandomTensor(random, k, n).ToArray();
        int[] rows = new int[k];
        int count = Gemv.NonZeroRows(x, rows);
        Assert.Equal(x.Count(v => v != 0), count);

        foreach (GemmPath path in SupportedPaths())
        {
            // The whole row, then three column ranges that tile it at awkward boundaries.
            float[] y = new float[n];
            Gemv.Multiply(x, rows.AsSpan(0, count), w, n, y, 0, n, path);
            float[] pieces = new float[n];
            int third = n / 3;
            Gemv.Multiply(x, rows.AsSpan(0, count), w, n, pieces, 0, third, path);
            Gemv.Multiply(x, rows.AsSpan(0, count), w, n, pieces, third, n - 1, path);
            Gemv.Multiply(x, rows.AsSpan(0, count), w, n, pieces, n - 1, n, path);
            Assert.Equal(y, pieces);
            for (int j = 0; j < n; j++)
            {
                double expected = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    expected += (double)x[p] * w[(p * n) + j];
                    magnitude += Math.Abs((double)x[p] * w[(p * n) + j]);
                }

                Assert.True(Math.Abs(expected - y[j]) <= 1e-6 * (magnitude + 1), $"{path}: y[{j}] = {y[j]}, expected {expected}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    [MemberData(nameof(EveryBlockCount))]
    public void DenseRow_equals_the_batch_path_bit_for_bit_on_every_path_and_thread_count(int k, int n)
    {
        var random = new Random((k * 31) + n);
        Tensor weight = RandomTensor(random, k, n);
        Tensor bias = RandomTensor(random, n);
        Tensor batch = RandomTensor(random, 13, k);
        float[] x = Input(k, n);
        x.CopyTo(batch.Float32Span);

        // Every activation, with and without a bias: on two threads each share adds the bias and applies an
        // element-wise activation to its own columns, and the caller applies the others to the whole row.
        var functions = Enum.GetValues<ActivationFunction>().Select(f => (f, f == ActivationFunction.LeakyReLU ? 0.1 : f == ActivationFunction.ELU ? 0.7 : 0.0));
        foreach (var (function, alpha, withBias) in functions.SelectMany(f => new[] { (f.f, f.Item2, true), (f.f, f.Item2, false) }))
        {
            // The batch path: a 13-row product (the packed GEMM), bias, activation; its first row is x.
            var reference = new CpuBackend(1);
            Tensor z = Tensor.Zeros(13, n);
            reference.MatMul(batch, false, weight, false, z, accumulate: false);
            if (withBias)
            {
                reference.AddRowVector(z, bias);
            }

            reference.ActivationForward(function, alpha, z, z);
            float[] expected = z.Row(0);

            foreach (GemmPath path in SupportedPaths())
            {
                foreach (int threads in new[] { 1, 2, 3 })
                {
                    Gemm.ForcedPath = path;
                    try
                    {
                        Tensor y = Tensor.Zeros(1, n);
                        new CpuBackend(threads).DenseRow(x, weight, withBias ? bias : null, function, alpha, y.Float32Span);
                        Assert.True(expected.Select(BitConverter.SingleToInt32Bits).SequenceEqual(y.ToArray().Select(BitConverter.SingleToInt32Bits)), $"{function}, bias {withBias}, {path}, {threads} threads");
                    }
                    finally
                    {
                        Gemm.ForcedPath = GemmPath.Auto;
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(784, 256)]
    [InlineData(785, 96)]
    public void DenseRow_equals_the_batch_path_when_the_nonzero_inputs_lie_on_one_side_of_the_K_split(int k, int n)
    {
        // The list is cut where the second K half starts (by bisection): no input, or all of them, before the cut;
        // one input just before it or just at it; and inputs on both sides, next to the cut (an off-by-one cut moves
        // an input into the other half, whose sum then differs) and around it with the cut itself zero.
        var random = new Random(k + n);
        Tensor weight = RandomTensor(random, k, n);
        Tensor bias = RandomTensor(random, n);
        int cut = Gemm.FirstKHalf(k);
        int[][] nonzero = [[], [.. Enumerable.Range(0, cut)], [.. Enumerable.Range(cut, k - cut)], [cut - 1], [cut], [0, cut - 1, cut, k - 1], [cut - 2, cut - 1, cut, cut + 1], [cut - 1, cut + 1], [.. Enumerable.Range(0, k)]];
        foreach (int[] inputs in nonzero)
        {
            Tensor batch = Tensor.Zeros(3, k);
            foreach (int p in inputs)
            {
                batch[p] = (float)((random.NextDouble() * 2) - 1);
            }

            float[] x = batch.Row(0);
            Tensor z = Tensor.Zeros(3, n);
            var reference = new CpuBackend(1);
            reference.MatMul(batch, false, weight, false, z, accumulate: false);
            reference.AddRowVector(z, bias);
            float[] expected = z.Row(0);
            foreach (GemmPath path in SupportedPaths())
            {
                foreach (int threads in new[] { 1, 2 })
                {
                    Gemm.ForcedPath = path;
                    try
                    {
                        float[] y = new float[n];
                        new CpuBackend(threads).DenseRow(x, weight, bias, ActivationFunction.Linear, 0, y);
                        Assert.True(expected.Select(BitConverter.SingleToInt32Bits).SequenceEqual(y.Select(BitConverter.SingleToInt32Bits)), $"{inputs.Length} inputs from {inputs.FirstOrDefault()}, {path}, {threads} threads");
                    }
                    finally
                    {
                        Gemm.ForcedPath = GemmPath.Auto;
                    }
                }
            }
        }
    }

    [Fact]
    public void DenseRow_rejects_shapes_that_do_not_fit_one_example()
    {
        var backend = new CpuBackend(1);
        var ex = Assert.Throws<ArgumentException>(() => backend.DenseRow(new float[4], Tensor.Zeros(5, 3), null, ActivationFunction.Linear, 0, new float[3]));
        Assert.Contains("weight (5, 3)", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<int, int, int> PairShapes() => new()
    {
        { 300, 256, 100 }, { 784, 256, 128 }, { 257, 320, 33 }, { 129, 512, 10 }, { 70, 1024, 17 },
    };

    /// <summary>
    /// Two dense layers in one two-thread step equal two single-example calls bit for bit (and so the batch path),
    /// for every activation of the second layer and every element-wise one of the first, with and without biases,
    /// with the output in the input's buffer (as the predict path has it).
    /// </summary>
    [Theory]
    [MemberData(nameof(PairShapes))]
    public void DenseRowPair_equals_two_single_example_calls_bit_for_bit(int k, int n1, int n2)
    {
        var random = new Random(k + n1 + n2);
        Tensor w1 = RandomTensor(random, k, n1), b1 = RandomTensor(random, n1);
        Tensor w2 = RandomTensor(random, n1, n2), b2 = RandomTensor(random, n2);
        float[] x = Input(k, n1);
        var first = new[] { (ActivationFunction.ReLU, 0.0), (ActivationFunction.Linear, 0.0), (ActivationFunction.LeakyReLU, 0.1), (ActivationFunction.Step, 0.0) };
        var second = Enum.GetValues<ActivationFunction>().Select(f => (f, f == ActivationFunction.LeakyReLU ? 0.1 : f == ActivationFunction.ELU ? 0.7 : 0.0));
        foreach (var (f1, a1) in first)
        {
            foreach (var (f2, a2) in second)
            {
                foreach (bool withBias in new[] { true, false })
                {
                    Tensor? bias1 = withBias ? b1 : null, bias2 = withBias ? b2 : null;
                    var serial = new CpuBackend(1);
                    Tensor h = Tensor.Zeros(1, n1), expected = Tensor.Zeros(1, n2);
                    serial.DenseRow(x, w1, bias1, f1, a1, h.Float32Span);
                    serial.DenseRow(h.Float32Span, w2, bias2, f2, a2, expected.Float32Span);

                    foreach (GemmPath path in SupportedPaths())
                    {
                        Gemm.ForcedPath = path;
                        try
                        {
                            // y shares x's buffer, as in Sequential's single-example plan.
                            Tensor buffer = Tensor.Zeros(Math.Max(k, n2));
                            x.CopyTo(buffer.Float32Span);
                            Tensor xRow = buffer.View(new Shape(1, k)), yRow = buffer.View(new Shape(1, n2)), hRow = Tensor.Zeros(1, n1);
                            bool fused = new CpuBackend(2).DenseRowPair(xRow.Float32Span, w1, bias1, f1, a1, hRow.Float32Span, w2, bias2, f2, a2, yRow.Float32Span);
                            Assert.True(fused || Environment.ProcessorCount < 2, $"{k}×{n1}×{n2}: the pair did not run");
                            Assert.True(Bits(h).SequenceEqual(Bits(hRow)), $"h: {f1}, {f2}, bias {withBias}, {path}");
                            Assert.True(Bits(expected).SequenceEqual(Bits(yRow)), $"y: {f1}, {f2}, bias {withBias}, {path}");
                        }
                        finally
                        {
                            Gemm.ForcedPath = GemmPath.Auto;
                        }
                    }
                }
            }
        }
    }

    private static IEnumerable<int> Bits(Tensor t) => t.ToArray().Select(BitConverter.SingleToInt32Bits);

    [Fact]
    public void DenseRowPair_declines_and_writes_nothing_when_it_does_not_apply()
    {
        var random = new Random(3);
        Tensor w1 = RandomTensor(random, 300, 256), w2 = RandomTensor(random, 256, 10);
        Tensor x = RandomTensor(random, 1, 300), h = Tensor.Zeros(1, 256), y = Tensor.Zeros(1, 10);
        Assert.False(new CpuBackend(1).DenseRowPair(x.Float32Span, w1, null, ActivationFunction.ReLU, 0, h.Float32Span, w2, null, ActivationFunction.Linear, 0, y.Float32Span));
        Assert.False(new CpuBackend(2).DenseRowPair(x.Float32Span, w1, null, ActivationFunction.Tanh, 0, h.Float32Span, w2, null, ActivationFunction.Linear, 0, y.Float32Span));
        Tensor narrow = RandomTensor(random, 300, 200); // 200 columns: below the second layer's K split
        Assert.False(new CpuBackend(2).DenseRowPair(x.Float32Span, narrow, null, ActivationFunction.ReLU, 0, new float[200], RandomTensor(random, 200, 10), null, ActivationFunction.Linear, 0, y.Float32Span));
        Assert.All(h.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(y.ToArray(), v => Assert.Equal(0f, v));
    }

    /// <summary>300 inputs, then 256 units with <paramref name="first"/> (ReLU: the first two layers run as the fused
    /// pair; tanh: the first layer is split alone), 64 ReLU units and a 10-class softmax, on two threads.</summary>
    private static NeuralSharp.Models.Sequential PredictModel(ActivationFunction first, ulong seed)
    {
        var model = new NeuralSharp.Models.Sequential(
            new NeuralSharp.Layers.Input(300),
            new NeuralSharp.Layers.Dense(256, first == ActivationFunction.ReLU ? NeuralSharp.Layers.Activation.ReLU : NeuralSharp.Layers.Activation.Tanh),
            new NeuralSharp.Layers.Dense(64, NeuralSharp.Layers.Activation.ReLU),
            new NeuralSharp.Layers.Dense(10, NeuralSharp.Layers.Activation.Softmax));
        model.Build(backend: new CpuBackend(2));
        model.Initialize(seed);
        return model;
    }

    /// <summary>Examples with about half of their inputs exactly zero, the rest signed values.</summary>
    private static Tensor HalfZeroBatch(int rows, int cols, int seed)
    {
        var random = new Random(seed);
        Tensor batch = Tensor.Zeros(rows, cols);
        for (int i = 0; i < batch.Length; i++)
        {
            batch[i] = random.NextDouble() < 0.5 ? 0 : (float)((random.NextDouble() * 2) - 1);
        }

        return batch;
    }

    /// <summary>
    /// A model's single-example predict equals its batch predict bit for bit through the fused pair (ReLU first) and
    /// through the first layer split alone (tanh first). The first layer reads the caller's input where it lies, on both
    /// threads: a row of the batch's own array, or memory that is no array (here the stack), which is left as it was.
    /// </summary>
    [Theory]
    [InlineData(ActivationFunction.ReLU, false)]
    [InlineData(ActivationFunction.ReLU, true)]
    [InlineData(ActivationFunction.Tanh, true)]
    public void Single_example_predict_equals_batch_predict_reading_the_input_in_place(ActivationFunction first, bool fromStack)
    {
        var model = PredictModel(first, seed: 3);
        Tensor batch = HalfZeroBatch(5, 300, seed: 11);

        Tensor expected = model.Predict(batch);
        float[] original = batch.ToArray();
        Span<float> stack = stackalloc float[300];
        float[] output = new float[10];
        for (int r = 0; r < 5; r++)
        {
            scoped Span<float> row = batch.Float32Span.Slice(r * 300, 300);
            if (fromStack)
            {
                row.CopyTo(stack);
                row = stack;
            }

            model.Predict(row, output);
            Assert.True(output.Select(BitConverter.SingleToInt32Bits).SequenceEqual(expected.Row(r).Select(BitConverter.SingleToInt32Bits)), $"row {r}");
            Assert.True(row.SequenceEqual(original.AsSpan(r * 300, 300)), $"row {r}: the input was changed");
        }
    }

    /// <summary>
    /// Two models of one shape predicting in turn on one thread each get their own batch predict's bits. Why: the
    /// parallel single-example kernels keep the last operands they were given and rewrite them only when they change;
    /// a change they missed would run the other model's weights (or write into its buffers).
    /// </summary>
    [Theory]
    [InlineData(ActivationFunction.ReLU)]
    [InlineData(ActivationFunction.Tanh)]
    public void Two_models_of_one_shape_predicting_in_turn_each_get_their_own_bits(ActivationFunction first)
    {
        var models = new[] { PredictModel(first, seed: 1), PredictModel(first, seed: 2) };
        Tensor batch = HalfZeroBatch(4, 300, seed: 5);

        Tensor[] expected = [.. models.Select(m => m.Predict(batch))];
        Assert.False(expected[0].ToArray().SequenceEqual(expected[1].ToArray())); // the models differ
        float[] output = new float[10];
        for (int r = 0; r < 4; r++)
        {
            for (int m = 0; m < 2; m++)
            {
                models[m].Predict(batch.Float32Span.Slice(r * 300, 300), output);
                Assert.True(output.Select(BitConverter.SingleToInt32Bits).SequenceEqual(expected[m].Row(r).Select(BitConverter.SingleToInt32Bits)), $"model {m}, row {r}");
            }
        }
    }

    /// <summary>
    /// A leaky ReLU whose α changes only from +0 to −0 between two calls on the same thread gives each call its own
    /// bits: a negative input times +0 is −0, times −0 is +0. The split kernels keep their last operands and must see a
    /// change that float equality does not (checked for the split first layer alone and for the fused pair, against
    /// one thread).
    /// </summary>
    [Fact]
    public void A_change_of_alpha_from_plus_to_minus_zero_reaches_the_split_kernels()
    {
        var random = new Random(8);
        Tensor w1 = RandomTensor(random, 300, 256), w2 = RandomTensor(random, 256, 64);
        float[] x = Input(300, 9);
        var two = new CpuBackend(2);
        var one = new CpuBackend(1);
        foreach (double alpha in new[] { 0.0, -0.0, 0.0 })
        {
            float[] expected = new float[256], actual = new float[256];
            one.DenseRow(x, w1, null, ActivationFunction.LeakyReLU, alpha, expected);
            two.DenseRow(x, w1, null, ActivationFunction.LeakyReLU, alpha, actual);
            Assert.Contains(expected, v => v == 0 && float.IsNegative(v) == !double.IsNegative(alpha)); // the case in question
            Assert.True(actual.Select(BitConverter.SingleToInt32Bits).SequenceEqual(expected.Select(BitConverter.SingleToInt32Bits)), $"DenseRow, α = {alpha}");

            float[] h = new float[256], y = new float[64];
            Assert.True(two.DenseRowPair(x, w1, null, ActivationFunction.LeakyReLU, alpha, h, w2, null, ActivationFunction.Linear, 0, y));
            Assert.True(h.Select(BitConverter.SingleToInt32Bits).SequenceEqual(expected.Select(BitConverter.SingleToInt32Bits)), $"pair, α = {alpha}");
        }
    }

    [Fact]
    public void Single_example_rows_that_overlap_where_they_may_not_or_are_not_Float32_are_rejected()
    {
        var backend = new CpuBackend(2);
        var random = new Random(5);
        Tensor w1 = RandomTensor(random, 300, 256), w2 = RandomTensor(random, 256, 10);
        float[] buffer = new float[1000];
        var dense = Assert.Throws<ArgumentException>(() => backend.DenseRow(buffer.AsSpan(0, 300), w1, null, ActivationFunction.ReLU, 0, buffer.AsSpan(299, 256)));
        Assert.Contains("share memory", dense.Message, StringComparison.Ordinal);
        var pair = Assert.Throws<ArgumentException>(() => backend.DenseRowPair(
            buffer.AsSpan(0, 300), w1, null, ActivationFunction.ReLU, 0, buffer.AsSpan(290, 256), w2, null, ActivationFunction.Linear, 0, buffer.AsSpan(600, 10)));
        Assert.Contains("h shares memory", pair.Message, StringComparison.Ordinal);
        var dtype = Assert.Throws<ArgumentException>(() => backend.DenseRow(new float[3], Tensor.Zeros(new Shape(3, 2), DType.Float64), null, ActivationFunction.Linear, 0, new float[2]));
        Assert.Contains("Float32", dtype.Message, StringComparison.Ordinal);
        var shifted = Assert.Throws<ArgumentException>(() => backend.ActivationRow(ActivationFunction.ReLU, 0, buffer.AsSpan(0, 20), buffer.AsSpan(1, 20)));
        Assert.Contains("shifted by 1", shifted.Message, StringComparison.Ordinal);
        backend.ActivationRow(ActivationFunction.ReLU, 0, buffer.AsSpan(0, 20), buffer.AsSpan(0, 20)); // in place is fine

        // y may overlap x in the pair (it is written after both threads are done with x).
        Assert.True(backend.DenseRowPair(
            buffer.AsSpan(0, 300), w1, null, ActivationFunction.ReLU, 0, buffer.AsSpan(300, 256), w2, null, ActivationFunction.Linear, 0, buffer.AsSpan(0, 10))
            || Environment.ProcessorCount < 2);
    }

    [Fact]
    public void ActivationRow_equals_ActivationForward_on_a_batch_of_one_bit_for_bit()
    {
        var random = new Random(2);
        foreach (ActivationFunction function in Enum.GetValues<ActivationFunction>())
        {
            foreach (int n in new[] { 1, 7, 16, 37 })
            {
                Tensor x = RandomTensor(random, 1, n), expected = Tensor.Zeros(1, n);
                double alpha = function == ActivationFunction.ELU ? 0.7 : 0.1;
                new CpuBackend(1).ActivationForward(function, alpha, x, expected);
                float[] y = new float[n];
                new CpuBackend(1).ActivationRow(function, alpha, x.Float32Span, y);
                Assert.True(Bits(expected).SequenceEqual(y.Select(BitConverter.SingleToInt32Bits)), $"{function}, {n}");
            }
        }
    }
}
