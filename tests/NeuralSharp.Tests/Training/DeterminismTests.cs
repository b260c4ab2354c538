using NeuralSharp.Compute;
using NeuralSharp.Data;
using NeuralSharp.Layers;
using NeuralSharp.Losses;
using NeuralSharp.Metrics;
using NeuralSharp.Models;
using NeuralSharp.Optimizers;
using NeuralSharp.Tensors;
using NeuralSharp.Tests.Kernels;
using NeuralSharp.Training;

namespace NeuralSharp.Tests.Training;

/// <summary>The same seed gives bitwise-identical weights, whatever the number of threads.</summary>
[Collection(nameof(WorkerPoolCollection))]
public sealed class DeterminismTests
{
    [Fact]
    public void Same_seed_gives_bitwise_identical_weights_and_history()
    {
        (Tensor x, Tensor y) = SyntheticData.Blobs(samples: 150, classes: 3, features: 4, spread: 5, seed: 4);

        (int[] first, History h1) = TrainSmall(x, y, seed: 11);
        (int[] second, History h2) = TrainSmall(x, y, seed: 11);
        (int[] other, _) = TrainSmall(x, y, seed: 12);

        Assert.Equal(first, second);
        Assert.Equal(h1.Keys, h2.Keys);
        foreach (string key in h1.Keys)
        {
            Assert.Equal(Bits(h1[key]), Bits(h2[key]));
        }

        Assert.NotEqual(first, other);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Thread_count_does_not_change_trained_weights(int threads)
    {
        (Tensor x, Tensor y) = RandomData(rows: 300, features: 64, classes: 10, seed: 21);

        int[] single = TrainWide(x, y, new CpuBackend(1));
        int[] multi = TrainWide(x, y, new CpuBackend(threads));

        Assert.Equal(single.Length, multi.Length);
        int differing = 0;
        for (int i = 0; i < single.Length; i++)
        {
            differing += single[i] != multi[i] ? 1 : 0;
        }

        Assert.True(differing == 0, $"{differing} of {single.Length} weights differ between 1 and {threads} threads");
    }

    private static (int[] Weights, History History) TrainSmall(Tensor x, Tensor y, ulong seed)
    {
        var model = new Sequential(new Input(4), new Dense(8, Activation.Tanh), new Dense(3, Activation.Softmax));
        model.Compile(Loss.CategoricalCrossEntropy, new Adam(0.01), Metric.Accuracy);
        History history = model.Fit(x, y, epochs: 5, batchSize: 16, validationSplit: 0.2, seed: seed);
        return (WeightBits(model), history);
    }

    private static int[] TrainWide(Tensor x, Tensor y, IComputeBackend backend)
    {
        var model = new Sequential(
            new Input(64),
            new Dense(256, Activation.ReLU),
            new Dense(128, Activation.ReLU),
            new Dense(10, Activation.Softmax));
        model.Build(backend: backend);
        model.Compile(Loss.CategoricalCrossEntropy, new Adam(0.001));
        model.Fit(x, y, epochs: 2, batchSize: 128, seed: 5);
        return WeightBits(model);
    }

    private static (Tensor X, Tensor Y) RandomData(int rows, int features, int classes, ulong seed)
    {
        var random = new RandomSource(seed);
        var x = Tensor.Zeros(rows, features);
        var y = Tensor.Zeros(rows, classes);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < features; c++)
            {
                x[r, c] = (float)random.NextGaussian();
            }

            y[(r * classes) + random.NextInt(classes)] = 1;
        }

        return (x, y);
    }

    internal static int[] WeightBits(Sequential model)
    {
        var bits = new List<int>();
        foreach (Parameter p in model.Parameters)
        {
            foreach (float v in p.Value.Float32Span)
            {
                bits.Add(BitConverter.SingleToInt32Bits(v));
            }
        }

        return [.. bits];
    }

    private static long[] Bits(IReadOnlyList<double> values)
    {
        var bits = new long[values.Count];
        for (int i = 0; i < bits.Length; i++)
        {
            bits[i] = BitConverter.DoubleToInt64Bits(values[i]);
        }

        return bits;
    }
}
