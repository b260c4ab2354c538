using System.Text.Json.Nodes;
using NeuralSharp.Data;
using NeuralSharp.Metrics;
using NeuralSharp.Models;
using NeuralSharp.Tensors;

namespace NeuralSharp.Cli;

/// <summary>Loss and metrics of a model on one data set, as printed and as JSON.</summary>
internal sealed record EvaluationReport(TargetTask Task, int Rows, double Loss, IReadOnlyDictionary<string, double> Metrics, ConfusionMatrix? Confusion);

internal static class Reports
{
    /// <summary>Classification: accuracy, precision, recall, F1 (binary for two classes, else macro) and the
    /// confusion matrix. Regression: MSE, RMSE, MAE, R².</summary>
    /// <remarks>The loss is the training objective (for regression, on the standardised target); regression
    /// metrics are in the target's own units, through <paramref name="decode"/>.</remarks>
    public static EvaluationReport Evaluate(Sequential model, Tensor x, Tensor y, TargetTask task, Func<double, double>? decode)
    {
        double loss = model.Evaluate(x, y).Loss;
        Tensor p = model.Predict(x);
        if (decode is not null)
        {
            p = Decoded(p, decode);
            y = Decoded(y, decode);
        }

        Metric[] metrics = task == TargetTask.Regression
            ? [Metric.MeanSquaredError, Metric.RootMeanSquaredError, Metric.MeanAbsoluteError, Metric.R2]
            : [Metric.Accuracy, Metric.Precision, Metric.Recall, Metric.F1];
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var m in metrics)
        {
            m.Update(p, y);
            values[m.Name] = m.Result();
        }

        ConfusionMatrix? confusion = null;
        if (task == TargetTask.Classification)
        {
            confusion = new ConfusionMatrix();
            confusion.Update(p, y);
        }

        return new EvaluationReport(task, x.Rows, loss, values, confusion);
    }

    private static Tensor Decoded(Tensor t, Func<double, double> decode)
    {
        var result = Tensor.Zeros(t.Shape, t.DType);
        for (int i = 0; i < t.Length; i++)
        {
            result.SetDouble(i, decode(t.GetDouble(i)));
        }

        return result;
    }

    public static JsonObject MetricsJson(EvaluationReport report)
    {
        var json = new JsonObject { ["loss"] = double.IsFinite(report.Loss) ? report.Loss : null };
        foreach (var (name, value) in report.Metrics)
        {
            json[name] = double.IsFinite(value) ? value : null;
        }

        if (report.Confusion is ConfusionMatrix cm)
        {
            long[,] table = cm.ToArray();
            var rows = new JsonArray();
            for (int a = 0; a < table.GetLength(0); a++)
            {
                rows.Add(new JsonArray([.. Enumerable.Range(0, table.GetLength(1)).Select(j => (JsonNode)table[a, j])]));
            }

            json["confusion_matrix"] = rows;
        }

        return json;
    }

    public static void Print(EvaluationReport report, IReadOnlyList<string>? labels)
    {
        Console.WriteLine($"  loss      {report.Loss:0.0000}");
        foreach (var (name, value) in report.Metrics)
        {
            Console.WriteLine($"  {name,-9} {value:0.0000}");
        }

        if (report.Confusion is ConfusionMatrix cm)
        {
            Console.WriteLine("  confusion matrix (rows: actual, columns: predicted):");
            foreach (string line in cm.Format(labels?.Select(CliErrors.Visible).ToList()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Console.WriteLine("  " + line.TrimEnd('\r'));
            }
        }
    }
}
