using System.Text.Json.Nodes;
using NeuralSharp.Data;

namespace NeuralSharp.Tests.Data;

public class PreprocessorTests
{
    private const string People = "age,city,income,label\n20,Paris,1.0,yes\n30,Oslo,2.0,no\n40,Paris,3.0,maybe\n50,Rome,4.0,yes\n";

    private static CsvTable Table(string text, string? target = null) => CsvTable.Parse(text, new CsvOptions { Target = target }, "t.csv");

    [Fact]
    public void Standardisation_uses_training_rows_only()
    {
        var table = Table("x\n1\n2\n3\n100\n");
        var p = Preprocessor.Fit(table, [0, 1, 2]);
        var x = p.Transform(table).ToArray();
        double std = Math.Sqrt(2.0 / 3.0);
        Assert.Equal(-1 / std, x[0], 5);
        Assert.Equal(0, x[1], 5);
        Assert.Equal(98 / std, x[3], 3);

        var all = Preprocessor.Fit(table).Transform(table).ToArray();
        Assert.NotEqual(x[3], all[3]);
        Assert.Equal(0, all.Average(), 5);
    }

    [Fact]
    public void Min_max_scaling_and_constant_columns()
    {
        var table = Table("x,c\n2,5\n4,5\n6,5\n");
        var x = Preprocessor.Fit(table, options: new PreprocessorOptions { Scaling = ScalingMode.MinMax }).Transform(table).ToArray();
        Assert.Equal([0f, 0f, 0.5f, 0f, 1f, 0f], x);
        var standard = Preprocessor.Fit(table).Transform(table).ToArray();
        Assert.Equal(0f, standard[1]);
    }

    [Fact]
    public void Categorical_columns_are_one_hot_with_sorted_training_levels()
    {
        var table = Table(People, "label");
        var p = Preprocessor.Fit(table, options: new PreprocessorOptions { Scaling = ScalingMode.None });
        Assert.Equal(["age", "city=Oslo", "city=Paris", "city=Rome", "income"], p.FeatureNames);
        var x = p.Transform(table);
        Assert.Equal(4, x.Rows);
        Assert.Equal([20f, 0, 1, 0, 1], x.Row(0));
        Assert.Equal([30f, 1, 0, 0, 2], x.Row(1));
        Assert.Equal([50f, 0, 0, 1, 4], x.Row(3));
        Assert.Empty(p.Warnings);
    }

