using NeuralSharp.Compute;
using NeuralSharp.Kernels;
using NeuralSharp.Tensors;

namespace NeuralSharp.Tests.Kernels;

/// <summary>The Vector&lt;T&gt; and scalar paths of the element-wise kernels give the same bits at every length.</summary>
public sealed class KernelDispatchTests
{
    public static TheoryData<int> Lengths => [0, 1, 7, 8, 15, 16, 17, 33, 257];

    private static float[] Random(int n, ulong seed, double low = -2, double high = 2)
    {
        var r = new RandomSource(seed);
        var a = new float[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = (float)r.NextUniform(low, high);
        }

        if (n > 2)
        {
            a[n / 2] = 0; // the ReLU kink
        }

        return a;
    }

    private static T BothPaths<T>(Func<T> run, Action<T, T> compare)
    {
        KernelDispatch.ForceScalar = true;
        T scalar;
        try
        {
            scalar = run();
        }
        finally
        {
            KernelDispatch.ForceScalar = false;
        }

        T vector = run();
        compare(scalar, vector);
        return vector;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Adam_and_sgd_updates_agree_bitwise(int n)
    {
        BothPaths(
            () =>
            {
                float[] w = Random(n, 1), g = Random(n, 2), m = Random(n, 3), v = Random(n, 4, 0, 1), vel = Random(n, 5);
                OptimizerKernels.Adam<float>(w, g, m, v, 1e-3f, 0.9f, 0.999f, 1e-7f, 3, 0.01f, decoupled: false);
                OptimizerKernels.Adam<float>(w, g, m, v, 1e-3f, 0.9f, 0.999f, 1e-7f, 4, 0.01f, decoupled: true);
                OptimizerKernels.Sgd<float>(w, g, vel, 0.1f, 0.9f, nesterov: true, 0.001f);
                return w.Concat(m).Concat(v).Concat(vel).ToArray();
            },
            (a, b) => Assert.Equal(a.Select(BitConverter.SingleToInt32Bits), b.Select(BitConverter.SingleToInt32Bits)));
    }

    /// <summary>ReLU keeps IEEE maximum semantics on both paths: NaN stays NaN, −0 becomes +0, ±∞ as max(x, 0).</summary>
    [Theory]
    [MemberData(nameof(Lengths))]
    public void Relu_forward_matches_the_ieee_maximum_on_both_paths(int n)
    {
        float[] special = [float.NaN, -0f, 0f, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -float.Epsilon];
        BothPaths(
            () =>
            {
                float[] x = Random(n, 8);
                for (int i = 0; i < n; i += 3)
                {
                    x[i] = special[(i / 3) % special.Length];
                }

                float[] y = new float[n];
                ActivationKernels.Forward(ActivationFunction.ReLU, 0f, x, y, Math.Max(n, 1));
                for (int i = 0; i < n; i++)
                {
                    Assert.Equal(BitConverter.SingleToInt32Bits(float.Max(x[i], 0f)), BitConverter.SingleToInt32Bits(y[i]));
                }

                return y;
            },
            (a, b) => Assert.Equal(a.Select(BitConverter.SingleToInt32Bits), b.Select(BitConverter.SingleToInt32Bits)));
    }

    /// <summary>
    /// The exponential (softmax, cross-entropy) and the sigmoid give the bits of TensorPrimitives, their reference, on
    /// both paths: 512- and 256-bit bodies, and the tail one lane at a time, share one algorithm. Inputs cover
    /// overflow, underflow, subnormal results, ±∞, NaN and −0.
    /// </summary>
    [Theory]
    [MemberData(nameof(Lengths))]
    public void Exponential_and_sigmoid_match_tensor_primitives_on_both_paths(int n)
    {
        float[] special = [float.NaN, -0f, float.PositiveInfinity, float.NegativeInfinity, 88.8f, -87.5f, -103.5f, 1e-30f];
        float[] x = Random(n, 9, -120, 120);
        for (int i = 0; i < n; i += 2)
        {
            x[i] = special[(i / 2) % special.Length];
        }

        float[] expectedExp = new float[n], expectedSigmoid = new float[n];
        System.Numerics.Tensors.TensorPrimitives.Exp(x, expectedExp);
        if (n > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Sigmoid(x, expectedSigmoid);
        }

        BothPaths(
            () =>
            {
                float[] e = (float[])x.Clone();
                ActivationKernels.ExpInPlace<float>(e);
                float[] s = new float[n];
                ActivationKernels.Forward(ActivationFunction.Sigmoid, 0f, x, s, Math.Max(n, 1));
                Assert.Equal(expectedExp.Select(BitConverter.SingleToInt32Bits), e.Select(BitConverter.SingleToInt32Bits));
                Assert.Equal(expectedSigmoid.Select(BitConverter.SingleToInt32Bits), s.Select(BitConverter.SingleToInt32Bits));
                return e.Concat(s).ToArray();
            },
            (a, b) => Assert.Equal(a.Select(BitConverter.SingleToInt32Bits), b.Select(BitConverter.SingleToInt32Bits)));
    }

    /// <summary>Softmax and softmax + cross-entropy (its probabilities and gradient) give the same bits on both paths.</summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 10)]
    [InlineData(5, 17)]
    [InlineData(2, 257)]
    public void Softmax_and_cross_entropy_agree_bitwise(int rows, int cols)
    {
        float[] z = Random(rows * cols, 11, -30, 30);
        float[] labels = [.. Enumerable.Range(0, rows).Select(r => (float)(r % cols))];
        BothPaths(
            () =>
            {
                float[] y = new float[rows * cols], p = new float[rows * cols], g = new float[rows * cols];
                ActivationKernels.Forward(ActivationFunction.Softmax, 0f, z, y, cols);
                double loss = LossKernels.CategoricalCrossEntropy<float>(z, labels, g, p, rows, cols, fromLogits: true);
                Assert.Equal(y.Select(BitConverter.SingleToInt32Bits), p.Select(BitConverter.SingleToInt32Bits));
                return y.Concat(g).Append((float)loss).ToArray();
            },
            (a, b) => Assert.Equal(a.Select(BitConverter.SingleToInt32Bits), b.Select(BitConverter.SingleToInt32Bits)));
    }

    /// <summary>
    /// The 16-rows-at-a-time softmax + cross-entropy (2–16 classes, AVX-512) gives the row-by-row kernel's
    /// probabilities, gradient and cost bit for bit, with class-index, one-hot and soft targets, with logits at the
    /// edges (±1000, ±∞, NaN, ±0), and with rows after the last whole block.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Softmax_cross_entropy_of_up_to_16_classes_matches_the_row_by_row_kernel(bool sparse)
    {
        float[] special = [1000f, -1000f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, -0f, 0f];
        foreach (int cols in Enumerable.Range(2, 16))
        {
            foreach (var (rows, edges) in new[] { (1, false), (7, true), (16, false), (37, true), (37, false), (48, true) })
            {
                // With edge values the cost is NaN or ∞; without them it is finite and checked to the bit.
                float[] z = Random(rows * cols, (ulong)((cols * 100) + rows), -30, 30);
                for (int i = 5; edges && i < z.Length; i += 11)
                {
                    z[i] = special[(i / 11) % special.Length];
                }

                var random = new RandomSource((ulong)cols);
                float[] t = sparse
                    ? [.. Enumerable.Range(0, rows).Select(r => (float)((r * 7) % cols))]
                    : [.. Enumerable.Range(0, rows * cols).Select(i => i % 3 == 0 ? (float)random.NextUniform(0, 1) : (i / cols) % cols == i % cols ? 1f : 0f)];
                (float[] P, float[] G, double Cost) Run()
                {
                    float[] p = new float[rows * cols], g = new float[rows * cols];
                    double cost = LossKernels.CategoricalCrossEntropy<float>(z, t, g, p, rows, cols, fromLogits: true);
                    return (p, g, cost);
                }

                KernelDispatch.ForceScalar = true;
                (float[] P, float[] G, double Cost) general;
                try
                {
                    general = Run();
                }
                finally
                {
                    KernelDispatch.ForceScalar = false;
                }

                var fast = Run();
                Assert.Equal(general.P.Select(BitConverter.SingleToInt32Bits), fast.P.Select(BitConverter.SingleToInt32Bits));
                Assert.Equal(general.G.Select(BitConverter.SingleToInt32Bits), fast.G.Select(BitConverter.SingleToInt32Bits));
                Assert.Equal(general.Cost, fast.Cost);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Softmax_cross_entropy_rejects_a_bad_class_index_before_writing(bool scalar)
    {
        float[] z = Random(30, 3), t = [1, 2, 10], g = Enumerable.Repeat(7f, 30).ToArray(), p = Enumerable.Repeat(7f, 30).ToArray();
        KernelDispatch.ForceScalar = scalar;
        try
        {
            var error = Assert.Throws<ArgumentException>(() => LossKernels.CategoricalCrossEntropy<float>(z, t, g, p, 3, 10, fromLogits: true));
            Assert.Equal("Target of row 2 is 10; a class index must be an integer in [0, 9].", error.Message);
            Assert.All(g.Concat(p), v => Assert.Equal(7f, v));
        }
        finally
        {
            KernelDispatch.ForceScalar = false;
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Activation_derivatives_agree_bitwise(int n)
    {
        foreach (var f in new[] { ActivationFunction.ReLU, ActivationFunction.Sigmoid, ActivationFunction.Tanh })
        {
            BothPaths(
                () =>
                {
                    float[] x = Random(n, 6), y = new float[n], dy = Random(n, 7), dx = new float[n];
                    ActivationKernels.Forward(f, 0f, x, y, Math.Max(n, 1));
                    ActivationKernels.Backward(f, 0f, x, y, dy, dx, Math.Max(n, 1));
                    return dx;
                },
                (a, b) => Assert.Equal(a.Select(BitConverter.SingleToInt32Bits), b.Select(BitConverter.SingleToInt32Bits)));
        }
    }

    /// <summary>
    /// Moments below 2⁻¹⁰³ (the smallest normal over the machine epsilon) become zero, larger ones are kept, on both
    /// paths: the floor is what keeps every product in the update (moment × β, × η/(1−β₁ᵗ)) out of the subnormal range.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Adam_flushes_moments_below_the_floor_and_keeps_those_above(bool scalar)
    {
        float floor = MathF.ScaleB(1f, -103);
        KernelDispatch.ForceScalar = scalar;
        try
        {
            // 17 lanes: vector body and scalar tail. After one step with zero gradient, m ← 0.9·m and v ← 0.999·v.
            float[] m0 = [.. Enumerable.Range(0, 17).Select(i => i % 2 == 0 ? floor * 1.05f : floor * 4f)];
            float[] w = new float[17], g = new float[17], m = (float[])m0.Clone(), v = (float[])m0.Clone();
            OptimizerKernels.Adam<float>(w, g, m, v, 1e-3f, 0.9f, 0.999f, 1e-7f, 1, 0, decoupled: false);
            for (int i = 0; i < 17; i++)
            {
                // 0.9 × 1.05·floor < floor: flushed; 0.9 × 4·floor and 0.999 × 1.05·floor stay.
                Assert.Equal(i % 2 == 0 ? 0f : 0.9f * m0[i], m[i]);
                Assert.Equal(0.999f * m0[i], v[i]);
                Assert.False(float.IsSubnormal(w[i]));
            }
        }
        finally
        {
            KernelDispatch.ForceScalar = false;
        }
    }

    /// <summary>A gradient below 2⁻⁵² still moves m, but its square (below the moment floor) adds nothing to v.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Squared_gradients_below_the_moment_floor_add_nothing_to_the_second_moment(bool scalar)
    {
        // v starts at 2⁻¹⁰⁰ (kept), so a contribution of (1−β₂)·(2⁻⁵³)² ≈ 1.5e-5·v would show if it were added.
        float below = MathF.ScaleB(1f, -53), above = MathF.ScaleB(1f, -48), v0 = MathF.ScaleB(1f, -100);
        KernelDispatch.ForceScalar = scalar;
        try
        {
            float[] g = [.. Enumerable.Range(0, 17).Select(i => i % 2 == 0 ? below : above)];
            float[] w = new float[17], m = new float[17], v = Enumerable.Repeat(v0, 17).ToArray();
            OptimizerKernels.Adam<float>(w, g, m, v, 1e-3f, 0.9f, 0.999f, 1e-7f, 1, 0, decoupled: false);
            float[] ms = Enumerable.Repeat(v0, 17).ToArray();
            OptimizerKernels.RmsProp<float>(new float[17], g, ms, [], 1e-3f, 0.9f, 0f, 1e-7f, 0);
            for (int i = 0; i < 17; i++)
            {
                Assert.Equal((1f - 0.9f) * g[i], m[i]);
                float keep = i % 2 == 0 ? 0f : g[i] * g[i];
                Assert.Equal((0.999f * v0) + ((1f - 0.999f) * keep), v[i]);
                Assert.Equal((0.9f * v0) + ((1f - 0.9f) * keep), ms[i]);
            }
        }
        finally
        {
            KernelDispatch.ForceScalar = false;
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Optimizer_state_never_becomes_subnormal_when_gradients_stop(bool scalar)
    {
        // Zero gradients (an input that is always 0) make momentum and moments decay geometrically; they must
        // reach exactly 0 without passing through the slow subnormal range.
        KernelDispatch.ForceScalar = scalar;
        try
        {
            float[] w = Random(19, 1), g = new float[19], m = Random(19, 2), v = Random(19, 3, 0, 1), vel = Random(19, 4), ms = Random(19, 5, 0, 1), rv = Random(19, 6);
            for (int step = 1; step <= 2000; step++)
            {
                OptimizerKernels.Adam<float>(w, g, m, v, 1e-3f, 0.9f, 0.999f, 1e-7f, step, 0, decoupled: false);
                OptimizerKernels.Sgd<float>(w, g, vel, 0.1f, 0.9f, nesterov: false, 0);
                OptimizerKernels.RmsProp<float>(w, g, ms, rv, 1e-3f, 0.9f, 0.9f, 1e-7f, 0);
                foreach (float f in m.Concat(v).Concat(vel).Concat(ms).Concat(rv))
                {
                    Assert.False(float.IsSubnormal(f), $"subnormal state {f:E} at step {step}");
                }
            }

            Assert.All(m.Concat(vel).Concat(rv), f => Assert.Equal(0f, f));
        }
        finally
        {
            KernelDispatch.ForceScalar = false;
        }
    }
}
