using NeuralSharp.Data;
using NeuralSharp.Layers;
using NeuralSharp.Losses;
using NeuralSharp.Metrics;
using NeuralSharp.Models;
using NeuralSharp.Optimizers;
using NeuralSharp.Optimizers.Schedules;
using NeuralSharp.Tensors;
using NeuralSharp.Training;
using NeuralSharp.Training.Callbacks;

namespace NeuralSharp.Tests.Training;

/// <summary>Each callback does what it says, seen through the history and the weights.</summary>
public sealed class CallbackTests
{
    private static (Tensor X, Tensor Y) Blobs() => SyntheticData.Blobs(samples: 120, classes: 3, features: 2, spread: 6, seed: 3);

    private static Sequential Classifier(Optimizer optimizer, params Metric[] metrics)
    {
        var model = new Sequential(new Input(2), new Dense(8, Activation.Tanh), new Dense(3, Activation.Softmax));
        model.Compile(Loss.CategoricalCrossEntropy, optimizer, metrics);
        return model;
    }

    [Fact]
    public void Early_stopping_stops_after_patience_epochs_without_improvement_and_restores_the_best_weights()
    {
        (Tensor x, Tensor y) = Blobs();
        var model = Classifier(new Sgd(0.05));
        // Three calm epochs, then a learning rate so large that the loss gets worse.
        var schedule = new LearningRateScheduler(LearningRateSchedule.Step(3, 2000));
        var snapshot = new BestSnapshot("loss");
        var early = new EarlyStopping(patience: 2, monitor: "loss", restoreBestWeights: true);

        History history = model.Fit(x, y, epochs: 50, batchSize: 16, seed: 2, callbacks: [schedule, snapshot, early]);

        int best = snapshot.BestEpoch;
        Assert.True(best > 0, $"best epoch {best}: the scenario should improve for a while");
        Assert.Equal(best, early.BestEpoch);
        Assert.Equal(best + 2 + 1, history.Epochs); // the best epoch, then exactly `patience` epochs without improvement
        Assert.Contains("early stopping", history.StopReason, StringComparison.Ordinal);
        Assert.Equal(snapshot.Weights, DeterminismTests.WeightBits(model));
        Assert.NotEqual(snapshot.Weights, snapshot.LastWeights);
    }

    [Fact]
    public void Early_stopping_with_patience_zero_stops_at_the_first_epoch_without_improvement()
    {
        (Tensor x, Tensor y) = Blobs();
        var model = Classifier(new Sgd(0.05));
        var early = new EarlyStopping(patience: 0, monitor: "loss", minDelta: 1e9);

        History history = model.Fit(x, y, epochs: 20, batchSize: 16, seed: 2, callbacks: [early]);

        Assert.Equal(2, history.Epochs);
        Assert.Equal(0, early.BestEpoch);
    }

