using System.Globalization;
using System.Text.Json.Nodes;
using NeuralSharp.Tensors;

namespace NeuralSharp.Data;

/// <summary>
/// Turns a <see cref="CsvTable"/> into tensors. Fitted on the training rows only: numeric features are standardised
/// (or min-max scaled), categorical features one-hot encoded with the levels seen in training, missing values
/// imputed or rows dropped as <see cref="PreprocessorOptions.Impute"/> says. The target becomes class indices
/// (N × 1) or a value. Columns are matched by name, so a file to predict may lack the target and order its columns
/// differently. Everything fitted round-trips through <see cref="ToJson"/> and <see cref="FromJson"/>.
/// </summary>
public sealed class Preprocessor
{
    private const string MissingHint = "use --impute mean|median|mode|drop (PreprocessorOptions.Impute in code)";

    /// <summary>The hint when transforming: the preprocessor is fitted already, perhaps inside a model whose user can
    /// no longer choose an imputation, so the data is what to fix (or the model, by training it again).</summary>
    private const string FittedMissingHint = "fill in the missing values, or train with --impute mean|median|mode|drop (PreprocessorOptions.Impute in code)";

    private readonly FeatureSpec[] _features;
    private readonly TargetSpec? _target;
    private List<string> _warnings = [];

    private Preprocessor(FeatureSpec[] features, TargetSpec? target, ScalingMode scaling, ImputeMode impute)
    {
        _features = features;
        _target = target;
        Scaling = scaling;
        Impute = impute;
        FeatureNames = features.SelectMany(f => f.OutputNames).ToArray();
    }

    /// <summary>Output column names, one-hot columns expanded as <c>name=level</c>.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The input columns used, in output order.</summary>
    public IReadOnlyList<string> FeatureColumns => _features.Select(f => f.Name).ToArray();

    /// <summary>Kinds of the input columns: pass as <see cref="CsvOptions.ColumnKinds"/> when loading a file to predict.</summary>
    public IReadOnlyDictionary<string, ColumnKind> ColumnKinds => _features.ToDictionary(f => f.Name, f => f.Kind);

    public string? TargetName => _target?.Name;

    public TargetTask? Task => _target?.Task;

    /// <summary>Class labels in index order (classification); empty otherwise.</summary>
    public IReadOnlyList<string> ClassLabels => _target?.Labels ?? [];

    public ScalingMode Scaling { get; }

    public ImputeMode Impute { get; }

    /// <summary>Warnings from the most recent <see cref="Transform"/> (e.g. categories not seen in training).</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>
    /// Most distinct integer values <see cref="InferTask"/> reads as classes (when they are also at most 5 % of the
    /// rows). A regression target with this few distinct integers is worth a warning: it may be class numbers in a
    /// table too small for the 5 % rule.
    /// </summary>
    public const int MaxInferredClasses = 20;

    /// <summary>
    /// Categorical ⇒ classification; numeric with integer values only and at most 2 distinct values, or at most
    /// <see cref="MaxInferredClasses"/> (20) distinct values that are also at most 5% of the rows ⇒ classification;
    /// otherwise regression.
    /// </summary>
    public static TargetTask InferTask(CsvColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Kind == ColumnKind.Categorical)
        {
            return TargetTask.Classification;
        }

        var values = column.Values!.Where(v => !float.IsNaN(v)).ToArray();
        if (values.Any(v => v != MathF.Floor(v)))
        {
            return TargetTask.Regression;
        }

