using NeuralSharp.Metrics;
using NeuralSharp.Tensors;
using static NeuralSharp.Tests.Metrics.MetricTestData;

namespace NeuralSharp.Tests.Metrics;

public class ClassificationMetricTests
{
    private const int Digits = 12;

    private static double Run(Metric metric, Tensor predictions, Tensor targets)
    {
        metric.Update(predictions, targets);
        return metric.Result();
    }

    [Fact]
    public void Binary_matches_hand_computed_sklearn_values()
    {
        var p = Column(BinaryProbabilities);
        var y = Column(BinaryTargets);
        Assert.Equal(5.0 / 8, Run(new Accuracy(), p, y), Digits);
        Assert.Equal(3.0 / 4, Run(new Precision(), p, y), Digits);
        Assert.Equal(3.0 / 5, Run(new Recall(), p, y), Digits);
        Assert.Equal(2.0 / 3, Run(new F1(), p, y), Digits);
    }

    [Fact]
    public void Macro_metrics_on_binary_single_column_average_both_classes()
    {
        var p = Column(BinaryProbabilities);
        var y = Column(BinaryTargets);
        Assert.Equal(5.0 / 8, Run(new MacroPrecision(), p, y), Digits);
        Assert.Equal(19.0 / 30, Run(new MacroRecall(), p, y), Digits);
        Assert.Equal(13.0 / 21, Run(new MacroF1(), p, y), Digits);
    }

    [Fact]
    public void Binary_logits_threshold_at_zero()
    {
        var z = Column(BinaryLogits);
        var y = Column(BinaryTargets);
        Assert.Equal(5.0 / 8, Run(new Accuracy(fromLogits: true), z, y), Digits);
        Assert.Equal(3.0 / 4, Run(new Precision(fromLogits: true), z, y), Digits);

        // Read as probabilities instead, every negative logit is below 0.5 and every positive one above 0.5
        // except 0.4, so the decisions change: predicted [1, 0, 0, 0, 1, 0, 1, 0] → 4 of 8 correct.
        Assert.Equal(4.0 / 8, Run(new Accuracy(), z, y), Digits);
    }

    [Fact]
    public void Logit_threshold_is_the_logit_of_the_probability_threshold()
    {
        // log(0.65 / 0.35) ≈ 0.619: z = 0.6 predicts 0 and z = 0.64 predicts 1.
        var z = Column([0.6f, 0.64f]);
        var y = Column([1, 1]);
        Assert.Equal(0.5, Run(new Accuracy(threshold: 0.65, fromLogits: true), z, y), Digits);

        // Same decisions as σ(z) against 0.65: σ(0.6) ≈ 0.6457, σ(0.64) ≈ 0.6548.
        var p = Column([(float)(1 / (1 + Math.Exp(-0.6))), (float)(1 / (1 + Math.Exp(-0.64)))]);
        Assert.Equal(0.5, Run(new Accuracy(threshold: 0.65), p, y), Digits);
    }

