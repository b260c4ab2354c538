using System.Globalization;
using NeuralSharp.Compute;
using NeuralSharp.Data;
using NeuralSharp.Layers;
using NeuralSharp.Losses;
using NeuralSharp.Metrics;
using NeuralSharp.Models;
using NeuralSharp.Optimizers;

namespace NeuralSharp.Cli;

/// <summary>Builds the network the command line trains: hidden layers from --layers, an output layer, loss and
/// optimizer that follow from the task (binary ⇒ 1 sigmoid unit + binary cross-entropy; several classes ⇒
/// softmax + categorical cross-entropy; regression ⇒ 1 linear unit + MSE).</summary>
internal static class ModelFactory
{
    public static Sequential Create(TrainOptions options, int features, TargetTask task, int classes)
    {
        var layers = new List<Layer> { new Input(features) };
        Activation hidden = ParseActivation(options.Activation);
        foreach (int width in ParseLayers(options.Layers))
        {
            layers.Add(new Dense(width, hidden));
        }

        bool binary = task == TargetTask.Classification && classes == 2;
        layers.Add(task == TargetTask.Regression ? new Dense(1) : binary ? new Dense(1, Activation.Sigmoid) : new Dense(classes, Activation.Softmax));
        var model = new Sequential([.. layers]);
        model.Build(backend: options.Threads > 0 ? new CpuBackend(options.Threads) : null);

        Loss loss = options.Loss is string name ? ParseLoss(name) : task == TargetTask.Regression ? Loss.MeanSquaredError : binary ? Loss.BinaryCrossEntropy : Loss.CategoricalCrossEntropy;
        CheckLossFits(loss, task, classes);
        Metric[] metrics = task == TargetTask.Regression
            ? [Metric.R2, Metric.RootMeanSquaredError, Metric.MeanAbsoluteError]
            : [Metric.Accuracy];
        model.Compile(loss, CreateOptimizer(options.Optimizer, options.LearningRate), metrics);
        return model;
    }

    public static Optimizer CreateOptimizer(string name, double learningRate)
    {
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
        {
            throw new UsageException($"--lr must be a positive number, not {learningRate.ToString(CultureInfo.InvariantCulture)}.");
        }

        return name switch
        {
            "sgd" => new Sgd(learningRate),
            "momentum" => new Sgd(learningRate, momentum: 0.9),
            "nesterov" => new Sgd(learningRate, momentum: 0.9, nesterov: true),
            "adam" => new Adam(learningRate),
            "adamw" => new AdamW(learningRate),
            "rmsprop" => new RmsProp(learningRate),
            _ => throw new UsageException($"Unknown optimizer '{name}': use sgd, momentum, nesterov, adam, adamw or rmsprop."),
        };
    }

    public static int[] ParseLayers(string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "0" || text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var widths = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int width) || width <= 0 || width > 1_000_000)
            {
                throw new UsageException($"--layers must be positive widths separated by commas (e.g. 64,32), not '{text}'.");
            }

            widths.Add(width);
        }

        return [.. widths];
    }

    /// <summary>Any name or alias <see cref="Activation.FromName"/> knows, in any case, but softmax: it normalises a
    /// whole layer into probabilities, which the CLI puts on the output layer itself.</summary>
    private static Activation ParseActivation(string name)
    {
        Activation activation = AsUsage(() => Activation.FromName(name));
        return activation.Function == ActivationFunction.Softmax
            ? throw new UsageException("--activation softmax: softmax is for the output layer, which the task decides; hidden layers take relu, tanh, sigmoid, leaky_relu, elu, linear or step.")
            : activation;
    }

    /// <summary>The output layer is fixed by the task (linear unit, sigmoid unit, or softmax), so only some losses fit it.</summary>
    private static void CheckLossFits(Loss loss, TargetTask task, int classes)
    {
        string[] fitting = task == TargetTask.Regression ? ["mse", "mae"]
            : classes == 2 ? ["binary_crossentropy", "mse", "mae"]
            : ["categorical_crossentropy"];
        if (!fitting.Contains(loss.Name))
        {
            string what = task == TargetTask.Regression ? "regression (one linear output)"
                : classes == 2 ? "2-class classification (one sigmoid output)"
                : $"{classes}-class classification (softmax output)";
            throw new UsageException($"--loss {loss.Name} does not fit {what}; use {string.Join(" or ", fitting)}.");
        }
    }

    private static Loss ParseLoss(string name) => AsUsage(() => Loss.FromName(name));

    /// <summary>A name the library rejects (ArgumentException) is a usage error, without the "(Parameter …)" suffix.</summary>
    private static T AsUsage<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message.Split(" (Parameter")[0]);
        }
    }
}