        int distinct = values.Distinct().Count();
        return distinct <= 2 || (distinct <= MaxInferredClasses && distinct <= 0.05 * values.Length) ? TargetTask.Classification : TargetTask.Regression;
    }

    /// <summary>Fits on <paramref name="trainRows"/> (null: every row) of <paramref name="table"/>.</summary>
    public static Preprocessor Fit(CsvTable table, IReadOnlyList<int>? trainRows = null, PreprocessorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= new PreprocessorOptions();
        string? targetName = options.Target ?? table.TargetName;
        CsvColumn? targetColumn = targetName is null ? null : table[targetName];
        var featureColumns = table.Columns.Where(c => c != targetColumn).ToArray();
        if (featureColumns.Length == 0)
        {
            throw new DataException("no feature columns", table.FileName);
        }

        IReadOnlyList<int> rows = trainRows ?? Enumerable.Range(0, table.RowCount).ToArray();
        RequireRows(table, rows, nameof(trainRows));
        if (options.Impute == ImputeMode.Drop)
        {
            rows = WithoutMissing(rows, targetColumn is null ? featureColumns : [.. featureColumns, targetColumn]);
            if (rows.Count == 0)
            {
                throw new DataException("every training row has a missing value", table.FileName);
            }
        }
        else if (targetColumn is not null)
        {
            CheckMissing(table, targetColumn, rows, "; use --impute drop");
        }

        var features = new FeatureSpec[featureColumns.Length];
        for (int f = 0; f < featureColumns.Length; f++)
        {
            var column = featureColumns[f];
            if (options.Impute == ImputeMode.None)
            {
                CheckMissing(table, column, rows, "; " + MissingHint);
            }

            if (column.Kind == ColumnKind.Numeric)
            {
                var values = rows.Select(r => (double)column.Values![r]).Where(v => !double.IsNaN(v)).ToList();
                features[f] = FeatureSpec.FitNumeric(column.Name, values, options.Scaling, options.Impute, table.FileName);
            }
            else
            {
                var counts = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (int r in rows.Where(r => !column.IsMissing(r)))
                {
                    string level = column.Levels[column.Codes![r]];
                    counts[level] = counts.GetValueOrDefault(level) + 1;
                }

                features[f] = FeatureSpec.FitCategorical(column.Name, counts, options.Impute, table.FileName);
            }
        }

        TargetSpec? target = targetColumn is null
            ? null
            : TargetSpec.Fit(table, targetColumn, options.Task ?? InferTask(targetColumn), rows, options.StandardizeTarget);
        return new Preprocessor(features, target, options.Scaling, options.Impute);
    }

    /// <summary>
    /// The rows <see cref="Transform"/> and <see cref="EncodeTarget"/> use: <paramref name="rows"/> (null: all), less
    /// rows with a missing feature or target value when imputing by dropping.
    /// </summary>
    public int[] UsableRows(CsvTable table, IReadOnlyList<int>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var all = rows ?? Enumerable.Range(0, table.RowCount).ToArray();
        RequireRows(table, all, nameof(rows));

        if (Impute != ImputeMode.Drop)
        {
            return all.ToArray();
        }

        var columns = _features.Select(f => Resolve(table, f.Name)).ToList();
        if (_target is not null && table.TryGetColumn(_target.Name, out var target))
        {
            columns.Add(target);
        }

        return WithoutMissing(all, columns);
    }

    /// <summary>Throws unless every index of <paramref name="rows"/> is a row of <paramref name="table"/>.</summary>
    private static void RequireRows(CsvTable table, IEnumerable<int> rows, string name)
    {
        foreach (int r in rows)
        {
            if ((uint)r >= (uint)table.RowCount)
            {
                throw new ArgumentOutOfRangeException(name, r, $"Row {r} is outside the table's {table.RowCount} rows.");
            }
        }
    }

    /// <summary>The rows in which none of <paramref name="columns"/> is missing (imputing by dropping).</summary>
    private static int[] WithoutMissing(IEnumerable<int> rows, IReadOnlyCollection<CsvColumn> columns) =>
        rows.Where(r => !columns.Any(c => c.IsMissing(r))).ToArray();

    /// <summary>Features of <see cref="UsableRows"/> as float32 N × <see cref="FeatureNames"/>.Count.</summary>
    public Tensor Transform(CsvTable table, IReadOnlyList<int>? rows = null)
    {
        var used = UsableRows(table, rows);
        var x = Tensor.Zeros(used.Length, FeatureNames.Count);
        var data = x.Float32Span;
        int width = FeatureNames.Count;
        var warnings = new List<string>();
        int offset = 0;
        foreach (var spec in _features)
        {
            var column = Resolve(table, spec.Name);
            if (!spec.HasFill)
            {
                CheckMissing(table, column, used, "; " + FittedMissingHint);
            }

            if (spec.Kind == ColumnKind.Numeric)
            {
                var values = NumericValues(table, column);
                for (int i = 0; i < used.Length; i++)
                {
                    double v = values[used[i]];
                    data[(i * width) + offset] = (float)(((double.IsNaN(v) ? spec.Fill : v) - spec.Center) / spec.Scale);
                }
            }
            else
            {
                var index = spec.Levels.Select((l, k) => (l, k)).ToDictionary(p => p.l, p => p.k, StringComparer.Ordinal);
                int unseen = 0;
                string? example = null;
                for (int i = 0; i < used.Length; i++)
                {
                    string? text = column.GetText(used[i]);
                    int k = text is null ? spec.FillLevel : index.GetValueOrDefault(text, -1);
                    if (k >= 0)
                    {
                        data[(i * width) + offset + k] = 1;
                    }
                    else if (text is not null)
                    {
                        unseen++;
                        example ??= text;
                    }
                }

                if (unseen > 0)
                {
                    warnings.Add(string.Create(CultureInfo.InvariantCulture,
                        $"column '{spec.Name}': {unseen} {(unseen == 1 ? "row has" : "rows have")} categories not seen in training (e.g. '{example}'); encoded as all zeros"));
                }
            }

            offset += spec.Width;
        }

        _warnings = warnings;
        return x;
    }

    /// <summary>The target of <see cref="UsableRows"/> as float32 N × 1: class indices or (standardised) values.</summary>
    public Tensor EncodeTarget(CsvTable table, IReadOnlyList<int>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (_target is null)
        {
            throw new DataException("the preprocessor was fitted without a target column", table.FileName);
        }

        var column = table[_target.Name];
        var used = UsableRows(table, rows);
        var y = Tensor.Zeros(used.Length, 1);
        _target.Encode(table, column, used, y.Float32Span);
        return y;
    }

    /// <summary>The label of class <paramref name="index"/>.</summary>
    public string DecodeClass(int index) => ClassLabels[index];

    /// <summary>Regression: undoes target standardisation (identity when it is off).</summary>
    public double DecodeValue(double value) => _target is null ? value : (value * _target.Std) + _target.Mean;

    public JsonObject ToJson() => new()
    {
        ["version"] = 1,
        ["scaling"] = Scaling.ToString(),
        ["impute"] = Impute.ToString(),
        ["features"] = new JsonArray(_features.Select(f => (JsonNode?)f.ToJson()).ToArray()),
        ["target"] = _target?.ToJson(),
    };

    public static Preprocessor FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var features = FeatureSpec.Required(json, "features").AsArray().Select(n => FeatureSpec.FromJson(n!.AsObject())).ToArray();
            var target = json["target"] is JsonObject t ? TargetSpec.FromJson(t) : null;
            if (RepeatedName.First(features.Select(f => f.Name)) is { } twice)
            {
                throw new DataException($"preprocessor lists feature '{twice}' twice");
            }

            if (target is not null && Array.Find(features, f => f.Name == target.Name) is { } both)
            {
                throw new DataException($"preprocessor's target '{both.Name}' is also one of its features");
            }

            return new Preprocessor(
                features,
                target,
                Enum.Parse<ScalingMode>(FeatureSpec.Required(json, "scaling").GetValue<string>()),
                Enum.Parse<ImputeMode>(FeatureSpec.Required(json, "impute").GetValue<string>()));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or NullReferenceException)
        {
            throw new DataException($"invalid preprocessor JSON: {e.Message}", e);
        }
    }

    private static CsvColumn Resolve(CsvTable table, string name) =>
        table.TryGetColumn(name, out var column)
            ? column
            : throw new DataException(
                $"missing feature column '{name}'; available columns: {CsvReader.Describe(table.Columns.Select(c => c.Name))}", table.FileName);

    private static double[] NumericValues(CsvTable table, CsvColumn column)
    {
        if (column.Kind == ColumnKind.Numeric)
        {
            return column.Values!.Select(v => (double)v).ToArray();
        }

        var levels = new double[column.Levels.Count];
        for (int k = 0; k < levels.Length; k++)
        {
            bool number = CsvColumn.TryParseNumber(column.Levels[k], out levels[k]);
            if (!number || !float.IsFinite((float)levels[k]))
            {
                int row = Array.IndexOf(column.Codes!, k);
                throw new DataException(
                    number ? CsvColumn.NotFiniteMessage(column.Levels[k]) : $"value '{column.Levels[k]}' is not a number, but the column was numeric in training",
                    table.FileName, table.LineNumbers[row], column.Index + 1, column.Name);
            }
        }

        return column.Codes!.Select(c => c < 0 ? double.NaN : levels[c]).ToArray();
    }

    /// <summary>An error when any of <paramref name="rows"/> lacks a value in <paramref name="column"/>. It counts and
    /// locates the whole file's missing values, not only those rows' (a training split's), since it names the file.</summary>
    private static void CheckMissing(CsvTable table, CsvColumn column, IReadOnlyList<int> rows, string hint)
    {
        if (rows.Any(column.IsMissing))
        {
            var all = Enumerable.Range(0, table.RowCount);
            int missing = all.Count(column.IsMissing);
            int first = all.First(column.IsMissing);
            throw new DataException(string.Create(CultureInfo.InvariantCulture, $"{missing} missing value{(missing == 1 ? string.Empty : "s")} (first on line {table.LineNumbers[first]}){hint}"),
                table.FileName, columnName: column.Name);
        }
    }
}
