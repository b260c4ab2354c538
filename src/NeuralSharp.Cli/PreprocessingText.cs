using System.Text;
using System.Text.Json.Nodes;

namespace NeuralSharp.Cli;

/// <summary>A readable account of the preprocessing stored in a model file.</summary>
internal static class PreprocessingText
{
    public static string Describe(JsonObject preprocessing)
    {
        var sb = new StringBuilder();
        string kind = preprocessing["kind"]?.GetValue<string>() ?? "?";
        switch (kind)
        {
            case "csv":
                var pre = preprocessing["preprocessor"]!.AsObject();
                sb.AppendLine($"  CSV (delimiter {(preprocessing["delimiter"]?.ToString() == "\t" ? "tab" : $"'{Shown(preprocessing["delimiter"])}'")}), numeric scaling {pre["scaling"]}, missing values {pre["impute"]}");
                foreach (var feature in pre["features"]!.AsArray())
                {
                    var f = feature!.AsObject();
                    sb.AppendLine(f["kind"]?.GetValue<string>() == "Numeric"
                        ? $"    {Shown(f["name"])}: numeric, centre {f["center"]}, scale {f["scale"]}"
                        : $"    {Shown(f["name"])}: one-hot over {f["levels"]?.AsArray().Count} levels ({string.Join(", ", f["levels"]!.AsArray().Take(8).Select(Shown))}{(f["levels"]!.AsArray().Count > 8 ? ", …" : string.Empty)})");
                }

                if (pre["target"] is JsonObject t)
                {
                    sb.AppendLine($"    target {Shown(t["name"])}: {t["task"]}");
                }

                break;
            case "images":
                sb.AppendLine($"  images resized to {preprocessing["width"]}×{preprocessing["height"]}, {(preprocessing["grayscale"]!.GetValue<bool>() ? "grayscale" : "RGB")}, pixels scaled to [0, 1]");
                break;
            case "fashion-mnist":
                sb.AppendLine("  Fashion-MNIST IDX images, 28×28 grayscale, pixels scaled to [0, 1]");
                break;
            default:
                sb.AppendLine($"  {CliErrors.Visible(kind)}: {preprocessing.ToJsonString()}");
                break;
        }

        return sb.ToString().TrimEnd();
    }

    /// <summary>A name or level from the file, its control characters shown (see <see cref="CliErrors.Visible"/>).</summary>
    private static string Shown(JsonNode? value) => CliErrors.Visible(value?.ToString() ?? string.Empty);
}
