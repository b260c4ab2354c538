using NeuralSharp.Metrics;
using NeuralSharp.Tensors;
using static NeuralSharp.Tests.Metrics.MetricTestData;

namespace NeuralSharp.Tests.Metrics;

public class ConfusionMatrixTests
{
    // scikit-learn's confusion_matrix documentation example:
    // y_true = [2, 0, 2, 2, 0, 1], y_pred = [0, 0, 2, 2, 0, 2] → [[2, 0, 0], [0, 0, 1], [1, 0, 2]].
    private static readonly float[] s_docTargets = [2, 0, 2, 2, 0, 1];
    private static readonly float[] s_docPredicted = [0, 0, 2, 2, 0, 2];

    private static Tensor DocScores() => OneHot(s_docPredicted, 3);

    [Fact]
    public void Multiclass_matches_sklearn_documentation_example()
    {
        var cm = new ConfusionMatrix();
        cm.Update(DocScores(), Column(s_docTargets));
        Assert.Equal(3, cm.ClassCount);
        Assert.Equal(new long[,] { { 2, 0, 0 }, { 0, 0, 1 }, { 1, 0, 2 } }, cm.ToArray());
        Assert.Equal(1, cm[1, 2]);
        Assert.Equal(1, cm[2, 0]);
        Assert.Equal(0, cm[0, 2]);
        Assert.Equal(6, cm.Total);
        Assert.Equal(4.0 / 6, cm.Accuracy, 12);
    }

    [Fact]
    public void One_hot_and_index_targets_agree()
    {
        var a = new ConfusionMatrix();
        a.Update(DocScores(), Column(s_docTargets));
        var b = new ConfusionMatrix();
        b.Update(DocScores(), OneHot(s_docTargets, 3));
        Assert.Equal(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void Binary_single_column_gives_two_by_two()
    {
        // TN 2, FP 1, FN 2, TP 3 (see MetricTestData).
        var cm = new ConfusionMatrix();
        cm.Update(Column(BinaryProbabilities), Column(BinaryTargets));
        Assert.Equal(2, cm.ClassCount);
        Assert.Equal(new long[,] { { 2, 1 }, { 2, 3 } }, cm.ToArray());
    }

    [Fact]
    public void Binary_logits_and_threshold_options_apply()
    {
        var cm = new ConfusionMatrix(fromLogits: true);
        cm.Update(Column(BinaryLogits), Column(BinaryTargets));
        Assert.Equal(new long[,] { { 2, 1 }, { 2, 3 } }, cm.ToArray());

        // Threshold 0.65 turns p = 0.6 (row 2, actual 1) into a 0: TP 2, FN 3.
        var high = new ConfusionMatrix(threshold: 0.65);
        high.Update(Column(BinaryProbabilities), Column(BinaryTargets));
        Assert.Equal(new long[,] { { 2, 1 }, { 3, 2 } }, high.ToArray());
    }

    [Fact]
    public void Streaming_equals_one_update_and_reset_clears()
    {
        var whole = new ConfusionMatrix();
        whole.Update(DocScores(), Column(s_docTargets));
        var streamed = new ConfusionMatrix();
        streamed.Update(Slice(DocScores(), 0, 4), Slice(Column(s_docTargets), 0, 4));
        streamed.Update(Slice(DocScores(), 4, 2), Slice(Column(s_docTargets), 4, 2));
        Assert.Equal(whole.ToArray(), streamed.ToArray());

        streamed.Reset();
        Assert.Equal(0, streamed.ClassCount);
        Assert.Equal(0, streamed.Total);
        streamed.Update(Column(BinaryProbabilities), Column(BinaryTargets));
        Assert.Equal(new long[,] { { 2, 1 }, { 2, 3 } }, streamed.ToArray());
    }

    [Fact]
    public void Changing_class_count_without_reset_throws()
    {
        var cm = new ConfusionMatrix();
        cm.Update(DocScores(), Column(s_docTargets));
        Assert.Throws<ArgumentException>(() => cm.Update(Column(BinaryProbabilities), Column(BinaryTargets)));
        Assert.Equal(6, cm.Total);
    }

    [Fact]
    public void Indexer_rejects_out_of_range_classes()
    {
        var cm = new ConfusionMatrix();
        cm.Update(DocScores(), Column(s_docTargets));
        Assert.Throws<ArgumentOutOfRangeException>(() => cm[3, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => cm[0, -1]);
    }

    [Fact]
    public void Format_with_labels_renders_aligned_table()
    {
        var cm = new ConfusionMatrix();
        cm.Update(DocScores(), Column(s_docTargets));
        string expected =
            "actual \\ predicted   ant  bird   cat\n" +
            "ant                    2     0     0\n" +
            "bird                   0     0     1\n" +
            "cat                    1     0     2";
        Assert.Equal(expected, cm.Format(["ant", "bird", "cat"]));
    }

    [Fact]
    public void ToString_uses_class_indices()
    {
        var cm = new ConfusionMatrix();
        cm.Update(Column(BinaryProbabilities), Column(BinaryTargets));
        string expected =
            "actual \\ predicted  0  1\n" +
            "0                   2  1\n" +
            "1                   2  3";
        Assert.Equal(expected, cm.ToString());
    }

    [Fact]
    public void Format_widens_cells_for_large_counts()
    {
        var cm = new ConfusionMatrix();
        var p = Tensor.Zeros(1000, 1);
        var y = Tensor.Zeros(1000, 1);
        cm.Update(p, y);
        string[] lines = cm.ToString().Split('\n');
        Assert.Equal("actual \\ predicted     0     1", lines[0]);
        Assert.Equal("0                   1000     0", lines[1]);
    }

    [Fact]
    public void Format_rejects_wrong_label_count_and_renders_empty_matrix()
    {
        var cm = new ConfusionMatrix();
        Assert.Equal("(empty confusion matrix)", cm.ToString());
        cm.Update(DocScores(), Column(s_docTargets));
        var ex = Assert.Throws<ArgumentException>(() => cm.Format(["a", "b"]));
        Assert.Contains("3 classes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_target_names_row_and_value()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ConfusionMatrix().Update(DocScores(), Column([2, 0, 2, 5, 0, 1])));
        Assert.Contains("Row 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("5", ex.Message, StringComparison.Ordinal);
    }
}
