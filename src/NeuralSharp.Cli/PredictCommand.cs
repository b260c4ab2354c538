using System.Globalization;
using System.Text;
using NeuralSharp.Serialization;
using NeuralSharp.Tensors;

namespace NeuralSharp.Cli;

/// <summary><c>neuralsharp predict</c>: predictions for raw rows, as CSV (standard output by default).</summary>
internal static class PredictCommand
{
    public static int Run(string modelPath, string dataPath, string? outputPath, bool probabilities)
    {
        if (outputPath == "-")
        {
            outputPath = null; // '-' is standard output, where predictions go by default
        }

        if (outputPath is not null)
        {
            CliErrors.CheckWritable("--output", outputPath);
            CliErrors.CheckDistinct([("the model", modelPath), ("the data", dataPath)], [("--output", outputPath)]);
        }

        LoadedModel loaded = ModelFiles.Load(modelPath, forData: true);
        ModelInput input = DataSources.ForModel(loaded.Contents.Preprocessing, dataPath, needTargets: false);
        CliErrors.Warn(input.Warnings);

        IReadOnlyList<string>? labels = loaded.Contents.ClassLabels;
        if (probabilities && labels is null)
        {
            Console.Error.WriteLine("warning: --probabilities applies to classification models; ignored");
        }
        Tensor p = loaded.Model.Predict(input.X);
        int[]? classes = null;
        if (labels is not null)
        {
            classes = new int[p.Rows];
            Metrics.Classes.Predicted(p, classes);
        }

        var csv = new StringBuilder();
        csv.Append(Quote(input.RowHeader)).Append(',').Append(Quote(input.TargetName));
        if (probabilities && labels is not null)
        {
            foreach (string label in labels)
            {
                csv.Append(',').Append(Quote("p_" + label));
            }
        }

        csv.Append('\n');
        int columns = 1 + (probabilities && labels is not null ? labels.Count : 0);
        int next = 0; // the next row of p
        int fileRows = input.RowNames.Count;
        for (int row = 0; row < fileRows; row++)
        {
            csv.Append(Quote(input.RowNames[row]));
            if (input.Predicted is { } predicted && !predicted[row])
            {
                // One output row per input row: a row the model cannot take (a missing value, --impute drop) keeps
                // its place, with empty prediction cells.
                csv.Append(',', columns).Append('\n');
                continue;
            }

            int r = next++;
            csv.Append(',');
            if (labels is null)
            {
                double value = input.DecodeTarget is null ? p[r, 0] : input.DecodeTarget(p[r, 0]);
                // As a float32, the model's precision: the double from un-standardising it would print 17 digits.
                csv.Append(((float)value).ToString("R", CultureInfo.InvariantCulture));
            }
            else
            {
                csv.Append(Quote(labels[classes![r]]));
                if (probabilities)
                {
                    for (int c = 0; c < labels.Count; c++)
                    {
                        double pc = p.RowSize == 1 ? (c == 1 ? p[r, 0] : 1 - p[r, 0]) : p[r, c];
                        csv.Append(',').Append(pc.ToString("0.######", CultureInfo.InvariantCulture));
                    }
                }
            }

            csv.Append('\n');
        }

        if (outputPath is null)
        {
            Console.Out.Write(csv.ToString());
        }
        else
        {
            string full = Path.GetFullPath(outputPath);
            string temp = full + ".tmp";
            File.WriteAllText(temp, csv.ToString());
            File.Move(temp, full, overwrite: true);
            Console.Error.WriteLine(fileRows == p.Rows
                ? $"wrote {p.Rows} predictions to {CliErrors.Visible(outputPath)}"
                : $"wrote {p.Rows} predictions and {fileRows - p.Rows} empty rows to {CliErrors.Visible(outputPath)}");
        }

        return 0;
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
