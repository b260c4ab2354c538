// The README's training example, verbatim between the markers; the test project compiles and runs this file
// and checks that the README still shows exactly this code.
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

namespace NeuralSharp.Samples;

public static class TrainingSample
{
    /// <summary>Trains on two spirals with every training feature in play; returns the test evaluation.</summary>
    public static Evaluation Run()
    {
        // <training>
        (Tensor x, Tensor y) = SyntheticData.Spirals(pointsPerClass: 300, noise: 0.1, seed: 1);
        (Tensor xVal, Tensor yVal) = SyntheticData.Spirals(pointsPerClass: 100, noise: 0.1, seed: 2);
        (Tensor xTest, Tensor yTest) = SyntheticData.Spirals(pointsPerClass: 100, noise: 0.1, seed: 3);

        var model = new Sequential(
            new Input(2),
            new Dense(32, Activation.ReLU),
            new Dense(32, Activation.ReLU),
            new Dense(1, Activation.Sigmoid));
        model.Compile(Loss.BinaryCrossEntropy, new Adam(learningRate: 0.01) { ClipNorm = 1.0 }, Metric.Accuracy, Metric.F1);

        History history = model.Fit(x, y,
            epochs: 300,
            batchSize: 32,                      // 1 = stochastic, N = mini-batch, 0 = full batch
            validationData: (xVal, yVal),       // or validationSplit: 0.2: the last 20% of rows, as in Keras, so not for
                                                // rows ordered by class, as Spirals' are (shuffle them first, or use DataSplit)
            seed: 42,                           // same seed ⇒ bitwise-identical weights, on any number of threads
            callbacks: [
                new EarlyStopping(patience: 30, restoreBestWeights: true),
                new StopAtTarget("val_accuracy", 0.995),
                new LearningRateScheduler(LearningRateSchedule.Cosine(totalEpochs: 300)),
            ],
            verbose: true);                     // one line per epoch
        Console.WriteLine($"{history.Epochs} epochs; {history.StopReason ?? "ran them all"}");

        Evaluation test = model.Evaluate(xTest, yTest);   // test.Loss is the cost; test["accuracy"], test["f1"]
        int[] classes = model.PredictClasses(xTest);      // 0 or 1 per row
        Console.WriteLine($"test loss {test.Loss:F4}, accuracy {test["accuracy"]:P1}, first point is class {classes[0]}");
        // </training>
        return test;
    }
}
