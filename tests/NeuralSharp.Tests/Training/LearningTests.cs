using NeuralSharp.Data;
using NeuralSharp.Layers;
using NeuralSharp.Losses;
using NeuralSharp.Metrics;
using NeuralSharp.Models;
using NeuralSharp.Optimizers;
using NeuralSharp.Tensors;
using NeuralSharp.Training;
using NeuralSharp.Training.Callbacks;

namespace NeuralSharp.Tests.Training;

/// <summary>Networks actually learn: classic problems trained end to end through the public API.</summary>
public sealed class LearningTests
{
    [Fact]
    public void Xor_is_learned_by_a_2_2_1_sigmoid_network()
    {
        (Tensor x, Tensor y) = SyntheticData.Xor();
        var model = new Sequential(
            new Input(2),
            new Dense(2, Activation.Sigmoid),
            new Dense(1, Activation.Sigmoid));
        model.Compile(Loss.MeanSquaredError, new Sgd(learningRate: 2.0, momentum: 0.9), Metric.Accuracy);

        History history = model.Fit(x, y, epochs: 3000, batchSize: 0, seed: 3, callbacks: [new StopAtTarget("loss", 0.005)]);

        Assert.Equal([0, 1, 1, 0], model.PredictClasses(x));
        Assert.True(history.Last("loss") <= 0.005, $"loss {history.Last("loss")}");
        Assert.NotNull(history.StopReason);
    }

    [Fact]
    public void Two_interleaved_spirals_reach_97_percent()
    {
        (Tensor x, Tensor y) = SyntheticData.Spirals(pointsPerClass: 200, noise: 0.1, seed: 1);
        var model = new Sequential(
            new Input(2),
            new Dense(32, Activation.ReLU),
            new Dense(32, Activation.ReLU),
            new Dense(1, Activation.Sigmoid));
        model.Compile(Loss.BinaryCrossEntropy, new Adam(learningRate: 0.01), Metric.Accuracy);

        History history = model.Fit(x, y, epochs: 400, batchSize: 32, seed: 7, callbacks: [new StopAtTarget("accuracy", 0.995)]);

        double accuracy = model.Evaluate(x, y)["accuracy"];
        Assert.True(accuracy >= 0.97, $"accuracy {accuracy:P2} after {history.Epochs} epochs");
    }

    [Fact]
    public void Three_classes_with_softmax_and_cross_entropy()
    {
        (Tensor x, Tensor y) = SyntheticData.Blobs(samples: 600, classes: 3, features: 2, spread: 8, seed: 6);
        var model = new Sequential(
            new Input(2),
            new Dense(16, Activation.ReLU),
            new Dense(3, Activation.Softmax));
        model.Compile(Loss.CategoricalCrossEntropy, new Adam(learningRate: 0.01), Metric.Accuracy, Metric.MacroF1);

        History history = model.Fit(x, y, epochs: 60, batchSize: 32, validationSplit: 0.25, seed: 5);

        Assert.True(history.Last("val_accuracy") >= 0.95, $"val accuracy {history.Last("val_accuracy"):P2}");
        Tensor p = model.Predict(x);
        for (int r = 0; r < p.Rows; r++)
        {
            Assert.Equal(1.0, p[r, 0] + p[r, 1] + p[r, 2], 4);
        }
    }

    [Fact]
    public void Salary_regression_reaches_r2_of_095()
    {
        (Tensor x, Tensor y) = SyntheticData.Salaries(samples: 1000, noise: 3000, seed: 2);
        var model = new Sequential(
            new Input(2),
            new Dense(16, Activation.ReLU),
            new Dense(1));
        model.Compile(Loss.MeanSquaredError, new Adam(learningRate: 0.05), Metric.R2, Metric.RootMeanSquaredError);

        History history = model.Fit(x, y, epochs: 150, batchSize: 32, validationSplit: 0.2, seed: 9);

        Assert.True(history.Last("val_r2") >= 0.95, $"validation R² {history.Last("val_r2"):F4}");
    }

    [Theory]
    [InlineData(1, 0.05, 30)]   // stochastic: an update after every example
    [InlineData(16, 0.2, 100)]  // mini-batch
    [InlineData(0, 0.5, 1500)]  // full batch: one update per epoch from the cost over all data
    public void Stochastic_mini_batch_and_full_batch_descent_all_converge(int batchSize, double learningRate, int epochs)
    {
        (Tensor x, Tensor y) = SyntheticData.Blobs(samples: 200, classes: 2, features: 2, spread: 6, seed: 8);
        Tensor labels = Tensor.Zeros(x.Rows, 1);
        for (int r = 0; r < x.Rows; r++)
        {
            labels[r] = y[r, 1];
        }

        var model = new Sequential(new Input(2), new Dense(8, Activation.Tanh), new Dense(1, Activation.Sigmoid));
        model.Compile(Loss.BinaryCrossEntropy, new Sgd(learningRate), Metric.Accuracy);

        History history = model.Fit(x, labels, epochs: epochs, batchSize: batchSize, seed: 1);

        Assert.True(history["loss"][^1] < history["loss"][0] / 2, $"loss {history["loss"][0]:F4} → {history["loss"][^1]:F4}");
        Assert.True(history.Last("accuracy") >= 0.95, $"accuracy {history.Last("accuracy"):P1}");
    }
}
