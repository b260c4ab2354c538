using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralSharp.Serialization;

namespace NeuralSharp.Cli;

/// <summary><c>neuralsharp inspect</c>: what a model file holds.</summary>
internal static class InspectCommand
{
    /// <summary>
    /// Why: the default encoder writes '+' as \u002B, non-ASCII as \uXXXX and so on (safe inside HTML); a terminal
    /// or a JSON consumer wants the text as written, e.g. a library version <c>0.1.0+abc</c> or a label <c>virginica ✓</c>.
    /// </summary>
    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static int Run(string path, bool json)
    {
        LoadedModel loaded = ModelFiles.Load(path, forData: false);
        var model = loaded.Model;
        var contents = loaded.Contents;
        if (json)
        {
            var report = new JsonObject
            {
                ["model"] = path,
                ["format_version"] = loaded.FormatVersion,
                ["library_version"] = loaded.LibraryVersion,
                ["layers"] = new JsonArray([.. model.Layers.Select(l => (JsonNode)new JsonObject
                {
                    ["name"] = l.Name,
                    ["type"] = l.TypeName,
                    ["output_shape"] = new JsonArray([.. l.OutputShape.Select(d => (JsonNode)d)]),
                    ["parameters"] = l.ParameterCount,
                    ["config"] = LayerRegistry.GetConfig(l),
                })]),
                ["parameters"] = model.ParameterCount,
                ["loss"] = model.Loss?.Name,
                ["class_labels"] = contents.ClassLabels is null ? null : new JsonArray([.. contents.ClassLabels.Select(c => (JsonNode)c)]),
                ["preprocessing"] = contents.Preprocessing?.DeepClone(),
                ["metadata"] = contents.Metadata?.DeepClone(),
            };
            Console.WriteLine(report.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = Unescaped.Encoder }));
            return 0;
        }

        Console.WriteLine($"{CliErrors.Visible(path)}: NeuralSharp model, format {loaded.FormatVersion}, written by NeuralSharp {loaded.LibraryVersion}");
        Console.WriteLine();
        Console.Write(model.Summary());
        Console.WriteLine($"Loss: {model.Loss?.Name ?? "(none)"}");
        if (contents.ClassLabels is { Count: > 0 } labels)
        {
            Console.WriteLine($"Classes ({labels.Count}): {string.Join(", ", labels.Select(CliErrors.Visible))}");
        }

        if (contents.Preprocessing is JsonObject pre)
        {
            Console.WriteLine();
            Console.WriteLine("Preprocessing:");
            Console.WriteLine(PreprocessingText.Describe(pre));
        }

        if (contents.Metadata is JsonObject meta)
        {
            Console.WriteLine();
            Console.WriteLine("Training:");
            foreach (var (key, value) in meta)
            {
                Console.WriteLine($"  {key}: {value?.ToJsonString(Unescaped) ?? "null"}");
            }
        }

        return 0;
    }
}