    [Fact]
    public void Stop_at_target_stops_once_the_loss_is_small_enough()
    {
        (Tensor x, Tensor y) = Blobs();
        var model = Classifier(new Adam(0.02));

        History history = model.Fit(x, y, epochs: 500, batchSize: 16, seed: 1, callbacks: [new StopAtTarget("loss", 0.2)]);

        Assert.True(history.Epochs < 500);
        Assert.True(history.Last("loss") <= 0.2);
        Assert.True(history["loss"][^2] > 0.2, "training should stop at the first epoch that reaches the target");
        Assert.Contains("target reached", history.StopReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Stop_at_target_stops_once_the_accuracy_is_high_enough()
    {
        (Tensor x, Tensor y) = Blobs();
        var model = Classifier(new Sgd(0.01), Metric.Accuracy);

        History history = model.Fit(x, y, epochs: 500, batchSize: 16, seed: 1, callbacks: [new StopAtTarget("accuracy", 0.9)]);

        Assert.True(history.Epochs < 500);
        Assert.True(history.Last("accuracy") >= 0.9);
        Assert.True(history["accuracy"][^2] < 0.9, "training should stop at the first epoch that reaches the target");
        Assert.Contains("accuracy", history.StopReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_diverging_learning_rate_stops_training_with_a_nan_reason()
    {
        (Tensor x, Tensor y) = SyntheticData.Salaries(samples: 64, seed: 1);
        var model = new Sequential(new Input(2), new Dense(4, Activation.ReLU), new Dense(1));
        model.Compile(Loss.MeanSquaredError, new Sgd(1e6));

        History history = model.Fit(x, y, epochs: 100, batchSize: 8, seed: 1);

        Assert.True(history.Epochs < 100, $"ran {history.Epochs} epochs");
        Assert.NotNull(history.StopReason);
        Assert.Contains("NaN", history.StopReason, StringComparison.Ordinal);
        Assert.False(double.IsFinite(history.Last("loss")));
        for (int e = 0; e < history.Epochs - 1; e++)
        {
            Assert.True(double.IsFinite(history["loss"][e]), "training should stop at the first epoch that diverges");
        }
    }

    [Fact]
    public void Learning_rate_scheduler_sets_the_rate_of_every_epoch()
    {
        (Tensor x, Tensor y) = Blobs();
        var model = Classifier(new Sgd(0.1));

        History history = model.Fit(x, y, epochs: 5, batchSize: 32, seed: 1, callbacks: [new LearningRateScheduler(LearningRateSchedule.Step(2, 0.5))]);

        Assert.Equal([0.1, 0.1, 0.05, 0.05, 0.025], history["lr"]);
    }

    [Fact]
    public void Exponential_schedule_is_logged_per_epoch()
    {
        (Tensor x, Tensor y) = Blobs();
        var model = Classifier(new Adam(0.01));

        History history = model.Fit(x, y, epochs: 4, batchSize: 32, seed: 1, callbacks: [new LearningRateScheduler(LearningRateSchedule.Exponential(0.5))]);

        for (int e = 0; e < 4; e++)
        {
            Assert.Equal(0.01 * Math.Pow(0.5, e), history["lr"][e], 12);
        }
    }

    [Fact]
    public void Reduce_on_plateau_reduces_the_rate_after_patience_epochs_without_improvement()
    {
        (Tensor x, Tensor y) = Blobs();
        var model = Classifier(new Sgd(0.1));
        // minDelta so large that nothing after the first epoch counts as an improvement.
        var plateau = new ReduceLearningRateOnPlateau(factor: 0.5, patience: 2, monitor: "loss", minDelta: 1e9);

        History history = model.Fit(x, y, epochs: 7, batchSize: 32, seed: 1, callbacks: [plateau]);

        // Epoch 0 sets the best; epochs 1–2 do not improve → reduced after epoch 2; again after epochs 3–4.
        Assert.Equal([0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025], history["lr"]);
    }

    [Fact]
    public void Reduce_on_plateau_leaves_the_rate_alone_while_improving()
    {
        (Tensor x, Tensor y) = Blobs();
        var model = Classifier(new Adam(0.01));

        History history = model.Fit(x, y, epochs: 6, batchSize: 16, seed: 1, callbacks: [new ReduceLearningRateOnPlateau(factor: 0.5, patience: 1, monitor: "loss", minDelta: 0)]);

        for (int e = 1; e < history.Epochs; e++)
        {
            Assert.True(history["loss"][e] < history["loss"][e - 1], "the scenario should improve every epoch");
        }

        Assert.All(history["lr"], lr => Assert.Equal(0.01, lr));
    }

    [Fact]
    public void Progress_logger_writes_one_line_per_epoch()
    {
        (Tensor x, Tensor y) = Blobs();
        var model = Classifier(new Adam(0.01), Metric.Accuracy);
        using var writer = new StringWriter();

        model.Fit(x, y, epochs: 4, batchSize: 32, seed: 1, callbacks: [new ProgressLogger(writer)]);

        string[] lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        for (int e = 0; e < 4; e++)
        {
            Assert.StartsWith($"epoch {e + 1}/4", lines[e], StringComparison.Ordinal);
            Assert.Contains("loss", lines[e], StringComparison.Ordinal);
            Assert.Contains("accuracy", lines[e], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Monitoring_val_loss_without_validation_data_explains_what_is_missing()
    {
        (Tensor x, Tensor y) = Blobs();
        var model = Classifier(new Adam(0.01));

        var error = Assert.Throws<InvalidOperationException>(() => model.Fit(x, y, epochs: 3, seed: 1, callbacks: [new EarlyStopping(monitor: "val_loss")]));

        Assert.Contains("val_loss", error.Message, StringComparison.Ordinal);
        Assert.Contains("validation", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Monitoring_a_metric_that_was_not_compiled_explains_what_is_missing()
    {
        (Tensor x, Tensor y) = Blobs();
        var model = Classifier(new Adam(0.01));

        var error = Assert.Throws<InvalidOperationException>(() => model.Fit(x, y, epochs: 3, seed: 1, callbacks: [new StopAtTarget("accuracy", 0.9)]));

        Assert.Contains("accuracy", error.Message, StringComparison.Ordinal);
        Assert.Contains("Compile", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Keeps the weights of the epoch with the lowest <c>key</c>, and of the last epoch.</summary>
    private sealed class BestSnapshot(string key) : ITrainingCallback
    {
        private double _best = double.PositiveInfinity;

        public int BestEpoch { get; private set; } = -1;

        public int[] Weights { get; private set; } = [];

        public int[] LastWeights { get; private set; } = [];

        public void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
        {
            LastWeights = DeterminismTests.WeightBits(context.Model);
            if (logs[key] < _best)
            {
                _best = logs[key];
                BestEpoch = epoch;
                Weights = LastWeights;
            }
        }
    }
}
