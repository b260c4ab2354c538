using NeuralSharp.Metrics;
using NeuralSharp.Tensors;
using static NeuralSharp.Tests.Metrics.MetricTestData;

namespace NeuralSharp.Tests.Metrics;

public class RegressionMetricTests
{
    private const int Digits = 12;

    // scikit-learn documentation example: y_true = [3, -0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8].
    // Errors ŷ − y = [-0.5, 0.5, 0, 1]: MSE 1.5/4 = 0.375, MAE 2/4 = 0.5, mean error 1/4 = 0.25, RMSE √0.375.
    // ȳ = 2.875, SS_tot = 29.1875, SS_res = 1.5 → R² = 1 − 1.5/29.1875 = 0.9486081370449679.
    private static readonly float[] s_docTargets = [3f, -0.5f, 2f, 7f];
    private static readonly float[] s_docPredictions = [2.5f, 0f, 2f, 8f];

    // scikit-learn multi-output example: y_true = [[0.5, 1], [-1, 1], [7, -6]], y_pred = [[0, 2], [-1, 2], [8, -5]].
    // Column 0: ȳ = 13/6, SS_tot = 217/6, SS_res = 1.25 → R² = 1 − 7.5/217.
    // Column 1: ȳ = −4/3, SS_tot = 98/3, SS_res = 3 → R² = 1 − 9/98.
    // uniform_average: 0.9368005266622779 (sklearn prints 0.936...). MSE = 4.25/6 (sklearn 0.708...), MAE = 4.5/6.
    // Errors: column 0 [-0.5, 0, 1], column 1 [1, 1, 1] → Σ|e| = 4.5, Σe = 3.5.
    private static readonly float[,] s_multiTargets = { { 0.5f, 1 }, { -1, 1 }, { 7, -6 } };
    private static readonly float[,] s_multiPredictions = { { 0, 2 }, { -1, 2 }, { 8, -5 } };

    private static double Run(Metric metric, Tensor predictions, Tensor targets)
    {
        metric.Update(predictions, targets);
        return metric.Result();
    }

    [Fact]
    public void Single_output_matches_sklearn_documentation_example()
    {
        var p = Column(s_docPredictions);
        var y = Column(s_docTargets);
        Assert.Equal(0.375, Run(new MeanSquaredError(), p, y), Digits);
        Assert.Equal(Math.Sqrt(0.375), Run(new RootMeanSquaredError(), p, y), Digits);
        Assert.Equal(0.5, Run(new MeanAbsoluteError(), p, y), Digits);
        Assert.Equal(0.25, Run(new MeanError(), p, y), Digits);
        Assert.Equal(0.9486081370449679, Run(new R2(), p, y), Digits);
    }

    [Fact]
    public void Multi_output_matches_sklearn_uniform_average()
    {
        var p = Tensor.From(s_multiPredictions);
        var y = Tensor.From(s_multiTargets);
        Assert.Equal(0.9368005266622779, Run(new R2(), p, y), Digits);
        Assert.Equal(4.25 / 6, Run(new MeanSquaredError(), p, y), Digits);
        Assert.Equal(Math.Sqrt(4.25 / 6), Run(new RootMeanSquaredError(), p, y), Digits);
        Assert.Equal(4.5 / 6, Run(new MeanAbsoluteError(), p, y), Digits); // sklearn: 0.75
        Assert.Equal(3.5 / 6, Run(new MeanError(), p, y), Digits);
    }

    [Fact]
    public void Mean_error_signs_cancel_while_mae_does_not()
    {
        // Wrong by +5 on one example and −5 on the other.
        var p = Column([15f, 5f]);
        var y = Column([10f, 10f]);
        Assert.Equal(0.0, Run(new MeanError(), p, y));
        Assert.Equal(5.0, Run(new MeanAbsoluteError(), p, y));
        Assert.Equal(25.0, Run(new MeanSquaredError(), p, y));
        Assert.Equal(5.0, Run(new RootMeanSquaredError(), p, y));
    }

    [Fact]
    public void Mean_error_sign_shows_direction_of_bias()
    {
        Assert.Equal(2.0, Run(new MeanError(), Column([3f, 4f]), Column([1f, 2f])));
        Assert.Equal(-2.0, Run(new MeanError(), Column([1f, 2f]), Column([3f, 4f])));
    }

    [Fact]
    public void R2_is_one_for_perfect_predictions()
    {
        var y = Column([1f, -2f, 3.5f, 10f]);
        Assert.Equal(1.0, Run(new R2(), y, y));
    }

    [Fact]
    public void R2_is_zero_for_constant_mean_predictor_and_negative_when_worse()
    {
        Assert.Equal(0.0, Run(new R2(), Column([2.5f, 2.5f, 2.5f, 2.5f]), Column([1f, 2f, 3f, 4f])), Digits);

        // y = [1, 2, 3], ŷ = [3, 2, 1]: SS_res = 8, SS_tot = 2 → R² = −3.
        Assert.Equal(-3.0, Run(new R2(), Column([3f, 2f, 1f]), Column([1f, 2f, 3f])), Digits);
    }

