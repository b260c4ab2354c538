using System.CommandLine;
using NeuralSharp.Data;

namespace NeuralSharp.Cli;

/// <summary>Options of <c>neuralsharp train</c>.</summary>
internal sealed record TrainOptions
{
    public required string Data { get; init; }
    public string? Target { get; init; }
    public string? Task { get; init; }
    public string Layers { get; init; } = "100";
    public string Activation { get; init; } = "relu";
    public string? Loss { get; init; }
    public string Optimizer { get; init; } = "adam";
    public double LearningRate { get; init; } = 0.001;
    public int Epochs { get; init; } = 200;
    public int BatchSize { get; init; } = 32;
    public double ValidationSplit { get; init; } = 0.2;
    public string? Test { get; init; }
    public int EarlyStopping { get; init; } = 20;
    public ulong Seed { get; init; } = 42;
    public string Output { get; init; } = "model.nsm";
    public string? Plot { get; init; }
    public bool Json { get; init; }
    public bool Quiet { get; init; }
    public string[] Drop { get; init; } = [];
    public string? Impute { get; init; }
    public string Scale { get; init; } = "standard";
    public char? Delimiter { get; init; }
    public string[] Categorical { get; init; } = [];
    public string[] Numeric { get; init; } = [];
    public int ImageSize { get; init; } = 28;
    public bool Rgb { get; init; }
    public int Threads { get; init; }
}

/// <summary>The <c>neuralsharp</c> command tree.</summary>
internal static class Commands
{
    public static RootCommand Build()
    {
        var root = new RootCommand("NeuralSharp: train, evaluate and use neural networks on CSV tables, IDX files and image folders.")
        {
            BuildTrain(),
            BuildEvaluate(),
            BuildPredict(),
            BuildInspect(),
        };
        return root;
    }

