// The README's quick start, verbatim between the markers; the test project compiles and runs this file
// and checks that the README still shows exactly this code.
using NeuralSharp.Data;
using NeuralSharp.Layers;
using NeuralSharp.Losses;
using NeuralSharp.Metrics;
using NeuralSharp.Models;
using NeuralSharp.Optimizers;
using NeuralSharp.Tensors;
using NeuralSharp.Training;

namespace NeuralSharp.Samples;

public static class QuickStartSample
{
    /// <summary>Trains the churn classifier and returns its validation accuracy.</summary>
    public static double Run()
    {
        // <quickstart>
        // 2,000 bank customers with 12 features each; y = 1 when the customer leaves.
        (Tensor x, Tensor y) = SyntheticData.Churn(samples: 2000, features: 12, seed: 7);

        var model = new Sequential(
            new Input(12),
            new Dense(16, Activation.ReLU),
            new Dense(8, Activation.ReLU),
            new Dense(1, Activation.Sigmoid));
        model.Compile(Loss.BinaryCrossEntropy, new Adam(learningRate: 0.001), Metric.Accuracy);
        Console.WriteLine(model.Summary());

        History history = model.Fit(x, y, epochs: 50, batchSize: 32, validationSplit: 0.2, seed: 42);
        Console.WriteLine($"loss {history.Last("loss"):F4}, validation accuracy {history.Last("val_accuracy"):P1}");

        Tensor probabilities = model.Predict(x);   // P(leaves) for each customer, N × 1
        int[] leaves = model.PredictClasses(x);    // 1 where P(leaves) > 0.5
        Console.WriteLine($"customer 0 leaves with probability {probabilities[0]:P0}: {(leaves[0] == 1 ? "yes" : "no")}");
        // </quickstart>
        return history.Last("val_accuracy");
    }
}
