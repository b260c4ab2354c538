using NeuralSharp.Compute;
using NeuralSharp.Kernels;
using static NeuralSharp.Tests.Kernels.KernelTestData;

namespace NeuralSharp.Tests.Kernels;

/// <summary>Every activation kernel in float32 against a scalar reference computed in double.</summary>
public sealed class ActivationKernelTests
{
    private const float Alpha = 0.3f;

    public static TheoryData<ActivationFunction, int> ElementWiseCases()
    {
        var data = new TheoryData<ActivationFunction, int>();
        foreach (ActivationFunction f in (ActivationFunction[])[ActivationFunction.Linear, ActivationFunction.Step, ActivationFunction.Sigmoid, ActivationFunction.Tanh, ActivationFunction.ReLU, ActivationFunction.LeakyReLU, ActivationFunction.ELU])
        {
            foreach (int n in (int[])[0, 1, 7, 33, 257])
            {
                data.Add(f, n);
            }
        }

        return data;
    }

    /// <summary>Inputs in [−6, 6] with exact zeros at every fifth position (the kinks).</summary>
    private static float[] Inputs(int length, ulong seed)
    {
        float[] x = Random(length, seed, -6, 6);
        for (int i = 0; i < length; i += 5)
        {
            x[i] = 0;
        }

        return x;
    }

    private static double ReferenceForward(ActivationFunction f, double x) => f switch
    {
        ActivationFunction.Linear => x,
        ActivationFunction.Step => x > 0 ? 1 : 0,
        ActivationFunction.Sigmoid => 1 / (1 + Math.Exp(-x)),
        ActivationFunction.Tanh => Math.Tanh(x),
        ActivationFunction.ReLU => Math.Max(0, x),
        ActivationFunction.LeakyReLU => x > 0 ? x : Alpha * x,
        ActivationFunction.ELU => x > 0 ? x : Alpha * (Math.Exp(x) - 1),
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    /// <summary>f′(x) with the left derivative at the kink x = 0, written from x alone (not from y).</summary>
    private static double ReferenceDerivative(ActivationFunction f, double x) => f switch
    {
        ActivationFunction.Linear => 1,
        ActivationFunction.Step => 0,
        ActivationFunction.Sigmoid => Math.Exp(-x) / ((1 + Math.Exp(-x)) * (1 + Math.Exp(-x))),
        ActivationFunction.Tanh => 1 / (Math.Cosh(x) * Math.Cosh(x)),
        ActivationFunction.ReLU => x > 0 ? 1 : 0,
        ActivationFunction.LeakyReLU => x > 0 ? 1 : Alpha,
        ActivationFunction.ELU => x > 0 ? 1 : Alpha * Math.Exp(x),
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    [Theory]
    [MemberData(nameof(ElementWiseCases))]
    public void Element_wise_forward_and_backward_match_reference(ActivationFunction f, int n)
    {
        float[] x = Inputs(n, 1);
        float[] dy = Random(n, 2, -1, 1);
        float[] y = new float[n];
        float[] dx = new float[n];

        ActivationKernels.Forward(f, Alpha, x, y, cols: Math.Max(1, n));
        ActivationKernels.Backward(f, Alpha, x, y, dy, dx, cols: Math.Max(1, n));

        double[] expectedY = new double[n];
        double[] expectedDx = new double[n];
        for (int i = 0; i < n; i++)
        {
            expectedY[i] = ReferenceForward(f, x[i]);
            expectedDx[i] = dy[i] * ReferenceDerivative(f, x[i]);
        }

        Close(expectedY, y, what: $"{f} y");
        Close(expectedDx, dx, what: $"{f} dx");
    }

    [Theory]
    [MemberData(nameof(ElementWiseCases))]
    public void In_place_forward_and_backward_match_out_of_place(ActivationFunction f, int n)
    {
        float[] x = Inputs(n, 3);
        float[] dy = Random(n, 4, -1, 1);
        float[] y = new float[n];
        float[] dx = new float[n];
        ActivationKernels.Forward(f, Alpha, x, y, Math.Max(1, n));
        ActivationKernels.Backward(f, Alpha, x, y, dy, dx, Math.Max(1, n));

        // Forward with x and y the same buffer; backward with dx aliasing dy.
        float[] inPlace = (float[])x.Clone();
        ActivationKernels.Forward(f, Alpha, inPlace, inPlace, Math.Max(1, n));
        float[] grad = (float[])dy.Clone();
        ActivationKernels.Backward(f, Alpha, x, y, grad, grad, Math.Max(1, n));

        Assert.Equal(y, inPlace);
        Assert.Equal(dx, grad);
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(KernelTestData))]
    public void Softmax_forward_and_backward_match_reference(int rows, int cols)
    {
        float[] x = Random(rows * cols, 5, -8, 8);
        if (x.Length >= 3)
        {
            // Extreme logits in the first row must not overflow.
            x[0] = 1000;
            x[1] = -1000;
            x[2] = 999;
        }

        float[] dy = Random(rows * cols, 6, -1, 1);
        float[] y = new float[x.Length];
        float[] dx = new float[x.Length];
        ActivationKernels.Forward(ActivationFunction.Softmax, 0f, x, y, cols);
        ActivationKernels.Backward(ActivationFunction.Softmax, 0f, x, y, dy, dx, cols);

        double[] expectedY = new double[x.Length];
        double[] expectedDx = new double[x.Length];
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < cols; j++)
            {
                max = Math.Max(max, x[(r * cols) + j]);
            }

            double sum = 0;
            for (int j = 0; j < cols; j++)
            {
                sum += Math.Exp(x[(r * cols) + j] - max);
            }

            double dot = 0;
            for (int j = 0; j < cols; j++)
            {
                expectedY[(r * cols) + j] = Math.Exp(x[(r * cols) + j] - max) / sum;
                dot += dy[(r * cols) + j] * expectedY[(r * cols) + j];
            }

            for (int j = 0; j < cols; j++)
            {
                expectedDx[(r * cols) + j] = expectedY[(r * cols) + j] * (dy[(r * cols) + j] - dot);
            }
        }

