using NeuralSharp.Metrics;
using NeuralSharp.Tensors;
using static NeuralSharp.Tests.Metrics.MetricTestData;

namespace NeuralSharp.Tests.Metrics;

public class ClassesTests
{
    [Fact]
    public void Predicted_decodes_binary_probabilities_and_logits()
    {
        Span<int> dest = stackalloc int[8];
        Classes.Predicted(Column(BinaryProbabilities), dest);
        Assert.Equal([1, 0, 1, 0, 1, 0, 1, 0], dest.ToArray());
        Classes.Predicted(Column(BinaryLogits), dest, fromLogits: true);
        Assert.Equal([1, 0, 1, 0, 1, 0, 1, 0], dest.ToArray());
        Classes.Predicted(Column(BinaryProbabilities), dest, threshold: 0.75);
        Assert.Equal([1, 0, 0, 0, 0, 0, 1, 0], dest.ToArray());
    }

    [Fact]
    public void Predicted_takes_argmax_of_multiclass_rows()
    {
        int[] dest = new int[6];
        Classes.Predicted(Tensor.From(MultiScores), dest);
        Assert.Equal([0, 2, 1, 0, 0, 1], dest);
    }

    [Fact]
    public void Actual_decodes_index_and_one_hot_targets()
    {
        int[] fromIndex = new int[6];
        int[] fromOneHot = new int[6];
        var p = Tensor.From(MultiScores);
        Classes.Actual(p, Column(MultiIndexTargets), fromIndex);
        Classes.Actual(p, OneHot(MultiIndexTargets, 3), fromOneHot);
        Assert.Equal([0, 1, 2, 0, 1, 2], fromIndex);
        Assert.Equal(fromIndex, fromOneHot);
    }

    [Fact]
    public void Destination_must_hold_every_row()
    {
        Assert.Throws<ArgumentException>(() => Classes.Predicted(Tensor.From(MultiScores), new int[5]));
        Assert.Throws<ArgumentException>(() => Classes.Actual(Tensor.From(MultiScores), Column(MultiIndexTargets), new int[5]));
    }
}
