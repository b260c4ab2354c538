using System.Globalization;
using System.Text.Json.Nodes;
using NeuralSharp.Data;
using NeuralSharp.Serialization;

namespace NeuralSharp.Cli;

/// <summary>
/// Loads a model file for a command and checks what only the command line interprets: the preprocessing that
/// <c>neuralsharp train</c> stores (the library keeps it as an opaque object) and the metadata's task. Every fault is
/// a <see cref="ModelFileException"/> naming the file, so no command prints .NET's text for a bad model file.
/// </summary>
internal static class ModelFiles
{
    private static readonly string[] KnownKinds = ["csv", "images", DataSources.FashionMnistName];

    /// <summary>
    /// Reads <paramref name="path"/>. A known preprocessing kind is always checked against the model (its feature
    /// count must be the Input width); <paramref name="forData"/> commands, which must prepare raw data, also need a
    /// preprocessing description of a kind this version knows, while <c>inspect</c> shows any.
    /// </summary>
    public static LoadedModel Load(string path, bool forData)
    {
        LoadedModel loaded = ModelFile.Load(path);
        try
        {
            if (Problem(loaded, forData) is string problem)
            {
                throw new ModelFileException(path, problem);
            }
        }
        catch (DataException e)
        {
            // Why: a DataException that wraps another carries that exception's .NET text; say what is wrong instead.
            string detail = e.InnerException is null ? e.Detail : "not a valid CSV preprocessor description (a value is missing or has the wrong type)";
            throw new ModelFileException(path, $"preprocessing: {detail}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or KeyNotFoundException)
        {
            // Why: JsonNode's accessors throw these for a value of the wrong JSON type; the file is at fault, not the program.
            throw new ModelFileException(path, "preprocessing: a value has the wrong JSON type", e);
        }

        return loaded;
    }

    private static string? Problem(LoadedModel loaded, bool forData)
    {
        var contents = loaded.Contents;
        if (contents.Metadata?["task"] is JsonNode task && task.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            return "metadata: 'task' must be \"classification\" or \"regression\"";
        }

        if (contents.Metadata?["task"]?.GetValue<string>() is string t && t is not ("classification" or "regression"))
        {
            return $"metadata: task '{t}' must be \"classification\" or \"regression\"";
        }

        JsonObject? pre = contents.Preprocessing;
        if (pre is null)
        {
            return forData ? "the model file has no preprocessing description (it was not saved by neuralsharp train), so raw data cannot be prepared for it" : null;
        }

        if (pre["kind"] is not JsonValue kindNode || !kindNode.TryGetValue(out string? kind))
        {
            return forData || pre.ContainsKey("kind")
                ? $"preprocessing has no 'kind' string ({string.Join(", ", KnownKinds)}), so raw data cannot be prepared for it"
                : null;
        }

        long width = loaded.Model.InputShape.ElementCount;
        string? labelsProblem = null;
        switch (kind)
        {
            case "csv":
                {
                    if (pre["preprocessor"] is not JsonObject fitted)
                    {
                        return "preprocessing: 'preprocessor' must be an object";
                    }

                    var preprocessor = Preprocessor.FromJson(fitted);
                    if (pre["delimiter"] is JsonNode d && d.GetValue<string>().Length != 1)
                    {
                        return "preprocessing: 'delimiter' must be one character";
                    }

                    if (pre["drop"] is JsonNode drop)
                    {
                        _ = drop.AsArray().Select(Text).ToList();
                    }

                    if (preprocessor.FeatureNames.Count != width)
                    {
                        return Inv($"preprocessing makes {preprocessor.FeatureNames.Count} features but the model's input has {width}");
                    }

                    bool classification = preprocessor.Task == TargetTask.Classification;
                    if (classification && (contents.ClassLabels is null || !contents.ClassLabels.SequenceEqual(preprocessor.ClassLabels)))
                    {
                        labelsProblem = $"class_labels ({Join(contents.ClassLabels)}) differ from the preprocessing's target labels ({Join(preprocessor.ClassLabels)})";
                    }
                    else if (!classification && contents.ClassLabels is not null)
                    {
                        labelsProblem = "class_labels are given but the preprocessing's target is not a classification target";
                    }

                    break;
                }

            case "images":
                {
                    if (!TryGet(pre, "width", out int w) || !TryGet(pre, "height", out int h) || !TryGet(pre, "grayscale", out bool grayscale))
                    {
                        return "preprocessing: an images description needs whole numbers 'width' and 'height' and a true/false 'grayscale'";
                    }
                    if (w is < 1 or > 1024 || h is < 1 or > 1024)
                    {
                        return Inv($"preprocessing: image size {w}×{h} must be 1 to 1024 pixels a side");
                    }

                    long features = (long)w * h * (grayscale ? 1 : 3);
                    if (features != width)
                    {
                        return Inv($"preprocessing makes {features} features ({w}×{h}{(grayscale ? string.Empty : "×3")}) but the model's input has {width}");
                    }

                    var folders = pre["class_labels"]?.AsArray().Select(Text).ToList();
                    if (folders is not null && (contents.ClassLabels is null || !contents.ClassLabels.SequenceEqual(folders)))
                    {
                        labelsProblem = $"class_labels ({Join(contents.ClassLabels)}) differ from the preprocessing's class folders ({Join(folders)})";
                    }

                    break;
                }

            case DataSources.FashionMnistName:
                if (width != 784)
                {
                    return Inv($"preprocessing reads 28×28 Fashion-MNIST images (784 features) but the model's input has {width}");
                }

                if (contents.ClassLabels is not null && !contents.ClassLabels.SequenceEqual(FashionMnist.ClassNames))
                {
                    labelsProblem = $"class_labels ({Join(contents.ClassLabels)}) are not Fashion-MNIST's 10 classes";
                }

                break;
            default:
                return forData ? $"preprocessing kind '{kind}' is unknown to this version of neuralsharp ({string.Join(", ", KnownKinds)}), so raw data cannot be prepared for it" : null;
        }

        return labelsProblem;
    }

    private static bool TryGet<T>(JsonObject json, string key, out T value)
    {
        if (json[key] is JsonValue node && node.TryGetValue(out T? found) && found is not null)
        {
            value = found;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>An array element that must be a string (a null element included: <see cref="Load"/> names the fault).</summary>
    private static string Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? text) ? text : throw new FormatException("not a string");

    private static string Join(IEnumerable<string>? labels) => labels is null ? "none" : string.Join(", ", labels);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
