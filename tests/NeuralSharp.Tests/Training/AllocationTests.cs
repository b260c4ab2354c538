using NeuralSharp.Data;
using NeuralSharp.Layers;
using NeuralSharp.Losses;
using NeuralSharp.Metrics;
using NeuralSharp.Models;
using NeuralSharp.Optimizers;
using NeuralSharp.Tensors;
using NeuralSharp.Training;

namespace NeuralSharp.Tests.Training;

/// <summary>After warm-up, a training step allocates nothing: consecutive batch ends see the same allocated-bytes counter.</summary>
public sealed class AllocationTests
{
    private const int Epochs = 3;

    [Fact]
    public void Softmax_cross_entropy_with_adam_and_accuracy_allocates_nothing_per_step()
    {
        (Tensor x, Tensor y) = SyntheticData.Blobs(samples: 100, classes: 3, features: 4, seed: 1);
        var model = new Sequential(new Input(4), new Dense(16, Activation.ReLU), new Dense(3, Activation.Softmax));
        model.Compile(Loss.CategoricalCrossEntropy, new Adam(0.01), Metric.Accuracy);

        AssertSteadyStateAllocatesNothing(model, x, y, batchSize: 32);
    }

    [Fact]
    public void Sigmoid_binary_cross_entropy_with_metrics_allocates_nothing_per_step()
    {
        (Tensor x, Tensor y) = SyntheticData.Churn(samples: 90, features: 12, seed: 2);
        var model = new Sequential(new Input(12), new Dense(8, Activation.Tanh), new Dense(1, Activation.Sigmoid));
        model.Compile(Loss.BinaryCrossEntropy, new Adam(0.01), Metric.Accuracy, Metric.F1);

        AssertSteadyStateAllocatesNothing(model, x, y, batchSize: 16);
    }

    [Fact]
    public void Mse_regression_allocates_nothing_per_step()
    {
        (Tensor x, Tensor y) = SyntheticData.Salaries(samples: 70, seed: 3);
        var model = new Sequential(new Input(2), new Dense(8, Activation.ReLU), new Dense(1));
        model.Compile(Loss.MeanSquaredError, new Sgd(1e-9, momentum: 0.9), Metric.MeanAbsoluteError, Metric.R2);

        AssertSteadyStateAllocatesNothing(model, x, y, batchSize: 20);
    }

    [Fact]
    public void Steady_state_holds_with_validation_too()
    {
        (Tensor x, Tensor y) = SyntheticData.Blobs(samples: 130, classes: 3, features: 2, seed: 4);
        var model = new Sequential(new Input(2), new Dense(8, Activation.ReLU), new Dense(3, Activation.Softmax));
        model.Compile(Loss.CategoricalCrossEntropy, new Adam(0.01), Metric.Accuracy);

        AssertSteadyStateAllocatesNothing(model, x, y, batchSize: 25, validationSplit: 0.2);
    }

    private static void AssertSteadyStateAllocatesNothing(Sequential model, Tensor x, Tensor y, int batchSize, double validationSplit = 0)
    {
        int trainRows = x.Rows - (int)Math.Ceiling(x.Rows * validationSplit);
        Assert.NotEqual(0, trainRows % batchSize); // the last batch of each epoch is partial
        int batches = (trainRows + batchSize - 1) / batchSize;
        Assert.True(batches >= 3);
        var recorder = new AllocationRecorder(Epochs, batches);

        History history = model.Fit(x, y, epochs: Epochs, batchSize: batchSize, validationSplit: validationSplit, seed: 1, callbacks: [recorder]);

        Assert.Equal(Epochs, history.Epochs);
        Assert.Equal(Epochs * batches, recorder.Calls);
        for (int epoch = 1; epoch < Epochs; epoch++)
        {
            for (int b = 1; b < batches; b++)
            {
                long step = recorder.Readings[epoch, b] - recorder.Readings[epoch, b - 1];
                Assert.True(step == 0, $"epoch {epoch + 1}, batch {b + 1}: the step allocated {step} bytes");
            }
        }
    }

    /// <summary>Stores the allocation counter at each batch end into a pre-sized array (itself allocation-free).</summary>
    private sealed class AllocationRecorder(int epochs, int batches) : ITrainingCallback
    {
        private int _epoch;

        public long[,] Readings { get; } = new long[epochs, batches];

        public int Calls { get; private set; }

        public void OnEpochBegin(TrainingContext context, int epoch) => _epoch = epoch;

        public void OnBatchEnd(TrainingContext context, int batch, double loss)
        {
            Readings[_epoch, batch] = GC.GetAllocatedBytesForCurrentThread();
            Calls++;
        }
    }
}
