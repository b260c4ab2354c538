using System.Globalization;
using System.Text.Json.Nodes;
using NeuralSharp.Data;
using NeuralSharp.Tensors;

namespace NeuralSharp.Cli;

/// <summary>CSV files in and out of the command line: fit preprocessing on the training rows, and read new
/// files exactly the way the training file was read.</summary>
internal static class CsvTraining
{
    public static PreparedData Prepare(TrainOptions o)
    {
        CsvInput input = CsvInput.Open(o.Data);
        string source = input.Path; // how messages name the data (<stdin> for '-')
        string[] header = input.ReadHeader(o.Delimiter);
        if (o.Target is null)
        {
            throw new UsageException($"a CSV file needs --target <column>; {source} has columns: {string.Join(", ", header)}");
        }

        var kinds = new Dictionary<string, ColumnKind>(StringComparer.Ordinal);
        foreach (string c in o.Categorical)
        {
            kinds[c] = ColumnKind.Categorical;
        }

        foreach (string c in o.Numeric)
        {
            if (kinds.ContainsKey(c))
            {
                throw new UsageException($"column '{c}' is given both as --categorical and --numeric; choose one.");
            }

            kinds[c] = ColumnKind.Numeric;
        }

        var table = input.Load(new CsvOptions { Delimiter = o.Delimiter, Drop = o.Drop, Target = o.Target, ColumnKinds = kinds });
        CsvColumn targetColumn = table[o.Target];
        TargetTask task = o.Task switch
        {
            "classification" => TargetTask.Classification,
            "regression" => TargetTask.Regression,
            _ => Preprocessor.InferTask(targetColumn),
        };
        if (task == TargetTask.Regression && targetColumn.Kind != ColumnKind.Numeric)
        {
            throw new DataException($"regression needs a numeric target, but it holds text such as '{FirstText(targetColumn)}'", source, columnName: o.Target);
        }

        if (task == TargetTask.Classification && targetColumn.Kind == ColumnKind.Numeric)
        {
            CheckNumericClasses(targetColumn, source);
        }

        var warnings = new List<string>(table.Warnings);
        if (o.Task is null && task == TargetTask.Regression && FewIntegerValues(targetColumn) is int distinct)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"target '{o.Target}' has {distinct} distinct integer values in {table.RowCount} rows; treating it as regression (pass --task classification to classify)"));
        }

        var preprocessorOptions = new PreprocessorOptions
        {
            Target = o.Target,
            Task = task,
            Scaling = o.Scale == "minmax" ? ScalingMode.MinMax : ScalingMode.Standardize,
            Impute = ParseImpute(o.Impute),
            StandardizeTarget = task == TargetTask.Regression,
        };

        int[] all = [.. Enumerable.Range(0, table.RowCount)];
        var (train, validation) = o.ValidationSplit > 0
            ? DataSplit.Split(table, o.ValidationSplit, o.Seed, task == TargetTask.Classification ? o.Target : null)
            : (all, Array.Empty<int>());
        DataSources.RequireTrainingRows(train, o.ValidationSplit, table.RowCount);
        if (DataSources.SplitShortfall(source, o.ValidationSplit, table.RowCount, validation.Length) is { } shortfall)
        {
            warnings.Add(shortfall);
        }

        var preprocessor = Preprocessor.Fit(table, train, preprocessorOptions);
        if (task == TargetTask.Classification && preprocessor.ClassLabels.Count < 2)
        {
            throw new DataException($"classification needs at least 2 classes, found {preprocessor.ClassLabels.Count}", source, columnName: o.Target);
        }

        int[] usableTrain = preprocessor.UsableRows(table, train);
        int[] usableValidation = validation.Length > 0 ? preprocessor.UsableRows(table, validation) : [];
        if (usableTrain.Length == 0)
        {
            throw new DataException("no training rows left: every one has a missing value, and --impute drop removed it; impute instead (--impute mean|median|mode)", source);
        }

        if (validation.Length > 0 && usableValidation.Length == 0)
        {
            warnings.Add($"{source}: every validation row has a missing value and --impute drop removed it; training without validation");
        }
        Tensor? testX = null, testY = null;
        if (o.Test is string testPath)
        {
            CsvInput testInput = CsvInput.Open(testPath);
            string[] testHeader = testInput.ReadHeader(o.Delimiter);
            RequireFeatures(preprocessor, testPath, testHeader);
            var testKinds = new Dictionary<string, ColumnKind>(preprocessor.ColumnKinds, StringComparer.Ordinal) { [o.Target] = targetColumn.Kind };
            var testTable = testInput.Load(new CsvOptions
            {
                Delimiter = o.Delimiter,
                Drop = Unused(testHeader, testKinds.Keys),
                Target = o.Target,
                ColumnKinds = testKinds,
                ColumnKindsFromTraining = true,
            });
            int[] usable = preprocessor.UsableRows(testTable);
            if (usable.Length == 0)
            {
                // Refused before training, not after it: the test report is the last thing a run prints.
                throw new DataException(testTable.RowCount == 0
                    ? "--test: the file has no data rows"
                    : "--test: no rows left to test on: every one has a missing value, and --impute drop removed it", testInput.Path);
            }

            testX = preprocessor.Transform(testTable, usable);
            warnings.AddRange(preprocessor.Warnings);
            testY = preprocessor.EncodeTarget(testTable, usable);
        }

        var data = new PreparedData
        {
            TrainX = preprocessor.Transform(table, usableTrain),
            TrainY = preprocessor.EncodeTarget(table, usableTrain),
            ValidationX = usableValidation.Length > 0 ? preprocessor.Transform(table, usableValidation) : null,
            ValidationY = usableValidation.Length > 0 ? preprocessor.EncodeTarget(table, usableValidation) : null,
            TestX = testX,
            TestY = testY,
            Task = task,
            ClassLabels = task == TargetTask.Classification ? preprocessor.ClassLabels : null,
            Preprocessing = new JsonObject
            {
                ["kind"] = "csv",
                ["delimiter"] = table.Delimiter.ToString(),
                ["drop"] = new JsonArray([.. o.Drop.Select(d => (JsonNode)d)]),
                ["preprocessor"] = preprocessor.ToJson(),
            },
            Source = CsvInput.IsStandardInput(o.Data) ? source : Path.GetFullPath(o.Data),
            DecodeTarget = task == TargetTask.Regression ? preprocessor.DecodeValue : null,
        };
        data.Warnings.AddRange(warnings);
        int dropped = train.Length + validation.Length - usableTrain.Length - usableValidation.Length;
        if (dropped > 0)
        {
            data.Warnings.Add($"{source}: dropped {dropped} rows with missing values (--impute drop)");
        }

        return data;
    }

    public static ModelInput ForModel(JsonObject preprocessing, string path, bool needTargets)
    {
        if (!File.Exists(path) && !CsvInput.IsStandardInput(path))
        {
            throw new DataException("no such file", path);
        }

        var preprocessor = Preprocessor.FromJson(preprocessing["preprocessor"]!.AsObject());
        char? delimiter = preprocessing["delimiter"]?.GetValue<string>() is { Length: 1 } d ? d[0] : null;
        CsvInput input = CsvInput.Open(path);
        string shown = input.Path; // how messages name the data (<stdin> for '-')
        string[] header = input.ReadHeader(delimiter);
        string? redetected = null;
        if (delimiter is char trained && preprocessor.FeatureColumns.Any(c => !header.Contains(c)))
        {
            // The same columns with another delimiter (a ';' file saved again with ','): read it the way it is written.
            string[] detected = input.ReadHeader(null);
            if (preprocessor.FeatureColumns.All(detected.Contains))
            {
                (header, delimiter) = (detected, null);
                redetected = $"{shown}: the training data was separated by '{(trained == '\t' ? "tab" : trained)}'; this file uses another delimiter and was read with it";
            }
        }

        string[] echo = [.. (preprocessing["drop"]?.AsArray().Select(n => n!.GetValue<string>()) ?? []).Where(header.Contains)];
        string? target = preprocessor.TargetName;
        RequireFeatures(preprocessor, shown, header);
        bool hasTarget = target is not null && header.Contains(target);
        if (needTargets && !hasTarget)
        {
            throw new DataException($"the target column '{target}' is missing; evaluation needs labelled rows (columns: {string.Join(", ", header)})", shown);
        }

        var kinds = new Dictionary<string, ColumnKind>(preprocessor.ColumnKinds, StringComparer.Ordinal);
        foreach (string c in echo)
        {
            kinds[c] = ColumnKind.Categorical;
        }

        var keep = new List<string>(kinds.Keys);
        if (hasTarget && needTargets)
        {
            keep.Add(target!);

            // The target's kind as in training, not inferred again: labels 1, 2 and a few 'other' are categorical
            // however this file happens to mix them (classes are matched by their text either way).
            kinds[target!] = preprocessor.Task == TargetTask.Regression ? ColumnKind.Numeric : ColumnKind.Categorical;
        }

        var table = input.Load(new CsvOptions
        {
            Delimiter = delimiter,
            Drop = Unused(header, keep),
            Target = hasTarget && needTargets ? target : null,
            ColumnKinds = kinds,
            ColumnKindsFromTraining = true,
        });
        int[] rows = preprocessor.UsableRows(table);
        var warnings = new List<string>();
        if (redetected is not null)
        {
            warnings.Add(redetected);
        }

        if (rows.Length < table.RowCount)
        {
            warnings.Add(needTargets
                ? $"{shown}: {table.RowCount - rows.Length} rows with missing values are left out (the model was trained with --impute drop)"
                : $"{shown}: {table.RowCount - rows.Length} rows with missing values have no prediction (the model was trained with --impute drop); their prediction cells are empty");
        }

        Tensor x = preprocessor.Transform(table, rows);
        warnings.AddRange(preprocessor.Warnings);
        Tensor? y = needTargets ? preprocessor.EncodeTarget(table, rows) : null;
        string rowHeader = echo.Length > 0 ? echo[0] : "line";
        string Name(int r) => echo.Length > 0 ? table[echo[0]].GetText(r) ?? string.Empty : table.LineNumbers[r].ToString(CultureInfo.InvariantCulture);
        IReadOnlyList<string> names = [.. Enumerable.Range(0, table.RowCount).Select(Name)];
        bool[]? predicted = null;
        if (rows.Length < table.RowCount)
        {
            predicted = new bool[table.RowCount];
            foreach (int r in rows)
            {
                predicted[r] = true;
            }
        }

        return new ModelInput(x, y, names, rowHeader, warnings, target ?? "prediction", preprocessor.Task == TargetTask.Regression ? preprocessor.DecodeValue : null)
        {
            Predicted = predicted,
        };
    }

    /// <summary>Most classes a numeric target may have under <c>--task classification</c>; more suggests a continuous quantity.</summary>
    internal const int MaxNumericClasses = 50;

    /// <summary>A numeric target forced to classification must hold class numbers: integers, and not too many of them.</summary>
    private static void CheckNumericClasses(CsvColumn target, string path)
    {
        float[] values = [.. target.Values!.Where(v => !float.IsNaN(v))];
        int fractional = Array.FindIndex(values, v => v != MathF.Floor(v));
        if (fractional >= 0)
        {
            throw new UsageException($"--task classification needs class labels, but the target '{target.Name}' in {path} holds non-integer values such as {values[fractional].ToString(CultureInfo.InvariantCulture)}; use --task regression.");
        }

        int distinct = values.Distinct().Count();
        if (distinct > MaxNumericClasses)
        {
            throw new UsageException($"--task classification: the numeric target '{target.Name}' in {path} has {distinct} distinct values (more than {MaxNumericClasses} classes); use --task regression, or --categorical {target.Name} if these really are classes.");
        }
    }

    /// <summary>
    /// The columns of <paramref name="header"/> not in <paramref name="used"/>: a file read for a model is loaded
    /// without them, so a column the model never saw (a comment, a label in a predict file) cannot fail the load
    /// with a typo nobody needs fixed.
    /// </summary>
    private static string[] Unused(string[] header, IEnumerable<string> used)
    {
        var keep = new HashSet<string>(used, StringComparer.Ordinal);
        return [.. header.Where(c => !keep.Contains(c))];
    }

    /// <summary>
    /// The number of distinct values when a numeric target holds integers only and at most
    /// <see cref="Preprocessor.MaxInferredClasses"/> of them (class numbers, perhaps, in a table too small for
    /// <see cref="Preprocessor.InferTask"/>'s 5 % rule); null otherwise.
    /// </summary>
    private static int? FewIntegerValues(CsvColumn target)
    {
        if (target.Kind != ColumnKind.Numeric)
        {
            return null;
        }

        var distinct = new HashSet<float>();
        foreach (float v in target.Values!)
        {
            if (float.IsNaN(v))
            {
                continue;
            }

            if (v != MathF.Floor(v) || (distinct.Add(v) && distinct.Count > Preprocessor.MaxInferredClasses))
            {
                return null;
            }
        }

        return distinct.Count;
    }

    /// <summary>Every column the preprocessor was fitted on must be in <paramref name="header"/>.</summary>
    private static void RequireFeatures(Preprocessor preprocessor, string path, string[] header)
    {
        if (preprocessor.FeatureColumns.FirstOrDefault(c => !header.Contains(c)) is string absent)
        {
            throw new DataException($"column '{absent}', which the model was trained on, is missing (columns: {string.Join(", ", header)})", path);
        }
    }

    private static string FirstText(CsvColumn column)
    {
        for (int r = 0; r < column.Length; r++)
        {
            if (!column.IsMissing(r))
            {
                return column.GetText(r) ?? string.Empty;
            }
        }

        return string.Empty;
    }

    private static ImputeMode ParseImpute(string? value) => value switch
    {
        null => ImputeMode.None,
        "mean" => ImputeMode.Mean,
        "median" => ImputeMode.Median,
        "mode" => ImputeMode.Mode,
        "drop" => ImputeMode.Drop,
        _ => throw new UsageException($"--impute must be mean, median, mode or drop, not '{value}'."),
    };
}