    [Fact]
    public void Unseen_categories_encode_as_zeros_with_a_warning()
    {
        var table = Table(People, "label");
        var p = Preprocessor.Fit(table, [0, 2, 3]);
        Assert.Equal(["age", "city=Paris", "city=Rome", "income"], p.FeatureNames);
        var x = p.Transform(table);
        Assert.Equal([0f, 0f], x.Row(1).Skip(1).Take(2));
        var warning = Assert.Single(p.Warnings);
        Assert.Contains("column 'city': 1 row has categories not seen in training (e.g. 'Oslo')", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_values_without_impute_name_the_column_and_count()
    {
        var table = Table("age,b\n1,x\nNA,y\n3,z\n,x\n");
        var e = Assert.Throws<DataException>(() => Preprocessor.Fit(table));
        Assert.Equal("age", e.ColumnName);
        Assert.Contains("t.csv: column 'age': 2 missing values", e.Message, StringComparison.Ordinal);
        Assert.Contains("--impute mean|median|mode|drop", e.Message, StringComparison.Ordinal);

        var fitted = Preprocessor.Fit(table, [0, 2]);
        var late = Assert.Throws<DataException>(() => fitted.Transform(table));
        Assert.Contains("column 'age': 2 missing values", late.Message, StringComparison.Ordinal);

        // Fitted on a split that holds one of them, the message still counts the file's, as it names the file.
        var split = Assert.Throws<DataException>(() => Preprocessor.Fit(table, [0, 1, 2]));
        Assert.Contains("t.csv: column 'age': 2 missing values (first on line 3)", split.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Imputation_fills_from_training_rows_or_drops_rows()
    {
        var table = Table("a,c\n1,x\n2,x\n6,y\n?,\n");
        float Filled(ImputeMode mode) => Preprocessor.Fit(table, options: new PreprocessorOptions { Impute = mode, Scaling = ScalingMode.None }).Transform(table).Row(3)[0];
        Assert.Equal(3f, Filled(ImputeMode.Mean));
        Assert.Equal(2f, Filled(ImputeMode.Median));
        Assert.Equal(1f, Filled(ImputeMode.Mode));
        var mode = Preprocessor.Fit(table, options: new PreprocessorOptions { Impute = ImputeMode.Mean, Scaling = ScalingMode.None }).Transform(table);
        Assert.Equal([1f, 0f], mode.Row(3).Skip(1));

        var drop = Preprocessor.Fit(table, options: new PreprocessorOptions { Impute = ImputeMode.Drop });
        Assert.Equal([0, 1, 2], drop.UsableRows(table));
        Assert.Equal(3, drop.Transform(table).Rows);
    }

    [Fact]
    public void String_labels_map_to_sorted_indices_and_back()
    {
        var table = Table(People, "label");
        var p = Preprocessor.Fit(table);
        Assert.Equal(TargetTask.Classification, p.Task);
        Assert.Equal(["maybe", "no", "yes"], p.ClassLabels);
        var y = p.EncodeTarget(table);
        Assert.Equal([2f, 1f, 0f, 2f], y.ToArray());
        Assert.Equal(["yes", "no", "maybe", "yes"], y.ToArray().Select(v => p.DecodeClass((int)v)));
    }

    [Fact]
    public void Numeric_labels_sort_numerically()
    {
        var table = Table("x,grade\n1,10\n2,2\n3,33\n4,10\n");
        var p = Preprocessor.Fit(table, options: new PreprocessorOptions { Target = "grade", Task = TargetTask.Classification });
        Assert.Equal(["2", "10", "33"], p.ClassLabels);
        Assert.Equal([1f, 0f, 2f, 1f], p.EncodeTarget(table).ToArray());
        Assert.Equal("33", p.DecodeClass(2));
    }

    [Fact]
    public void Task_inference()
    {
        var table = Table("bin,real,many,text\n0,0.5,1,a\n1,1.5,2,b\n1,2,3,a\n0,3,4,b\n");
        Assert.Equal(TargetTask.Classification, Preprocessor.InferTask(table["bin"]));
        Assert.Equal(TargetTask.Regression, Preprocessor.InferTask(table["real"]));
        Assert.Equal(TargetTask.Regression, Preprocessor.InferTask(table["many"]));
        Assert.Equal(TargetTask.Classification, Preprocessor.InferTask(table["text"]));
        string many = "k\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"{i % 5}\n"));
        Assert.Equal(TargetTask.Classification, Preprocessor.InferTask(Table(many)["k"]));
    }

    [Fact]
    public void Regression_target_standardisation_is_optional_and_reversible()
    {
        var table = Table("x,y\n1,10\n2,20\n3,30\n4,40.5\n", "y");
        var plain = Preprocessor.Fit(table);
        Assert.Equal(TargetTask.Regression, plain.Task);
        Assert.Equal([10f, 20f, 30f, 40.5f], plain.EncodeTarget(table).ToArray());
        var scaled = Preprocessor.Fit(table, options: new PreprocessorOptions { StandardizeTarget = true });
        var y = scaled.EncodeTarget(table).ToArray();
        Assert.Equal(0, y.Average(), 5);
        Assert.Equal(40.5, scaled.DecodeValue(y[3]), 4);
    }

    [Fact]
    public void Prediction_files_match_columns_by_name_without_the_target()
    {
        var train = Table(People, "label");
        var p = Preprocessor.Fit(train);
        var predict = CsvTable.Parse("income,extra,city,age\n2.0,z,Oslo,30\n4.0,z,Rome,50\n", new CsvOptions { ColumnKinds = p.ColumnKinds });
        var expected = p.Transform(train, [1, 3]).ToArray();
        Assert.Equal(expected, p.Transform(predict).ToArray());

        var missing = CsvTable.Parse("income,age\n1,2\n", fileName: "p.csv");
        var e = Assert.Throws<DataException>(() => p.Transform(missing));
        Assert.Contains("p.csv: missing feature column 'city'", e.Message, StringComparison.Ordinal);
        Assert.Contains("fitted without a target", Assert.Throws<DataException>(() => Preprocessor.Fit(missing).EncodeTarget(missing)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_numeric_feature_read_as_text_at_prediction_names_the_value_without_training_options()
    {
        var p = Preprocessor.Fit(Table(People, "label"));
        var text = CsvTable.Parse("age,city,income\n30,Oslo,2.0\nthirty,Rome,1.0\nforty,Rome,1.0\n", fileName: "p.csv");
        var e = Assert.Throws<DataException>(() => p.Transform(text));
        Assert.Equal("p.csv:3:1: column 'age': value 'thirty' is not a number, but the column was numeric in training", e.Message);

        var infinite = CsvTable.Parse("age,city,income\n-inf,Oslo,2.0\nthirty,Rome,1.0\nforty,Rome,1.0\n", fileName: "p.csv");
        e = Assert.Throws<DataException>(() => p.Transform(infinite));
        Assert.Equal("p.csv:2:1: column 'age': value '-inf' is not a finite number; numeric values must lie within ±3.4e38 (32-bit floats)", e.Message);

        var missing = CsvTable.Parse("age,city,income\n,Oslo,2.0\n", fileName: "p.csv");
        e = Assert.Throws<DataException>(() => p.Transform(missing));
        Assert.Equal("p.csv: column 'age': 1 missing value (first on line 2); fill in the missing values, or train with --impute mean|median|mode|drop (PreprocessorOptions.Impute in code)", e.Message);
    }

    [Fact]
    public void Json_round_trip_gives_identical_transforms()
    {
        var table = Table("a,city,b,label\n1,Paris,NA,x\n2,Oslo,5,y\n3,Paris,7,x\n9,Rome,1,z\n", "label");
        var p = Preprocessor.Fit(table, [0, 1, 2], new PreprocessorOptions { Impute = ImputeMode.Median, Scaling = ScalingMode.MinMax });
        string text = p.ToJson().ToJsonString();
        var q = Preprocessor.FromJson(JsonNode.Parse(text)!.AsObject());
        Assert.Equal(p.FeatureNames, q.FeatureNames);
        Assert.Equal(p.ClassLabels, q.ClassLabels);
        Assert.Equal(p.Task, q.Task);
        Assert.Equal(p.TargetName, q.TargetName);
        Assert.Equal(p.Impute, q.Impute);
        Assert.Equal(p.Transform(table).ToArray(), q.Transform(table).ToArray());
        Assert.Equal(p.EncodeTarget(table).ToArray(), q.EncodeTarget(table).ToArray());
        Assert.Equal(text, q.ToJson().ToJsonString());

        var regression = Table("x,y\n1,2.5\n2,3.5\n3,1.25\n", "y");
        var r = Preprocessor.Fit(regression, options: new PreprocessorOptions { StandardizeTarget = true });
        var s = Preprocessor.FromJson(JsonNode.Parse(r.ToJson().ToJsonString())!.AsObject());
        Assert.Equal(r.EncodeTarget(regression).ToArray(), s.EncodeTarget(regression).ToArray());
        Assert.Equal(r.DecodeValue(0.3), s.DecodeValue(0.3));
    }
}
