using NeuralSharp.Metrics;
using NeuralSharp.Tensors;
using static NeuralSharp.Tests.Metrics.MetricTestData;

namespace NeuralSharp.Tests.Metrics;

public class MetricAllocationTests
{
    private const int Iterations = 50;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in Metric.Names)
        {
            bool classification = name is not ("mse" or "rmse" or "mae" or "r2" or "mean_error");
            if (classification)
            {
                data.Add(name, "binary");
                data.Add(name, "index");
                data.Add(name, "onehot");
            }
            else
            {
                data.Add(name, "regression");
            }
        }

        return data;
    }

    private static (Tensor Predictions, Tensor Targets) Batch(string kind) => kind switch
    {
        "binary" => (Column(BinaryProbabilities), Column(BinaryTargets)),
        "index" => (Tensor.From(MultiScores), Column(MultiIndexTargets)),
        "onehot" => (Tensor.From(MultiScores), OneHot(MultiIndexTargets, 3)),
        _ => (Tensor.From(MultiScores), Tensor.From(new float[,] { { 1, 0, 2 }, { 3, 1, 0 }, { 0, 0, 1 }, { 2, 2, 2 }, { 1, 5, 0 }, { 0, 1, 1 } })),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Update_does_not_allocate_after_warm_up(string name, string kind)
    {
        var metric = Metric.FromName(name);
        var (p, y) = Batch(kind);
        metric.Update(p, y);
        metric.Reset();
        metric.Update(p, y);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Iterations; i++)
        {
            metric.Update(p, y);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(metric.Result()));
    }

    [Theory]
    [InlineData("binary")]
    [InlineData("index")]
    [InlineData("onehot")]
    public void Confusion_matrix_update_does_not_allocate_after_warm_up(string kind)
    {
        var cm = new ConfusionMatrix();
        var (p, y) = Batch(kind);
        cm.Update(p, y);
        cm.Reset();
        cm.Update(p, y);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Iterations; i++)
        {
            cm.Update(p, y);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal((Iterations + 1) * p.Rows, cm.Total);
    }
}
