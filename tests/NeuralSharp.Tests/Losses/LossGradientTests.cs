using NeuralSharp.Compute;
using NeuralSharp.Losses;
using NeuralSharp.Tensors;
using NeuralSharp.Tests.Support;

namespace NeuralSharp.Tests.Losses;

/// <summary>Every loss's ∂cost/∂prediction against central finite differences, in double.</summary>
public sealed class LossGradientTests
{
    private const int Rows = 4;
    private const int Cols = 5;
    private static readonly CpuBackend Backend = new(1);

    private static Tensor Uniform(RandomSource random, double low, double high, int rows = Rows, int cols = Cols)
    {
        var t = Tensor.Zeros(new Shape(rows, cols), DType.Float64);
        for (int i = 0; i < t.Length; i++)
        {
            t.SetDouble(i, random.NextUniform(low, high));
        }

        return t;
    }

    private static Tensor OneHot(RandomSource random, out Tensor indices)
    {
        var t = Tensor.Zeros(new Shape(Rows, Cols), DType.Float64);
        indices = Tensor.Zeros(new Shape(Rows, 1), DType.Float64);
        for (int r = 0; r < Rows; r++)
        {
            int c = random.NextInt(Cols);
            t.SetDouble((r * Cols) + c, 1);
            indices.SetDouble(r, c);
        }

        return t;
    }

    /// <summary>Divides each row by its sum, so the row is a probability distribution.</summary>
    private static Tensor NormalisedRows(Tensor t)
    {
        for (int r = 0; r < t.Rows; r++)
        {
            double sum = 0;
            for (int c = 0; c < t.RowSize; c++)
            {
                sum += t.GetDouble((r * t.RowSize) + c);
            }

            for (int c = 0; c < t.RowSize; c++)
            {
                t.SetDouble((r * t.RowSize) + c, t.GetDouble((r * t.RowSize) + c) / sum);
            }
        }

        return t;
    }

    private static void AssertGradient(Loss loss, Tensor predictions, Tensor targets, int expectedChecked)
    {
        var report = GradientChecker.CheckLoss((p, g) => loss.Compute(Backend, p, targets, g), predictions);

        Assert.True(report.WorstRelativeError < 1e-6, $"{loss.Name}: worst relative error {report.WorstRelativeError:G3} at {report.Worst}");
        Assert.Equal(0, report.SkippedAtKinks);
        Assert.Equal(expectedChecked, report.Checked);
    }

    [Fact]
    public void Mean_squared_error()
    {
        var random = new RandomSource(11);
        var report = GradientChecker.CheckLoss((p, g) => Loss.MeanSquaredError.Compute(Backend, p, Uniform(new RandomSource(12), -2, 2), g), Uniform(random, -2, 2));

        Assert.True(report.WorstRelativeError < 1e-6, report.Worst);
        Assert.Equal(Rows * Cols, report.Checked);
        Assert.Equal(0, report.SkippedAtKinks);
    }

    [Fact]
    public void Mean_absolute_error_skips_and_counts_kinks()
    {
        var random = new RandomSource(13);
        Tensor predictions = Uniform(random, -2, 2);
        Tensor targets = Uniform(random, -2, 2);

        // Two predictions sit exactly on their targets: |p − t| has a kink there.
        targets.SetDouble(3, predictions.GetDouble(3));
        targets.SetDouble(17, predictions.GetDouble(17));
        var report = GradientChecker.CheckLoss((p, g) => Loss.MeanAbsoluteError.Compute(Backend, p, targets, g), predictions);

        Assert.True(report.WorstRelativeError < 1e-6, report.Worst);
        Assert.Equal(2, report.SkippedAtKinks);
        Assert.Equal((Rows * Cols) - 2, report.Checked);
    }

    [Fact]
    public void Binary_cross_entropy_from_probabilities()
    {
        var random = new RandomSource(14);
        Tensor targets = Uniform(random, 0, 1);
        for (int i = 0; i < targets.Length; i++)
        {
            targets.SetDouble(i, i % 3 == 0 ? 0.3 : Math.Round(targets.GetDouble(i)));
        }

        AssertGradient(new BinaryCrossEntropy(), Uniform(random, 0.05, 0.95), targets, Rows * Cols);
    }

    [Fact]
    public void Binary_cross_entropy_from_logits()
    {
        var random = new RandomSource(15);
        Tensor targets = Uniform(random, 0, 1);
        AssertGradient(new BinaryCrossEntropy(fromLogits: true), Uniform(random, -6, 6), targets, Rows * Cols);
    }

    [Fact]
    public void Categorical_cross_entropy_from_probabilities()
    {
        var random = new RandomSource(16);
        Tensor p = NormalisedRows(Uniform(random, 0.05, 0.95));

        Tensor oneHot = OneHot(random, out Tensor indices);
        AssertGradient(new CategoricalCrossEntropy(), p, oneHot, Rows * Cols);
        AssertGradient(new CategoricalCrossEntropy(), p, indices, Rows * Cols);
    }

    [Fact]
    public void Categorical_cross_entropy_from_logits_with_one_hot_targets()
    {
        var random = new RandomSource(17);
        Tensor oneHot = OneHot(random, out _);
        AssertGradient(new CategoricalCrossEntropy(fromLogits: true), Uniform(random, -4, 4), oneHot, Rows * Cols);
    }

    [Fact]
    public void Categorical_cross_entropy_from_logits_with_class_index_targets()
    {
        var random = new RandomSource(18);
        OneHot(random, out Tensor indices);
        AssertGradient(new CategoricalCrossEntropy(fromLogits: true), Uniform(random, -4, 4), indices, Rows * Cols);
    }

    [Fact]
    public void Categorical_cross_entropy_from_logits_with_soft_targets()
    {
        var random = new RandomSource(19);
        Tensor soft = NormalisedRows(Uniform(random, 0.05, 0.95));
        AssertGradient(new CategoricalCrossEntropy(fromLogits: true), Uniform(random, -4, 4), soft, Rows * Cols);
    }
}
