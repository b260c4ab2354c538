using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralSharp.Cli.Output;
using NeuralSharp.Data;
using NeuralSharp.Models;
using NeuralSharp.Serialization;
using NeuralSharp.Training;
using NeuralSharp.Training.Callbacks;

namespace NeuralSharp.Cli;

/// <summary><c>neuralsharp train</c>: read data, build a network for the task, train, report, save.</summary>
internal static class TrainCommand
{
    public static int Run(TrainOptions o)
    {
        if (o.Epochs < 1)
        {
            throw new UsageException($"--epochs must be at least 1, not {o.Epochs}.");
        }

        if (o.BatchSize < 0)
        {
            throw new UsageException($"--batch-size must be at least 0 (0 = the whole set), not {o.BatchSize}.");
        }

        if (o.EarlyStopping is < 0)
        {
            throw new UsageException($"--early-stopping must be at least 0 epochs, not {o.EarlyStopping}.");
        }

        if (o.Threads < 0)
        {
            throw new UsageException($"--threads must be at least 0 (0 = all cores), not {o.Threads}.");
        }

        // Check where results go before spending time on training.
        foreach (var (option, path) in new[] { ("--output", (string?)o.Output), ("--plot", o.Plot) })
        {
            if (path == "-")
            {
                throw new UsageException($"{option} '-': train writes a file, not standard output; give a file name.");
            }
        }

        if (o.Test is not null && CsvInput.IsStandardInput(o.Test))
        {
            throw new UsageException(CsvInput.IsStandardInput(o.Data)
                ? "the data and --test cannot both be standard input ('-'): it can be read only once."
                : "--test '-': give the test data as a file (standard input is for the training data).");
        }

        CliErrors.CheckWritable("--output", o.Output);
        if (o.Plot is string plot)
        {
            CurvePlot.CheckPath(plot);
            CliErrors.CheckWritable("--plot", plot);
        }

        var inputs = new List<(string, string)>();
        if (!DataSources.IsFashionMnist(o.Data) || File.Exists(o.Data) || Directory.Exists(o.Data))
        {
            inputs.Add(("the training data", o.Data));
        }

        if (o.Test is string test)
        {
            inputs.Add(("the --test file", test));
            if (!CsvInput.IsStandardInput(o.Data) && SamePath.Equal(SamePath.Resolve(o.Data), SamePath.Resolve(test)))
            {
                CliErrors.Warn([$"--test {test} is the training data itself: its scores show what the model has seen, not how it does on new rows"]);
            }
        }

        CliErrors.CheckDistinct(inputs, o.Plot is null ? [("--output", o.Output)] : [("--output", o.Output), ("--plot", o.Plot)]);

        var clock = Stopwatch.StartNew();
        PreparedData data = DataSources.ForTraining(o);
        CliErrors.Warn(data.Warnings);

        Sequential model = ModelFactory.Create(o, data.Features, data.Task, data.Classes);
        var verbosity = o.Quiet ? Verbosity.Quiet : Console.IsErrorRedirected || o.Json ? Verbosity.Lines : Verbosity.Live;
        if (verbosity != Verbosity.Quiet && !o.Json)
        {
            Console.Error.WriteLine($"{CliErrors.Visible(data.Source)}: {data.TrainX.Rows} training rows, {data.ValidationX?.Rows ?? 0} validation rows{(data.TestX is null ? string.Empty : $", {data.TestX.Rows} test rows")}, {data.Features} features, {(data.Task == TargetTask.Regression ? "regression" : $"{data.Classes} classes")}");
            Console.Error.Write(model.Summary());
        }

        var callbacks = new List<ITrainingCallback>();
        if (verbosity == Verbosity.Lines)
        {
            callbacks.Add(new EpochLines());
        }
        EarlyStopping? stopping = o.EarlyStopping > 0 ? new EarlyStopping(o.EarlyStopping, restoreBestWeights: true) : null;
        if (stopping is not null)
        {
            callbacks.Add(stopping);
        }

        History Train(ITrainingCallback? live) => model.Fit(
            data.TrainX,
            data.TrainY,
            epochs: o.Epochs,
            batchSize: o.BatchSize,
            validationData: data.ValidationX is null ? null : (data.ValidationX, data.ValidationY!),
            seed: o.Seed,
            callbacks: live is null ? callbacks : [.. callbacks, live]);
        History history = verbosity == Verbosity.Live ? LiveProgress.Run(live => Train(live)) : Train(null);

        // A diverged run leaves NaN or infinite weights (unless early stopping restored an earlier epoch's): a file of
        // them would predict NaN for every input, so say why and write nothing (an existing file stays as it was).
        if (NonFiniteParameter(model) is string broken)
        {
            string reason = history.StopReason ?? $"parameter {broken} became NaN or infinite: lower the learning rate";
            throw new InvalidOperationException($"training diverged: {reason} (--lr {o.LearningRate.ToString(CultureInfo.InvariantCulture)}). No model was written.");
        }

        var (x, y, on) = data.TestX is not null ? (data.TestX, data.TestY!, "test")
            : data.ValidationX is not null ? (data.ValidationX, data.ValidationY!, "validation")
            : (data.TrainX, data.TrainY, "training");
        var report = Reports.Evaluate(model, x, y, data.Task, data.DecodeTarget);
        double seconds = clock.Elapsed.TotalSeconds;

        // Why: with early stopping the saved weights are the best epoch's, not the last one's; the losses recorded
        // beside them must be that epoch's too, or the file contradicts its own metrics.
        int weightsEpoch = stopping?.RestoredEpoch ?? history.Epochs - 1;
        double trainLoss = history["loss"][weightsEpoch];
        double? validationLoss = history.Contains("val_loss") ? history["val_loss"][weightsEpoch] : null;

        var metadata = new JsonObject
        {
            ["seed"] = o.Seed,
            ["date"] = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
            ["library_version"] = typeof(Sequential).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
            ["task"] = data.Task == TargetTask.Regression ? "regression" : "classification",
            ["data"] = data.Source,
            ["epochs_run"] = history.Epochs,
            ["batch_size"] = o.BatchSize,
            ["optimizer"] = o.Optimizer,
            ["learning_rate"] = o.LearningRate,
            ["weights_epoch"] = weightsEpoch + 1,
            ["best_weights_restored"] = stopping?.RestoredEpoch is not null,
            ["train_loss"] = FiniteOrNull(trainLoss),
            ["validation_loss"] = validationLoss is double v ? FiniteOrNull(v) : null,
            ["metrics_on"] = on,
            ["metrics"] = Reports.MetricsJson(report),
        };
        // A full disk or a vanished folder says which file could not be written (the OS's message names none).
        try
        {
            ModelFile.Save(o.Output, model, new ModelFileContents { Preprocessing = data.Preprocessing, ClassLabels = data.ClassLabels, Metadata = metadata });
        }
        catch (IOException e) when (!e.Message.Contains(o.Output, StringComparison.Ordinal))
        {
            throw new IOException($"{o.Output}: the model could not be written: {e.Message}", e);
        }

        if (o.Plot is string plotPath)
        {
            try
            {
                CurvePlot.Save(history, data.Task == TargetTask.Regression ? "r2" : "accuracy", plotPath);
            }
            catch (IOException e) when (!e.Message.Contains(plotPath, StringComparison.Ordinal))
            {
                throw new IOException($"{plotPath}: the plot could not be written: {e.Message}", e);
            }
        }

        if (o.Json)
        {
            var json = new JsonObject
            {
                ["task"] = metadata["task"]!.DeepClone(),
                ["epochs_run"] = history.Epochs,
                ["weights_epoch"] = weightsEpoch + 1,
                ["train_loss"] = metadata["train_loss"]?.DeepClone(),
                ["validation_loss"] = metadata["validation_loss"]?.DeepClone(),
                ["metrics"] = metadata["metrics"]!.DeepClone(),
                ["metrics_on"] = on,
                ["seconds"] = Math.Round(seconds, 3),
                ["model"] = Path.GetFullPath(o.Output),
                ["stop_reason"] = history.StopReason,
            };
            Console.WriteLine(json.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
            return 0;
        }

        Console.WriteLine(weightsEpoch == history.Epochs - 1
            ? $"trained {history.Epochs} epochs in {seconds:0.0}s; final training loss {Reports.Number(trainLoss)}"
            : $"trained {history.Epochs} epochs in {seconds:0.0}s; kept the best weights, from epoch {weightsEpoch + 1} (training loss {Reports.Number(trainLoss)})");
        Console.WriteLine($"on the {on} set ({x.Rows} rows):");
        Reports.Print(report, data.ClassLabels);
        Console.WriteLine($"saved {CliErrors.Visible(o.Output)}{(o.Plot is null ? string.Empty : $", curves in {CliErrors.Visible(o.Plot)}")}");
        return 0;
    }

    /// <summary>The name of the first parameter holding a NaN or an infinity, or null when all are finite.</summary>
    private static string? NonFiniteParameter(Sequential model)
    {
        foreach (var parameter in model.Parameters)
        {
            foreach (float value in parameter.Value.Float32Span)
            {
                if (!float.IsFinite(value))
                {
                    return parameter.Name;
                }
            }
        }

        return null;
    }

    /// <summary>JSON has no NaN or infinity: a loss that was one (an epoch that diverged before early stopping restored
    /// earlier weights) is recorded as null.</summary>
    private static JsonNode? FiniteOrNull(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
