using NeuralSharp.Compute;
using NeuralSharp.Kernels;
using NeuralSharp.Losses;
using NeuralSharp.Tensors;

namespace NeuralSharp.Tests.Losses;

/// <summary>Loss values on hand-computed examples, stability at extreme logits, and argument errors.</summary>
public sealed class LossNumericsTests
{
    private static readonly CpuBackend Backend = new(1);

    private static Tensor D(int rows, int cols, params double[] values) => Tensor.FromArray(values, rows, cols);

    [Fact]
    public void Categorical_cross_entropy_from_logits_near_plus_minus_1000_is_finite_and_exact()
    {
        // Row 0: logits [1000, −1000, 999], true class 2. Row 1: [−1000, −999, −1000], true class 0.
        double[] logits = [1000, -1000, 999, -1000, -999, -1000];
        int[] labels = [2, 0];
        Tensor z = D(2, 3, logits);
        var gradient = Tensor.Zeros(new Shape(2, 3), DType.Float64);
        var probabilities = Tensor.Zeros(new Shape(2, 3), DType.Float64);

        double cost = Backend.CategoricalCrossEntropy(z, D(2, 1, 2, 0), gradient, fromLogits: true, probabilities);

        double expectedCost = 0;
        for (int r = 0; r < 2; r++)
        {
            // logsumexp by hand: max + log Σ exp(z − max).
            double max = Math.Max(logits[r * 3], Math.Max(logits[(r * 3) + 1], logits[(r * 3) + 2]));
            double sum = Math.Exp(logits[r * 3] - max) + Math.Exp(logits[(r * 3) + 1] - max) + Math.Exp(logits[(r * 3) + 2] - max);
            double lse = max + Math.Log(sum);
            expectedCost += (lse - logits[(r * 3) + labels[r]]) / 2;
            for (int j = 0; j < 3; j++)
            {
                double softmax = Math.Exp(logits[(r * 3) + j] - max) / sum;
                double expectedGrad = (softmax - (j == labels[r] ? 1 : 0)) / 2;
                Assert.Equal(expectedGrad, gradient.GetDouble((r * 3) + j), 1e-15);
                Assert.Equal(softmax, probabilities.GetDouble((r * 3) + j), 1e-15);
            }
        }

        // Row 0: 1 + log(1 + e⁻¹) ≈ 1.3133; row 1: log(1 + 2e⁻¹) + 1 ≈ 1.5514 → mean ≈ 1.4323.
        Assert.True(double.IsFinite(cost));
        Assert.Equal(expectedCost, cost, 1e-12);
        Assert.Equal(((1 + Math.Log(1 + Math.Exp(-1))) + (1 + Math.Log(1 + (2 * Math.Exp(-1))))) / 2, cost, 1e-12);
    }

    [Fact]
    public void Categorical_cross_entropy_from_logits_near_1000_is_finite_in_float32()
    {
        Tensor z = Tensor.FromArray(new float[] { 1000, -1000, 999 }, 1, 3);
        var gradient = Tensor.Zeros(new Shape(1, 3));

        double cost = Backend.CategoricalCrossEntropy(z, Tensor.FromArray(new float[] { 0, 0, 1 }, 1, 3), gradient, fromLogits: true, probabilities: null);

        Assert.Equal(1 + Math.Log(1 + Math.Exp(-1)), cost, 1e-4);
        // Probabilities are e^(z−max)/Σ, so float32 keeps full relative precision even at ±1000.
        Assert.Equal(1 / (1 + Math.Exp(-1)), gradient[0], 1e-6);
        Assert.Equal(0, gradient[1]);
        Assert.Equal((1 / (1 + Math.E)) - 1, gradient[2], 1e-6);
    }

    [Theory]
    [InlineData(1000, 1, 0, 0)]
    [InlineData(1000, 0, 1000, 1)]
    [InlineData(-1000, 0, 0, 0)]
    [InlineData(-1000, 1, 1000, -1)]
    [InlineData(0, 1, 0.6931471805599453, -0.5)]
    public void Binary_cross_entropy_from_logits_at_extremes_is_finite_and_correct(double z, double t, double expectedLoss, double expectedGradient)
    {
        foreach (DType dtype in (DType[])[DType.Float64, DType.Float32])
        {
            var logits = Tensor.Zeros(new Shape(1, 1), dtype);
            logits.SetDouble(0, z);
            var targets = Tensor.Zeros(new Shape(1, 1), dtype);
            targets.SetDouble(0, t);
            var gradient = Tensor.Zeros(new Shape(1, 1), dtype);

            double loss = Backend.BinaryCrossEntropy(logits, targets, gradient, fromLogits: true);

            Assert.Equal(expectedLoss, loss, 1e-6);
            Assert.Equal(expectedGradient, gradient.GetDouble(0), 1e-6);
        }
    }

    [Fact]
    public void Mean_squared_error_by_hand()
    {
        // ((1 − 0)² + (2 − 0)²)/2 = 2.5; gradient 2(p − t)/2 = [1, 2].
        var gradient = Tensor.Zeros(new Shape(1, 2), DType.Float64);
        Assert.Equal(2.5, Loss.MeanSquaredError.Compute(Backend, D(1, 2, 1, 2), D(1, 2, 0, 0), gradient), 1e-15);
        Assert.Equal([1.0, 2.0], gradient.ToDoubleArray());
    }