    /// <summary>--seed as a whole number from 0 up, with an error that says so (the default one names .NET's UInt64).</summary>
    private static ulong ParseSeed(System.CommandLine.Parsing.ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong value))
        {
            return value;
        }

        result.AddError($"--seed must be a whole number from 0 to {ulong.MaxValue}, not '{text}'.");
        return 0;
    }

    private static Command BuildTrain()
    {
        var data = new Argument<string>("data") { Description = "A CSV file, a folder with one sub-folder of images per class, or 'fashion-mnist'." };
        var dataOption = new Option<string?>("--data") { Description = "Same as the data argument (e.g. --data fashion-mnist)." };
        data.Arity = ArgumentArity.ZeroOrOne;
        var target = new Option<string?>("--target") { Description = "Target column of a CSV file." };
        var task = new Option<string?>("--task") { Description = "classification or regression (inferred from the target when omitted)." };
        task.AcceptOnlyFromAmong("classification", "regression");
        var layers = new Option<string>("--layers") { Description = "Hidden layer widths, comma-separated (0 = none).", DefaultValueFactory = _ => "100" };
        var activation = new Option<string>("--activation") { Description = "Hidden activation: relu, tanh, sigmoid, leaky_relu, elu, linear, or step (to see that a threshold unit cannot learn by gradient descent).", DefaultValueFactory = _ => "relu" };
        var loss = new Option<string?>("--loss") { Description = "mse, mae, binary_crossentropy, categorical_crossentropy (follows from the task when omitted)." };
        var optimizer = new Option<string>("--optimizer") { Description = "sgd, momentum, nesterov, adam, adamw, rmsprop.", DefaultValueFactory = _ => "adam" };
        optimizer.AcceptOnlyFromAmong("sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop");
        var lr = new Option<double>("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => 0.001 };
        var epochs = new Option<int>("--epochs") { Description = "Most passes over the training data (early stopping usually ends sooner).", DefaultValueFactory = _ => 200 };
        var batch = new Option<int>("--batch-size") { Description = "Examples per update; 0 = the whole set.", DefaultValueFactory = _ => 32 };
        var split = new Option<double>("--validation-split") { Description = "Fraction held out for validation (stratified for classification, seeded).", DefaultValueFactory = _ => 0.2 };
        var test = new Option<string?>("--test") { Description = "A separate test file (same columns) to report final metrics on." };
        var early = new Option<int>("--early-stopping") { Description = "Stop after this many epochs without improvement of the validation loss (training loss without validation) and restore the best weights; 0 = off.", DefaultValueFactory = _ => 20 };
        var seed = new Option<ulong>("--seed") { Description = "Seed for weights, shuffling and splits.", DefaultValueFactory = _ => 42UL, CustomParser = ParseSeed };
        var output = new Option<string>("--output", "-o") { Description = "Where to save the model.", DefaultValueFactory = _ => "model.nsm" };
        var plot = new Option<string?>("--plot") { Description = "Write a PNG of training and validation curves." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the results on standard output." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but results." };
        var drop = new Option<string[]>("--drop") { Description = "Columns to ignore (e.g. IDs); repeat or comma-separate.", AllowMultipleArgumentsPerToken = true };
        var impute = new Option<string?>("--impute") { Description = "Missing values: mean, median, mode or drop (default: error)." };
        impute.AcceptOnlyFromAmong("mean", "median", "mode", "drop");
        var scale = new Option<string>("--scale") { Description = "Numeric columns: standard (default) or minmax.", DefaultValueFactory = _ => "standard" };
        scale.AcceptOnlyFromAmong("standard", "minmax");
        var delimiter = new Option<string?>("--delimiter") { Description = "CSV delimiter: ',', ';', 'tab' or '|' (',', ';' and tab are detected when omitted)." };
        var categorical = new Option<string[]>("--categorical") { Description = "Treat these columns as categorical.", AllowMultipleArgumentsPerToken = true };
        var numeric = new Option<string[]>("--numeric") { Description = "Treat these columns as numeric.", AllowMultipleArgumentsPerToken = true };
        var imageSize = new Option<int>("--image-size") { Description = "Images are resized to this width and height.", DefaultValueFactory = _ => 28 };
        var rgb = new Option<bool>("--rgb") { Description = "Keep colour channels of images (default grayscale)." };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores). Results do not depend on it.", DefaultValueFactory = _ => 0 };

        var command = new Command("train", "Train a model and save it.")
        {
            data, dataOption, target, task, layers, activation, loss, optimizer, lr, epochs, batch, split, test, early, seed,
            output, plot, json, quiet, drop, impute, scale, delimiter, categorical, numeric, imageSize, rgb, threads,
        };
        command.SetAction(r =>
        {
            if (r.GetValue(data) is string given && r.GetValue(dataOption) is string alsoGiven
                && !SamePath.Equal(SamePath.Resolve(given), SamePath.Resolve(alsoGiven)))
            {
                throw new UsageException($"train was given two data sources, '{given}' and --data '{alsoGiven}'; give one.");
            }

            string source = r.GetValue(data) ?? r.GetValue(dataOption) ?? throw new UsageException("train needs data: a CSV file, an image folder, or --data fashion-mnist.");
            var options = new TrainOptions
            {
                Data = source,
                Target = r.GetValue(target),
                Task = r.GetValue(task),
                Layers = r.GetValue(layers)!,
                Activation = r.GetValue(activation)!,
                Loss = r.GetValue(loss),
                Optimizer = r.GetValue(optimizer)!,
                LearningRate = r.GetValue(lr),
                Epochs = r.GetValue(epochs),
                BatchSize = r.GetValue(batch),
                ValidationSplit = r.GetValue(split),
                Test = r.GetValue(test),
                EarlyStopping = r.GetValue(early),
                Seed = r.GetValue(seed),
                Output = r.GetValue(output)!,
                Plot = r.GetValue(plot),
                Json = r.GetValue(json),
                Quiet = r.GetValue(quiet),
                Drop = SplitList(r.GetValue(drop)),
                Impute = r.GetValue(impute),
                Scale = r.GetValue(scale)!,
                Delimiter = ParseDelimiter(r.GetValue(delimiter)),
                Categorical = SplitList(r.GetValue(categorical)),
                Numeric = SplitList(r.GetValue(numeric)),
                ImageSize = r.GetValue(imageSize),
                Rgb = r.GetValue(rgb),
                Threads = r.GetValue(threads),
            };
            return TrainCommand.Run(options);
        });
        return command;
    }

    private static Command BuildEvaluate()
    {
        var model = new Argument<string>("model") { Description = "A model file written by train." };
        var data = new Argument<string>("data") { Description = "Labelled data in the training format (CSV with the target column, image folder, or fashion-mnist for its test set)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("evaluate", "Loss and metrics of a model on labelled data.") { model, data, json };
        command.SetAction(r => EvaluateCommand.Run(r.GetValue(model)!, r.GetValue(data)!, r.GetValue(json)));
        return command;
    }

    private static Command BuildPredict()
    {
        var model = new Argument<string>("model") { Description = "A model file written by train." };
        var data = new Argument<string>("data") { Description = "Raw rows like the training file (the target column may be absent; - reads standard input), or for an image model one image or a folder of images (flat or in any sub-folders)." };
        var output = new Option<string?>("--output", "-o") { Description = "Write predictions to this CSV file instead of standard output." };
        var probabilities = new Option<bool>("--probabilities") { Description = "Also write each class's probability." };
        var command = new Command("predict", "Predict for new rows or images.") { model, data, output, probabilities };
        command.SetAction(r => PredictCommand.Run(r.GetValue(model)!, r.GetValue(data)!, r.GetValue(output), r.GetValue(probabilities)));
        return command;
    }

    private static Command BuildInspect()
    {
        var model = new Argument<string>("model") { Description = "A model file written by train." };
        var json = new Option<bool>("--json") { Description = "Print the file's header as JSON." };
        var command = new Command("inspect", "Architecture, parameter counts, preprocessing and training metadata of a model file.") { model, json };
        command.SetAction(r => InspectCommand.Run(r.GetValue(model)!, r.GetValue(json)));
        return command;
    }

    private static string[] SplitList(string[]? values) =>
        values is null ? [] : [.. values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    private static char? ParseDelimiter(string? value) => value switch
    {
        null => null,
        "tab" or "\\t" or "\t" => '\t',
        "," or ";" or "|" => value[0],
        "pipe" => '|',
        _ => throw new UsageException($"--delimiter must be ',', ';', 'tab' or '|', not '{value}'."),
    };
}