    [Fact]
    public void R2_of_constant_targets_follows_sklearn_force_finite()
    {
        Assert.Equal(1.0, Run(new R2(), Column([2f, 2f]), Column([2f, 2f])));
        Assert.Equal(0.0, Run(new R2(), Column([1f, 2f]), Column([2f, 2f])));

        // Per column, then averaged: column 0 constant and perfect (1), column 1 the mean predictor (0).
        var p = Tensor.From(new float[,] { { 5, 2 }, { 5, 2 } });
        var y = Tensor.From(new float[,] { { 5, 1 }, { 5, 3 } });
        Assert.Equal(0.5, Run(new R2(), p, y), Digits);
    }

    [Fact]
    public void R2_is_stable_for_targets_with_a_large_offset()
    {
        // y = 10⁸ + [1, 2, 3, 4], streamed one row at a time. SS_tot = 5; Σy² ≈ 4·10¹⁶ has a rounding step of 8,
        // so Σy² − (Σy)²/n would be meaningless here.
        double[] y = [1e8 + 1, 1e8 + 2, 1e8 + 3, 1e8 + 4];
        double[] mean = [1e8 + 2.5, 1e8 + 2.5, 1e8 + 2.5, 1e8 + 2.5];
        double[] close = [1e8 + 1.1, 1e8 + 1.9, 1e8 + 3.1, 1e8 + 3.9];
        var atMean = new R2();
        var nearFit = new R2();
        for (int i = 0; i < y.Length; i++)
        {
            var target = Tensor.FromArray(new[] { y[i] }, 1, 1);
            atMean.Update(Tensor.FromArray(new[] { mean[i] }, 1, 1), target);
            nearFit.Update(Tensor.FromArray(new[] { close[i] }, 1, 1), target);
        }

        Assert.Equal(0.0, atMean.Result(), 9);

        // SS_res = 4 · 0.01 = 0.04 → R² = 1 − 0.04/5 = 0.992.
        Assert.Equal(0.992, nearFit.Result(), 6);
    }

    [Theory]
    [InlineData("mse")]
    [InlineData("rmse")]
    [InlineData("mae")]
    [InlineData("mean_error")]
    [InlineData("r2")]
    public void Streaming_batches_equal_one_big_update(string name)
    {
        var p = Tensor.From(new float[,] { { 0.5f, 1 }, { -1, 3 }, { 7, -6 }, { 2, 2 }, { 0, 9 } });
        var y = Tensor.From(new float[,] { { 0, 2 }, { -1, 2 }, { 8, -5 }, { 1, 4 }, { 3, 3 } });
        var whole = Metric.FromName(name);
        whole.Update(p, y);
        var streamed = Metric.FromName(name);
        streamed.Update(Slice(p, 0, 1), Slice(y, 0, 1));
        streamed.Update(Slice(p, 1, 0), Slice(y, 1, 0));
        streamed.Update(Slice(p, 1, 3), Slice(y, 1, 3));
        streamed.Update(Slice(p, 4, 1), Slice(y, 4, 1));
        Assert.Equal(whole.Result(), streamed.Result(), Digits);
        Assert.NotEqual(0.0, whole.Result());
    }

    [Fact]
    public void Reset_forgets_everything()
    {
        foreach (string name in new[] { "mse", "rmse", "mae", "mean_error", "r2" })
        {
            var m = Metric.FromName(name);
            m.Update(Tensor.From(s_multiPredictions), Tensor.From(s_multiTargets));
            m.Reset();
            Assert.Equal(0.0, m.Result());
            m.Update(Column(s_docPredictions), Column(s_docTargets));
            var fresh = Metric.FromName(name);
            fresh.Update(Column(s_docPredictions), Column(s_docTargets));
            Assert.Equal(fresh.Result(), m.Result());
        }
    }

    [Fact]
    public void Result_before_any_update_is_zero()
    {
        foreach (string name in new[] { "mse", "rmse", "mae", "mean_error", "r2" })
        {
            Assert.Equal(0.0, Metric.FromName(name).Result());
        }
    }

    [Fact]
    public void Float64_tensors_are_read_exactly()
    {
        var p = Tensor.FromArray(new[] { 0.1, 0.2 }, 2, 1);
        var y = Tensor.FromArray(new[] { 0.0, 0.0 }, 2, 1);
        Assert.Equal((0.1 + 0.2) / 2, Run(new MeanError(), p, y));
    }

    [Fact]
    public void Mismatched_rows_name_both_shapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MeanSquaredError().Update(Tensor.Zeros(4, 2), Tensor.Zeros(3, 2)));
        Assert.Contains("(4, 2)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(3, 2)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mismatched_row_width_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MeanAbsoluteError().Update(Tensor.Zeros(4, 2), Tensor.Zeros(4, 1)));
        Assert.Contains("(4, 2)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(4, 1)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R2_rejects_a_new_width_until_reset()
    {
        var r2 = new R2();
        r2.Update(Tensor.From(s_multiPredictions), Tensor.From(s_multiTargets));
        Assert.Throws<ArgumentException>(() => r2.Update(Column(s_docPredictions), Column(s_docTargets)));
        Assert.Equal(0.9368005266622779, r2.Result(), Digits);
        r2.Reset();
        r2.Update(Column(s_docPredictions), Column(s_docTargets));
        Assert.Equal(0.9486081370449679, r2.Result(), Digits);
    }
}