    [Fact]
    public void Threshold_is_strict_and_configurable()
    {
        var p = Column([0.5f, 0.3f, 0.2f]);
        var y = Column([0, 1, 0]);

        // Default 0.5: 0.5 is not above it → predicted [0, 0, 0], 2 of 3 correct.
        Assert.Equal(2.0 / 3, Run(new Accuracy(), p, y), Digits);

        // Threshold 0.25: predicted [1, 1, 0] → rows 1 and 2 correct; precision 1/2, recall 1.
        Assert.Equal(2.0 / 3, Run(new Accuracy(threshold: 0.25), p, y), Digits);
        Assert.Equal(0.5, Run(new Precision(threshold: 0.25), p, y), Digits);
        Assert.Equal(1.0, Run(new Recall(threshold: 0.25), p, y), Digits);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Threshold_outside_open_unit_interval_is_rejected(double threshold)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Accuracy(threshold));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConfusionMatrix(threshold));
    }

    [Fact]
    public void Multiclass_matches_sklearn_documentation_example()
    {
        var p = Tensor.From(MultiScores);
        var y = Column(MultiIndexTargets);
        Assert.Equal(2.0 / 6, Run(new Accuracy(), p, y), Digits);
        Assert.Equal(2.0 / 9, Run(new MacroPrecision(), p, y), Digits);
        Assert.Equal(1.0 / 3, Run(new MacroRecall(), p, y), Digits);
        Assert.Equal(4.0 / 15, Run(new MacroF1(), p, y), Digits);
    }

    [Fact]
    public void Plain_precision_recall_f1_are_macro_averaged_for_multiclass()
    {
        var p = Tensor.From(MultiScores);
        var y = Column(MultiIndexTargets);
        Assert.Equal(2.0 / 9, Run(new Precision(), p, y), Digits);
        Assert.Equal(1.0 / 3, Run(new Recall(), p, y), Digits);
        Assert.Equal(4.0 / 15, Run(new F1(), p, y), Digits);
    }

    [Fact]
    public void Two_column_outputs_are_multiclass_so_precision_is_macro()
    {
        // The binary fixture as two-column scores [1 − p, p]: same decisions, but two output columns mean
        // multi-class, so Precision is the macro average 5/8 rather than the positive-class 3/4.
        int n = BinaryProbabilities.Length;
        var p = Tensor.Zeros(n, 2);
        for (int r = 0; r < n; r++)
        {
            p[r, 0] = 1 - BinaryProbabilities[r];
            p[r, 1] = BinaryProbabilities[r];
        }

        var y = Column(BinaryTargets);
        Assert.Equal(5.0 / 8, Run(new Precision(), p, y), Digits);
        Assert.Equal(19.0 / 30, Run(new Recall(), p, y), Digits);
        Assert.Equal(13.0 / 21, Run(new F1(), p, y), Digits);
        Assert.Equal(5.0 / 8, Run(new Accuracy(), p, y), Digits);
    }

    [Fact]
    public void One_hot_and_index_targets_give_identical_results()
    {
        var p = Tensor.From(MultiScores);
        var index = Column(MultiIndexTargets);
        var oneHot = OneHot(MultiIndexTargets, 3);
        foreach (string name in new[] { "accuracy", "precision", "recall", "f1", "macro_precision", "macro_recall", "macro_f1" })
        {
            double a = Run(Metric.FromName(name), p, index);
            double b = Run(Metric.FromName(name), p, oneHot);
            Assert.Equal(a, b);
        }

        Assert.Equal(2.0 / 9, Run(new MacroPrecision(), p, oneHot), Digits);
    }

    [Fact]
    public void Soft_targets_decode_by_argmax()
    {
        var p = Tensor.From(new float[,] { { 0.9f, 0.1f, 0 }, { 0.1f, 0.8f, 0.1f } });
        var y = Tensor.From(new float[,] { { 0.05f, 0.9f, 0.05f }, { 0.05f, 0.9f, 0.05f } });
        Assert.Equal(0.5, Run(new Accuracy(), p, y), Digits);
    }

    [Fact]
    public void Argmax_ties_go_to_lowest_index()
    {
        var p = Tensor.From(new float[,] { { 0.4f, 0.4f, 0.2f }, { 0.1f, 0.45f, 0.45f } });
        Assert.Equal(1.0, Run(new Accuracy(), p, Column([0, 1])), Digits);
        Assert.Equal(0.0, Run(new Accuracy(), p, Column([1, 2])), Digits);
    }

    [Fact]
    public void Classes_absent_from_targets_and_predictions_are_left_out_of_macro_averages()
    {
        // A fourth column that never wins and never appears in the targets: sklearn averages over the three
        // labels present, so the values match the three-class example (including it would give 2/12).
        var three = Tensor.From(MultiScores);
        var p = Tensor.Zeros(6, 4);
        for (int r = 0; r < 6; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                p[r, c] = three[r, c];
            }

            p[r, 3] = -1;
        }

        var y = Column(MultiIndexTargets);
        Assert.Equal(2.0 / 9, Run(new MacroPrecision(), p, y), Digits);
        Assert.Equal(1.0 / 3, Run(new MacroRecall(), p, y), Digits);
        Assert.Equal(4.0 / 15, Run(new MacroF1(), p, y), Digits);
    }

    [Fact]
    public void Class_only_predicted_counts_zero_recall_and_class_only_actual_counts_zero_precision()
    {
        // y_true = [0, 0, 1], y_pred = [0, 2, 0] over 3 classes.
        // Class 0: TP 1, predicted 2, actual 2 → P 1/2, R 1/2, F1 1/2. Class 1: actual only → P 0, R 0.
        // Class 2: predicted only → P 0, R 0. sklearn macro: P 1/6, R 1/6, F1 1/6.
        var p = Tensor.From(new float[,] { { 1, 0, 0 }, { 0, 0, 1 }, { 1, 0, 0 } });
        var y = Column([0, 0, 1]);
        Assert.Equal(1.0 / 6, Run(new MacroPrecision(), p, y), Digits);
        Assert.Equal(1.0 / 6, Run(new MacroRecall(), p, y), Digits);
        Assert.Equal(1.0 / 6, Run(new MacroF1(), p, y), Digits);
    }

    [Fact]
    public void Binary_precision_is_zero_when_nothing_predicted_positive()
    {
        var p = Column([0.1f, 0.2f]);
        var y = Column([1, 0]);
        Assert.Equal(0.0, Run(new Precision(), p, y));
        Assert.Equal(0.0, Run(new F1(), p, y));
        Assert.Equal(0.0, Run(new Recall(), p, y));
        Assert.Equal(0.5, Run(new Accuracy(), p, y), Digits);
    }

    [Theory]
    [InlineData("accuracy")]
    [InlineData("precision")]
    [InlineData("recall")]
    [InlineData("f1")]
    [InlineData("macro_precision")]
    [InlineData("macro_recall")]
    [InlineData("macro_f1")]
    public void Streaming_batches_equal_one_big_update(string name)
    {
        var pb = Column(BinaryProbabilities);
        var yb = Column(BinaryTargets);
        var whole = Metric.FromName(name);
        whole.Update(pb, yb);
        var streamed = Metric.FromName(name);
        streamed.Update(Slice(pb, 0, 3), Slice(yb, 0, 3));
        streamed.Update(Slice(pb, 3, 0), Slice(yb, 3, 0));
        streamed.Update(Slice(pb, 3, 5), Slice(yb, 3, 5));
        Assert.Equal(whole.Result(), streamed.Result(), Digits);

        var pm = Tensor.From(MultiScores);
        var ym = Column(MultiIndexTargets);
        whole = Metric.FromName(name);
        whole.Update(pm, ym);
        streamed = Metric.FromName(name);
        for (int r = 0; r < 6; r += 2)
        {
            streamed.Update(Slice(pm, r, 2), Slice(ym, r, 2));
        }

        Assert.Equal(whole.Result(), streamed.Result(), Digits);
    }

    [Fact]
    public void Reset_forgets_counts_and_allows_a_new_width()
    {
        var m = new MacroF1();
        m.Update(Tensor.From(MultiScores), Column(MultiIndexTargets));
        Assert.Throws<ArgumentException>(() => m.Update(Column(BinaryProbabilities), Column(BinaryTargets)));
        m.Reset();
        Assert.Equal(0.0, m.Result());
        m.Update(Column(BinaryProbabilities), Column(BinaryTargets));
        Assert.Equal(13.0 / 21, m.Result(), Digits);
    }

    [Fact]
    public void Result_before_any_update_is_zero()
    {
        foreach (string name in new[] { "accuracy", "precision", "recall", "f1", "macro_precision", "macro_recall", "macro_f1" })
        {
            Assert.Equal(0.0, Metric.FromName(name).Result());
        }
    }

    [Fact]
    public void Float64_predictions_and_targets_work()
    {
        var p = Tensor.From(new double[,] { { 0.7, 0.3 }, { 0.2, 0.8 }, { 0.6, 0.4 } }, DType.Float64);
        var y = Tensor.FromArray(new double[] { 0, 1, 1 }, 3, 1);
        Assert.Equal(2.0 / 3, Run(new Accuracy(), p, y), Digits);
    }

    [Fact]
    public void Row_count_mismatch_names_both_shapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Accuracy().Update(Tensor.Zeros(3, 1), Tensor.Zeros(2, 1)));
        Assert.Contains("(3, 1)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(2, 1)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Class_index_out_of_range_names_row_and_value()
    {
        var p = Tensor.From(MultiScores);
        var y = Column([0, 1, 2, 3, 1, 2]);
        var ex = Assert.Throws<ArgumentException>(() => new MacroF1().Update(p, y));
        Assert.Contains("Row 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("class 3", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void Invalid_index_targets_are_rejected(float bad)
    {
        var p = Tensor.From(MultiScores);
        var y = Column([0, 1, bad, 0, 1, 2]);
        var ex = Assert.Throws<ArgumentException>(() => new Accuracy().Update(p, y));
        Assert.Contains("Row 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_targets_must_be_zero_or_one()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Accuracy().Update(Column([0.9f, 0.1f]), Column([1, 2])));
        Assert.Contains("Row 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Target_width_must_be_one_or_the_class_count()
    {
        var p = Tensor.From(MultiScores);
        Assert.Throws<ArgumentException>(() => new Accuracy().Update(p, Tensor.Zeros(6, 2)));
        Assert.Throws<ArgumentException>(() => new Accuracy().Update(Column(BinaryProbabilities), OneHot(BinaryTargets, 2)));
    }

    [Fact]
    public void Failed_update_leaves_state_unchanged()
    {
        var m = new Accuracy();
        var p = Tensor.From(MultiScores);
        m.Update(p, Column(MultiIndexTargets));

        // Rows 0–4 are valid (and would add 2 correct of 5); row 5 is out of range.
        Assert.Throws<ArgumentException>(() => m.Update(p, Column([0, 2, 1, 0, 0, 7])));
        Assert.Equal(2.0 / 6, m.Result(), Digits);

        var f1 = new MacroF1();
        f1.Update(p, Column(MultiIndexTargets));
        Assert.Throws<ArgumentException>(() => f1.Update(p, Column([0, 2, 1, 0, 0, 7])));
        Assert.Equal(4.0 / 15, f1.Result(), Digits);
    }
}
