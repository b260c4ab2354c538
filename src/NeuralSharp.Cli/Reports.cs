using System.Globalization;
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

    /// <summary>
    /// A loss or metric for a report line: four decimals (0.3775) from 0.001 to a million, else five significant
    /// digits with an exponent (1.2346E-05, 4.0516E+10). Why: a regression target in units of 1e-5 printed every
    /// error as 0.0000, and one in units of 1e12 printed digits no one can compare.
    /// </summary>
    public static string Number(double value) =>
        value == 0 || !double.IsFinite(value) || (Math.Abs(value) >= 1e-3 && Math.Abs(value) < 1e6)
            ? value.ToString("0.0000", CultureInfo.InvariantCulture)
            : value.ToString("0.####E+00", CultureInfo.InvariantCulture);

    public static void Print(EvaluationReport report, IReadOnlyList<string>? labels)
    {
        Console.WriteLine($"  loss      {Number(report.Loss)}");
        foreach (var (name, value) in report.Metrics)
        {
            Console.WriteLine($"  {name,-9} {Number(value)}");
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