        Close(expectedY, y, what: "softmax y");
        Close(expectedDx, dx, what: "softmax dx");
        Assert.All(y, v => Assert.True(float.IsFinite(v)));

        // In place: x and y one buffer; dx aliasing dy.
        float[] inPlace = (float[])x.Clone();
        ActivationKernels.Forward(ActivationFunction.Softmax, 0f, inPlace, inPlace, cols);
        float[] grad = (float[])dy.Clone();
        ActivationKernels.Backward(ActivationFunction.Softmax, 0f, x, y, grad, grad, cols);
        Assert.Equal(y, inPlace);
        Assert.Equal(dx, grad);
    }

    [Theory]
    [MemberData(nameof(Lengths), MemberType = typeof(KernelTestData))]
    public void Softmax_of_one_row_sums_to_one_and_log_sum_exp_matches_reference(int n)
    {
        float[] x = Random(n, 7, -50, 50);
        float[] y = new float[n];
        ActivationKernels.RowSoftmax<float>(x, y, n);

        if (n > 0)
        {
            Close(1.0, y.Sum(v => (double)v), what: "Σ softmax");
            double max = x.Max();
            double expected = max + Math.Log(x.Sum(v => Math.Exp(v - max)));
            float shifted = ActivationKernels.LogSumExpShifted<float>(x, out float max32);
            Assert.Equal((float)max, max32);
            Close(expected, max32 + shifted, what: "logsumexp");
        }
    }

    /// <summary>
    /// A single row of up to 16 classes (a single example's probabilities, computed in one register) equals the same
    /// row's softmax inside a batch (the general path) bit for bit, at every width 1–17, with ordinary logits and with
    /// edge ones (±1000, ±∞, NaN, −0, a row of equal values), into another buffer and in place. (Without AVX-512
    /// both sides take the general path, and this checks only that a row's softmax does not depend on its neighbours.)
    /// </summary>
    [Fact]
    public void Softmax_of_one_short_row_equals_the_same_row_in_a_batch_bit_for_bit()
    {
        float[][] edges = [[1000f, -1000f, 999f], [float.PositiveInfinity, 1f], [float.NegativeInfinity, 0f, 2f], [float.NaN, 3f], [-0f, 0f], [5f, 5f, 5f, 5f]];
        foreach (int cols in Enumerable.Range(1, 17))
        {
            for (int variant = 0; variant <= edges.Length; variant++)
            {
                float[] row = Random(cols, (ulong)(10 + cols), -20, 20);
                if (variant < edges.Length)
                {
                    edges[variant].AsSpan(0, Math.Min(cols, edges[variant].Length)).CopyTo(row);
                }

                // The row as the second of three rows: the batch path.
                float[] batch = [.. Random(cols, 1, -20, 20), .. row, .. Random(cols, 2, -20, 20)];
                float[] batchY = new float[batch.Length];
                ActivationKernels.Forward(ActivationFunction.Softmax, 0f, batch, batchY, cols);
                float[] y = new float[cols];
                ActivationKernels.Forward(ActivationFunction.Softmax, 0f, row, y, cols);
                float[] inPlace = (float[])row.Clone(); // as predict applies it: the output is its own input
                ActivationKernels.Forward(ActivationFunction.Softmax, 0f, inPlace, inPlace, cols);
                var expected = batchY.Skip(cols).Take(cols).Select(BitConverter.SingleToInt32Bits);
                Assert.True(y.Select(BitConverter.SingleToInt32Bits).SequenceEqual(expected),
                    $"{cols} classes, variant {variant}: [{string.Join(", ", y)}] against [{string.Join(", ", batchY.Skip(cols).Take(cols))}]");
                Assert.True(inPlace.Select(BitConverter.SingleToInt32Bits).SequenceEqual(expected), $"{cols} classes, variant {variant}, in place");
            }
        }
    }

    [Fact]
    public void Cpu_backend_routes_to_the_kernels_in_both_dtypes()
    {
        var backend = new CpuBackend(1);
        float[] x = [-2, 0, 3];
        var y32 = Tensors.Tensor.Zeros(1, 3);
        backend.ActivationForward(ActivationFunction.ELU, 0.5, Tensors.Tensor.FromArray(x, 1, 3), y32);
        var y64 = Tensors.Tensor.Zeros(new Tensors.Shape(1, 3), Tensors.DType.Float64);
        backend.ActivationForward(ActivationFunction.ELU, 0.5, Tensors.Tensor.FromArray(x.Select(v => (double)v).ToArray(), 1, 3), y64);

        double[] expected = [0.5 * (Math.Exp(-2) - 1), 0, 3];
        Close(expected, y32.Float32Span, what: "float32");
        Assert.Equal(expected[0], y64.GetDouble(0), 1e-15);
        Assert.Equal(expected[2], y64.GetDouble(2), 1e-15);
    }
}
