using System.Globalization;
using System.Text;

namespace NeuralSharp.Cli.Tests;

/// <summary>Values a new user's CSV gets wrong: a typo in a numeric column, the spellings of infinity, text fed to a
/// numeric feature at prediction, and an integer target too small for the classification rule.</summary>
public sealed class CsvValueTests(SmallModelFixture small) : IClassFixture<SmallModelFixture>, IDisposable
{
    private readonly CliWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    /// <summary>40 rows of a, b numeric and <c>cls</c> in 0, 1, 2: three integer values are more than 5 % of 40 rows.</summary>
    private static string IntegerClassesCsv()
    {
        var sb = new StringBuilder("a,b,cls\n");
        var rng = new Random(5);
        for (int i = 0; i < 40; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{rng.NextDouble():0.###},{rng.NextDouble():0.###},{i % 3}\n");
        }

        return sb.ToString();
    }

    [Fact]
    public void Numeric_class_labels_written_another_way_are_found_when_evaluating()
    {
        // Labels 0.0 / 1.0, as pandas writes them: the classes are named '0' and '1'.
        var sb = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 60; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{i % 7},{i % 5},{(i % 7 > 3 ? "1.0" : "0.0")}\n");
        }

        _ws.Write("cls.csv", sb.ToString());
        CliResult trained = _ws.Run("train", "cls.csv", "--target", "label", "--task", "classification", "--epochs", "2", "-q");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        CliResult r = _ws.Run("evaluate", "model.nsm", "cls.csv");
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Fact]
    public void A_mostly_numeric_class_column_is_read_as_in_training_when_evaluating()
    {
        // Labels 1, 2 and 'other': categorical in training (40 % text), but 90 % numbers in the evaluation file,
        // which a fresh inference would call a numeric column with typos.
        string Table(int rows, Func<int, string> label)
        {
            var sb = new StringBuilder("a,b,label\n");
            for (int i = 0; i < rows; i++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{i % 7},{i % 5},{label(i)}\n");
            }

            return sb.ToString();
        }

        _ws.Write("train.csv", Table(50, i => i % 5 < 2 ? "other" : (1 + (i % 2)).ToString(CultureInfo.InvariantCulture)));
        _ws.Write("eval.csv", Table(50, i => i % 10 == 0 ? "other" : (1 + (i % 2)).ToString(CultureInfo.InvariantCulture)));
        CliResult trained = _ws.Run("train", "train.csv", "--target", "label", "--epochs", "2", "-q", "--categorical", "label");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        foreach (string data in new[] { "train.csv", "eval.csv" })
        {
            CliResult r = _ws.Run("evaluate", "model.nsm", data);
            Assert.True(r.ExitCode == 0, $"{data}\n{r}");
        }
    }

    [Fact]
    public void A_typo_in_a_numeric_column_fails_naming_it_and_declaring_the_column_categorical_trains()
    {
        // Data row 20 is line 22; y is column 2.
        _ws.Write("typo.csv", ErrorTests.SmallCsv(yText: i => i == 20 ? "abc" : null));
        string line = CliRunner.AssertOneLineError(_ws.Run("train", "typo.csv", "--target", "label", "--epochs", "2"), 1);
        Assert.Contains("typo.csv:22:2: column 'y': value 'abc' is not a number, though 39 of the column's 40 values are", line, StringComparison.Ordinal);
        Assert.Contains("--categorical y", line, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.PathOf("model.nsm")));

        CliResult r = _ws.Run("train", "typo.csv", "--target", "label", "--epochs", "2", "-q", "--categorical", "y");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(File.Exists(_ws.PathOf("model.nsm")));
    }

    [Theory]
    [InlineData("inf")]
    [InlineData("-Infinity")]
    [InlineData("+INF")]
    public void Every_spelling_of_infinity_is_rejected_alike(string value)
    {
        _ws.Write("inf.csv", ErrorTests.SmallCsv(yText: i => i == 4 ? value : null));
        string line = CliRunner.AssertOneLineError(_ws.Run("train", "inf.csv", "--target", "label", "--epochs", "2"), 1);
        Assert.EndsWith($"inf.csv:6:2: column 'y': value '{value}' is not a finite number; numeric values must lie within ±3.4e38 (32-bit floats)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_names_a_non_number_in_a_numeric_feature_without_talking_about_training_options()
    {
        _ws.WriteBytes("small.nsm", small.ModelBytes);
        _ws.Write("new.csv", "x,y,colour\n0.5,0.25,red\n0.1,thirty,blue\n");
        string line = CliRunner.AssertOneLineError(_ws.Run("predict", "small.nsm", "new.csv"), 1);
        Assert.EndsWith("new.csv:3:2: column 'y': value 'thirty' is not a number, but the column was numeric in training; fix the value", line, StringComparison.Ordinal);

        _ws.Write("missing.csv", "x,y,colour\n0.5,,red\n");
        line = CliRunner.AssertOneLineError(_ws.Run("predict", "small.nsm", "missing.csv"), 1);
        Assert.Contains("fill in the missing values, or train with --impute", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_ignores_typos_in_columns_the_model_does_not_use()
    {
        _ws.WriteBytes("small.nsm", small.ModelBytes);
        var sb = new StringBuilder("note,x,y,colour,label\n");
        for (int i = 0; i < 10; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{(i == 3 ? "n/a?" : i.ToString(CultureInfo.InvariantCulture))},0.{i},0.5,red,{(i == 5 ? "oops" : "1")}\n");
        }

        _ws.Write("new.csv", sb.ToString());
        CliResult r = _ws.Run("predict", "small.nsm", "new.csv");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(11, r.OutputLines.Length);
    }

    [Fact]
    public void A_small_integer_target_treated_as_regression_is_warned_about()
    {
        _ws.Write("int40.csv", IntegerClassesCsv());
        CliResult r = _ws.Run("train", "int40.csv", "--target", "cls", "--epochs", "2", "-q");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(
            ["warning: target 'cls' has 3 distinct integer values in 40 rows; treating it as regression (pass --task classification to classify)"],
            r.ErrorLines);

        foreach (string task in new[] { "classification", "regression" })
        {
            CliResult chosen = _ws.Run("train", "int40.csv", "--target", "cls", "--epochs", "2", "-q", "--task", task);
            Assert.True(chosen.ExitCode == 0, chosen.ToString());
            Assert.Empty(chosen.ErrorLines);
        }

        _ws.Write("reg.csv", InputValidationTests.RegressionCsv(60));
        CliResult continuous = _ws.Run("train", "reg.csv", "--target", "y", "--epochs", "2", "-q");
        Assert.True(continuous.ExitCode == 0, continuous.ToString());
        Assert.Empty(continuous.ErrorLines);
    }
}