    [Fact]
    public void Mean_absolute_error_by_hand()
    {
        // (|1 − 0| + |−3 − 1| + |2 − 2|)/3 = 5/3; gradient sign(p − t)/3 with 0 at the kink.
        var gradient = Tensor.Zeros(new Shape(1, 3), DType.Float64);
        Assert.Equal(5.0 / 3, Loss.MeanAbsoluteError.Compute(Backend, D(1, 3, 1, -3, 2), D(1, 3, 0, 1, 2), gradient), 1e-15);
        Assert.Equal([1.0 / 3, -1.0 / 3, 0], gradient.ToDoubleArray());
    }

    [Fact]
    public void Binary_cross_entropy_from_probabilities_by_hand()
    {
        // −(log 0.8 + log(1 − 0.4))/2 = −(log 0.8 + log 0.6)/2 ≈ 0.36698.
        var gradient = Tensor.Zeros(new Shape(2, 1), DType.Float64);
        double loss = Loss.BinaryCrossEntropy.Compute(Backend, D(2, 1, 0.8, 0.4), D(2, 1, 1, 0), gradient);

        Assert.Equal(-(Math.Log(0.8) + Math.Log(0.6)) / 2, loss, 1e-12);

        // (p − t)/(p(1 − p)·2): −0.2/(0.16·2) = −0.625, 0.4/(0.24·2) = 0.8333….
        Assert.Equal(-0.625, gradient.GetDouble(0), 1e-12);
        Assert.Equal(0.4 / 0.48, gradient.GetDouble(1), 1e-12);
    }

    [Fact]
    public void Binary_cross_entropy_clamps_probabilities_of_zero_and_one()
    {
        double loss = Loss.BinaryCrossEntropy.Compute(Backend, D(1, 2, 0, 1), D(1, 2, 1, 0), null);

        // Both terms are −log(1e−7) = 16.118….
        Assert.Equal(-Math.Log(1e-7), loss, 1e-6);
    }

    [Fact]
    public void Categorical_cross_entropy_from_probabilities_by_hand()
    {
        // Rows [0.7, 0.2, 0.1] class 0 and [0.25, 0.25, 0.5] class 2: (−log 0.7 − log 0.5)/2 ≈ 0.52491.
        Tensor p = D(2, 3, 0.7, 0.2, 0.1, 0.25, 0.25, 0.5);
        var gradient = Tensor.Zeros(new Shape(2, 3), DType.Float64);
        double expected = -(Math.Log(0.7) + Math.Log(0.5)) / 2;

        Assert.Equal(expected, Loss.CategoricalCrossEntropy.Compute(Backend, p, D(2, 3, 1, 0, 0, 0, 0, 1), gradient), 1e-12);

        // −t/(p·N): −1/(0.7·2) at [0, 0], −1/(0.5·2) = −1 at [1, 2], 0 elsewhere.
        Assert.Equal([-1 / 1.4, 0, 0, 0, 0, -1], gradient.ToDoubleArray(), new ToleranceComparer(1e-12));
        Assert.Equal(expected, Loss.CategoricalCrossEntropy.Compute(Backend, p, D(2, 1, 0, 2), null), 1e-12);
    }

    [Theory]
    [InlineData(3.0, 1)]
    [InlineData(-1.0, 1)]
    [InlineData(0.5, 1)]
    [InlineData(double.NaN, 1)]
    [InlineData(7.0, 0)]
    public void Bad_class_index_throws_naming_the_row(double badTarget, int badRow)
    {
        double[] targets = [0, 0];
        targets[badRow] = badTarget;
        foreach (bool fromLogits in (bool[])[true, false])
        {
            var ex = Assert.Throws<ArgumentException>(
                () => new CategoricalCrossEntropy(fromLogits).Compute(Backend, D(2, 3, 0.2, 0.3, 0.5, 0.1, 0.1, 0.8), D(2, 1, targets), null));
            Assert.Contains($"row {badRow}", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Mismatched_lengths_throw()
    {
        Tensor p = D(2, 3, 1, 2, 3, 4, 5, 6);
        Tensor t = D(2, 2, 1, 2, 3, 4);
        foreach (Loss loss in (Loss[])[Loss.MeanSquaredError, Loss.MeanAbsoluteError, Loss.BinaryCrossEntropy, new BinaryCrossEntropy(fromLogits: true), Loss.CategoricalCrossEntropy, new CategoricalCrossEntropy(fromLogits: true)])
        {
            Assert.Throws<ArgumentException>(() => loss.Compute(Backend, p, t, null));
            Assert.Throws<ArgumentException>(() => loss.Compute(Backend, p, p, Tensor.Zeros(new Shape(2, 2), DType.Float64)));
        }

        // Categorical targets must have one row per prediction row even when the sizes agree.
        Assert.Throws<ArgumentException>(() => Loss.CategoricalCrossEntropy.Compute(Backend, p, D(3, 2, 1, 0, 0, 1, 1, 0), null));
    }

    [Fact]
    public void Kernels_reject_mismatched_lengths_directly()
    {
        Assert.Throws<ArgumentException>(() => LossKernels.MeanSquaredError<double>([1, 2, 3], [1, 2], default));
        Assert.Throws<ArgumentException>(() => LossKernels.MeanAbsoluteError<double>([1, 2], [1, 2, 3], default));
        Assert.Throws<ArgumentException>(() => LossKernels.BinaryCrossEntropy<double>([0.5], [], default, fromLogits: false));
        Assert.Throws<ArgumentException>(() => LossKernels.CategoricalCrossEntropy<double>([1, 2, 3, 4, 5, 6], [1, 0, 0], default, default, rows: 2, cols: 3, fromLogits: true));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
