using System.Globalization;
using System.Text.Json.Nodes;

namespace NeuralSharp.Data;

/// <summary>The fitted target: class labels (classification) or optional standardisation (regression).</summary>
internal sealed class TargetSpec
{
    public TargetSpec(string name, TargetTask task, string[] labels, double mean, double std)
    {
        Name = name;
        Task = task;
        Labels = labels;
        Mean = mean;
        Std = std;
    }

    public string Name { get; }

    public TargetTask Task { get; }

    /// <summary>Class labels in index order (classification); empty for regression.</summary>
    public string[] Labels { get; }

    /// <summary>Regression: subtracted before dividing by <see cref="Std"/> (0 and 1 when not standardised).</summary>
    public double Mean { get; }

    public double Std { get; }

    /// <summary>
    /// Classes are every distinct label of the table (not only the training rows, so a rare class that falls in the
    /// validation rows still has an index), sorted: numerically for a numeric column, ordinally for text.
    /// </summary>
    public static TargetSpec Fit(CsvTable table, CsvColumn column, TargetTask task, IReadOnlyList<int> rows, bool standardize)
    {
        if (task == TargetTask.Classification)
        {
            string[] labels = column.Kind == ColumnKind.Numeric
                ? column.Values!.Where(v => !float.IsNaN(v)).Distinct().Order().Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray()
                : column.Codes!.Where(c => c >= 0).Distinct().Select(c => column.Levels[c]).Order(StringComparer.Ordinal).ToArray();
            if (labels.Length < 2)
            {
                throw new DataException($"the target has {labels.Length} class(es); classification needs at least 2", table.FileName, columnName: column.Name);
            }

            return new TargetSpec(column.Name, task, labels, 0, 1);
        }

        if (column.Kind != ColumnKind.Numeric)
        {
            throw new DataException("regression needs a numeric target but the column holds text", table.FileName, columnName: column.Name);
        }

        double mean = 0, std = 1;
        if (standardize)
        {
            var values = rows.Select(r => (double)column.Values![r]).Where(v => !double.IsNaN(v)).ToArray();
            (mean, double sd) = FeatureSpec.MeanAndStd(values);
            std = sd > 0 ? sd : 1;
        }

        return new TargetSpec(column.Name, task, [], mean, std);
    }

    /// <summary>N × 1: class indices (classification) or the (standardised) value (regression).</summary>
    public void Encode(CsvTable table, CsvColumn column, IReadOnlyList<int> rows, Span<float> destination)
    {
        Dictionary<string, int>? index = Task == TargetTask.Classification
            ? Labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal)
            : null;
        for (int i = 0; i < rows.Count; i++)
        {
            int row = rows[i];
            if (column.IsMissing(row))
            {
                throw new DataException("missing target value; fill it in or remove the row (in training, --impute drop leaves such rows out)", table.FileName, table.LineNumbers[row], column.Index + 1, column.Name);
            }

            if (index is null)
            {
                destination[i] = column.Kind == ColumnKind.Numeric
                    ? (float)((column.Values![row] - Mean) / Std)
                    : throw new DataException("regression needs a numeric target", table.FileName, table.LineNumbers[row], column.Index + 1, column.Name);
                continue;
            }

            string label = column.GetText(row)!;
            destination[i] = index.TryGetValue(label, out int k)
                ? k
                : index.TryGetValue(AsNumericLabel(label), out k) ? k
                : throw new DataException($"label '{label}' was not seen when fitting", table.FileName, table.LineNumbers[row], column.Index + 1, column.Name);
        }
    }

    /// <summary>A label as <see cref="Fit"/> names the classes of a numeric column ('1.0', '01' and '+1' are class '1'),
    /// or itself when it is not a number: a file read with the target as text still finds numeric classes.</summary>
    private static string AsNumericLabel(string label) =>
        CsvColumn.TryParseNumber(label, out double value) && float.IsFinite((float)value)
            ? ((float)value).ToString("R", CultureInfo.InvariantCulture)
            : label;

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["task"] = Task.ToString(),
        ["classLabels"] = new JsonArray(Labels.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
        ["mean"] = Mean,
        ["std"] = Std,
    };

    public static TargetSpec FromJson(JsonObject json)
    {
        string name = FeatureSpec.Required(json, "name").GetValue<string>();
        double mean = FeatureSpec.Required(json, "mean").GetValue<double>(), std = FeatureSpec.Required(json, "std").GetValue<double>();
        FeatureSpec.RequireScale(name, mean, std, "target");
        return new(
            name,
            Enum.Parse<TargetTask>(FeatureSpec.Required(json, "task").GetValue<string>()),
            FeatureSpec.Required(json, "classLabels").AsArray().Select(n => n!.GetValue<string>()).ToArray(),
            mean,
            std);
    }
}
