using NeuralSharp.Metrics;

namespace NeuralSharp.Tests.Metrics;

public class MetricFactoryTests
{
    [Fact]
    public void Names_cover_every_metric_and_round_trip()
    {
        string[] expected =
        [
            "accuracy", "precision", "recall", "f1", "macro_precision", "macro_recall", "macro_f1",
            "mse", "rmse", "mae", "r2", "mean_error",
        ];
        Assert.Equal(expected, Metric.Names);
        foreach (string name in expected)
        {
            Assert.Equal(name, Metric.FromName(name).Name);
        }
    }

    [Fact]
    public void Static_factories_return_the_right_types()
    {
        Assert.IsType<Accuracy>(Metric.Accuracy);
        Assert.IsType<Precision>(Metric.Precision);
        Assert.IsType<Recall>(Metric.Recall);
        Assert.IsType<F1>(Metric.F1);
        Assert.IsType<MacroPrecision>(Metric.MacroPrecision);
        Assert.IsType<MacroRecall>(Metric.MacroRecall);
        Assert.IsType<MacroF1>(Metric.MacroF1);
        Assert.IsType<MeanSquaredError>(Metric.MeanSquaredError);
        Assert.IsType<RootMeanSquaredError>(Metric.RootMeanSquaredError);
        Assert.IsType<MeanAbsoluteError>(Metric.MeanAbsoluteError);
        Assert.IsType<R2>(Metric.R2);
        Assert.IsType<MeanError>(Metric.MeanError);
    }

    [Fact]
    public void Factories_return_a_new_instance_every_call()
    {
        Assert.NotSame(Metric.Accuracy, Metric.Accuracy);
        Assert.NotSame(Metric.R2, Metric.R2);
        foreach (string name in Metric.Names)
        {
            Assert.NotSame(Metric.FromName(name), Metric.FromName(name));
        }
    }

    [Fact]
    public void FromName_ignores_case()
    {
        Assert.IsType<MeanSquaredError>(Metric.FromName("MSE"));
        Assert.IsType<MacroF1>(Metric.FromName("Macro_F1"));
    }

    [Fact]
    public void FromName_rejects_unknown_names_listing_the_valid_ones()
    {
        var ex = Assert.Throws<ArgumentException>(() => Metric.FromName("auc"));
        Assert.Contains("'auc'", ex.Message, StringComparison.Ordinal);
        foreach (string name in Metric.Names)
        {
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentNullException>(() => Metric.FromName(null!));
    }

    [Fact]
    public void Errors_are_lower_is_better()
    {
        foreach (string name in new[] { "accuracy", "precision", "recall", "f1", "macro_precision", "macro_recall", "macro_f1", "r2" })
        {
            Assert.True(Metric.FromName(name).HigherIsBetter, name);
        }

        foreach (string name in new[] { "mse", "rmse", "mae", "mean_error" })
        {
            Assert.False(Metric.FromName(name).HigherIsBetter, name);
        }
    }

    [Fact]
    public void ToString_is_the_name()
    {
        Assert.Equal("macro_recall", Metric.MacroRecall.ToString());
    }
}
