using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralSharp.Data;
using NeuralSharp.Serialization;

namespace NeuralSharp.Cli;

/// <summary><c>neuralsharp evaluate</c>: loss and metrics of a saved model on labelled data.</summary>
internal static class EvaluateCommand
{
    public static int Run(string modelPath, string dataPath, bool json)
    {
        LoadedModel loaded = ModelFiles.Load(modelPath, forData: true);
        if (loaded.Model.Loss is null)
        {
            throw new Data.DataException("the model file records no loss, so it cannot be evaluated", modelPath);
        }

        ModelInput input = DataSources.ForModel(loaded.Contents.Preprocessing, dataPath, needTargets: true);
        CliErrors.Warn(input.Warnings);

        TargetTask task = loaded.Contents.Metadata?["task"]?.GetValue<string>() == "regression" || loaded.Contents.ClassLabels is null
            ? TargetTask.Regression
            : TargetTask.Classification;
        var report = Reports.Evaluate(loaded.Model, input.X, input.Y!, task, input.DecodeTarget);
        if (json)
        {
            var result = new JsonObject
            {
                ["task"] = task == TargetTask.Regression ? "regression" : "classification",
                ["rows"] = report.Rows,
                ["loss"] = report.Loss,
                ["metrics"] = Reports.MetricsJson(report),
                ["model"] = Path.GetFullPath(modelPath),
                ["data"] = CsvInput.DisplayName(dataPath),
            };
            Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
            return 0;
        }

        Console.WriteLine($"{CliErrors.Visible(CsvInput.DisplayName(dataPath))}: {report.Rows} rows");
        Reports.Print(report, loaded.Contents.ClassLabels);
        return 0;
    }
}
