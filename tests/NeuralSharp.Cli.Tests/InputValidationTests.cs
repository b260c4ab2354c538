using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NeuralSharp.Cli.Tests;

/// <summary>Regression tests for input the CLI must reject (or warn about) with one line, no stack trace and
/// the right exit code (2 usage, 1 bad data or files), before writing anything.</summary>
public sealed class InputValidationTests(SmallModelFixture small) : IClassFixture<SmallModelFixture>, IDisposable
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(30);

    private readonly CliWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    /// <summary>An iris-like table: four numeric features and a 3-class text target <c>species</c>.</summary>
    internal static string IrisCsv(int rows = 60)
    {
        string[] species = ["setosa", "versicolor", "virginica"];
        var sb = new StringBuilder("sepal_length,sepal_width,petal_length,petal_width,species\n");
        var rng = new Random(7);
        for (int i = 0; i < rows; i++)
        {
            int c = i % 3;
            double Jitter(double centre) => centre + ((rng.NextDouble() - 0.5) * 0.6);
            sb.Append(CultureInfo.InvariantCulture, $"{Jitter(5 + c):0.0},{Jitter(3.4 - (0.3 * c)):0.0},{Jitter(1.5 + (2 * c)):0.0},{Jitter(0.2 + c):0.0},{species[c]}\n");
        }

        return sb.ToString();
    }

    /// <summary>A regression table: a, b numeric, y = 3a - 2b + noise (continuous, every value distinct).</summary>
    internal static string RegressionCsv(int rows = 200)
    {
        var sb = new StringBuilder("a,b,y\n");
        var rng = new Random(3);
        for (int i = 0; i < rows; i++)
        {
            double a = rng.NextDouble() * 4, b = rng.NextDouble() * 4;
            double y = (3 * a) - (2 * b) + (rng.NextDouble() * 0.1) + (i * 1e-4);
            sb.Append(CultureInfo.InvariantCulture, $"{a:0.####},{b:0.####},{y:0.######}\n");
        }

        return sb.ToString();
    }

    private string[] Files() => [.. Directory.GetFileSystemEntries(_ws.Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    /// <summary>Runs a command expected to fail before any work: the exit code, one line, no new files, and quickly.</summary>
    private string FailsFast(int exitCode, params string[] args)
    {
        string[] before = Files();
        var clock = Stopwatch.StartNew();
        CliResult r = _ws.Run(args);
        clock.Stop();
        string line = CliRunner.AssertOneLineError(r, exitCode);
        Assert.Equal(before, Files());
        Assert.True(clock.Elapsed < Quickly, $"took {clock.Elapsed.TotalSeconds:0.0} s\n{r}");
        return line;
    }

    [Theory]
    [InlineData("--plot", "out.txt")]
    [InlineData("--plot", "nodir/x.png")]
    [InlineData("-o", "nodir/m.nsm")]
    [InlineData("-o", "models")]
    public void Unwritable_train_outputs_are_usage_errors_before_training(string option, string value)
    {
        _ws.Write("iris.csv", IrisCsv());
        Directory.CreateDirectory(_ws.PathOf("models"));
        string line = FailsFast(2, "train", "iris.csv", "--target", "species", option, value);
        Assert.Contains(value, line, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.PathOf("model.nsm")));
        Assert.Empty(Directory.GetFileSystemEntries(_ws.PathOf("models")));
    }

    [Fact]
    public void Predict_into_a_missing_folder_is_a_usage_error()
    {
        _ws.WriteBytes("m.nsm", small.ModelBytes);
        _ws.Write("x.csv", ErrorTests.SmallCsv(10));
        string line = FailsFast(2, "predict", "m.nsm", "x.csv", "-o", "nodir/p.csv");
        Assert.Contains("nodir", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--early-stopping", "-3")]
    [InlineData("--threads", "-2")]
    [InlineData("--delimiter", ":")]
    public void Invalid_option_values_are_usage_errors(string option, string value)
    {
        _ws.Write("iris.csv", IrisCsv());
        string line = FailsFast(2, "train", "iris.csv", "--target", "species", "--epochs", "2", option, value);
        Assert.Contains(option, line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_test_file_that_is_the_training_file_is_warned_about()
    {
        _ws.Write("iris.csv", IrisCsv());
        CliResult r = _ws.Run("train", "iris.csv", "--target", "species", "--epochs", "2", "--test", "./iris.csv", "-q");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("warning: --test ./iris.csv is the training data itself", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pipe_separated_file_trains_and_predicts_with_delimiter_pipe()
    {
        _ws.Write("iris.psv", IrisCsv().Replace(',', '|'));
        CliResult trained = _ws.Run("train", "iris.psv", "--target", "species", "--epochs", "2", "--delimiter", "|", "-q", "-o", "psv.nsm");
        Assert.True(trained.ExitCode == 0, trained.ToString());

        CliResult predicted = _ws.Run("predict", "psv.nsm", "iris.psv"); // the model file remembers the delimiter
        Assert.True(predicted.ExitCode == 0, predicted.ToString());
        Assert.Equal(61, predicted.OutputLines.Length);
    }

    [Theory]
    [InlineData("iris", "species", "mse")]
    [InlineData("binary", "label", "categorical_crossentropy")]
    [InlineData("regression", "y", "binary_crossentropy")]
    public void A_loss_that_does_not_fit_the_task_is_a_usage_error(string table, string target, string loss)
    {
        _ws.Write($"{table}.csv", table switch
        {
            "iris" => IrisCsv(),
            "binary" => ErrorTests.SmallCsv(),
            _ => RegressionCsv(),
        });
        string line = FailsFast(2, "train", $"{table}.csv", "--target", target, "--epochs", "2", "--loss", loss);
        Assert.Contains("does not fit", line, StringComparison.Ordinal);
        Assert.Contains(loss, line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_validation_split_that_leaves_no_training_rows_is_a_usage_error()
    {
        _ws.Write("tiny.csv", ErrorTests.SmallCsv(6));
        string line = FailsFast(2, "train", "tiny.csv", "--target", "label", "--epochs", "2", "--validation-split", "0.99");
        Assert.Contains("leaves no training rows", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_without_a_feature_column_names_it()
    {
        _ws.WriteBytes("m.nsm", small.ModelBytes);
        _ws.Write("nocolour.csv", "x,y,label\n0.5,0.25,1\n-0.5,0.1,0\n");
        string line = CliRunner.AssertOneLineError(_ws.Run("evaluate", "m.nsm", "nocolour.csv"), 1);
        Assert.Contains("column 'colour', which the model was trained on, is missing", line, StringComparison.Ordinal);
        Assert.Contains("nocolour.csv", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_column_names_are_reported_on_the_header_line()
    {
        _ws.Write("dup.csv", "x,y,x,label\n1,2,3,0\n2,3,4,1\n3,4,5,0\n4,5,6,1\n");
        string line = FailsFast(1, "train", "dup.csv", "--target", "label", "--epochs", "2");
        Assert.Contains("duplicate column name", line, StringComparison.Ordinal);
        Assert.Contains("dup.csv:1:", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_train_leaves_an_existing_model_byte_identical()
    {
        _ws.WriteBytes("keep.nsm", small.ModelBytes);
        var sb = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 20; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{i},{i * 2},1\n");
        }

        _ws.Write("oneclass.csv", sb.ToString());
        string line = FailsFast(1, "train", "oneclass.csv", "--target", "label", "--epochs", "2", "-o", "keep.nsm");
        Assert.Contains("label", line, StringComparison.Ordinal);
        Assert.Equal(small.ModelBytes, File.ReadAllBytes(_ws.PathOf("keep.nsm")));
    }

    [Fact]
    public void An_out_of_range_number_names_its_line_column_and_text()
    {
        // Row 4 of the data is line 5; x is column 1.
        _ws.Write("huge.csv", string.Join('\n', ErrorTests.SmallCsv(10).Split('\n').Select((l, i) => i == 4 ? "1e400" + l[l.IndexOf(',', StringComparison.Ordinal)..] : l)));
        string line = FailsFast(1, "train", "huge.csv", "--target", "label", "--epochs", "2");
        Assert.Contains("huge.csv:5:1", line, StringComparison.Ordinal);
        Assert.Contains("'1e400'", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_binary_file_is_not_a_csv()
    {
        var bytes = new byte[512];
        new Random(1).NextBytes(bytes);
        bytes[3] = 0;
        _ws.WriteBytes("blob.csv", bytes);
        string line = FailsFast(1, "train", "blob.csv", "--target", "label", "--epochs", "2");
        Assert.Contains("not a text CSV file", line, StringComparison.Ordinal);
        Assert.Contains("blob.csv", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stratified_split_that_holds_out_far_fewer_rows_than_asked_is_warned_about()
    {
        // 40 classes of one row and 2 classes of 20: stratified, the default 0.2 holds out 8 rows, not 16.
        var sb = new StringBuilder("x,label\n");
        for (int i = 0; i < 80; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{i * 0.5},{(i < 40 ? $"rare{i}" : i % 2 == 0 ? "a" : "b")}\n");
        }

        _ws.Write("rare.csv", sb.ToString());
        CliResult r = _ws.Run("train", "rare.csv", "--target", "label", "--epochs", "1", "-q");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("warning: rare.csv: --validation-split 0.2 holds out 8 rows, not the 16 asked for: the split keeps each class's share, rounded to whole rows class by class", r.Stderr, StringComparison.Ordinal);

        // An ordinary file: no such warning.
        _ws.Write("iris.csv", IrisCsv());
        CliResult iris = _ws.Run("train", "iris.csv", "--target", "species", "--epochs", "1", "-q", "-o", "iris.nsm");
        Assert.True(iris.ExitCode == 0, iris.ToString());
        Assert.DoesNotContain("holds out", iris.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_far_below_a_thousandth_are_printed_with_an_exponent_not_as_zero()
    {
        // y in units of 1e-5: every error printed 0.0000.
        string text = string.Join('\n', RegressionCsv(80).Split('\n').Select((l, i) => i == 0 || l.Length == 0 ? l
            : l[..(l.LastIndexOf(',') + 1)] + (double.Parse(l[(l.LastIndexOf(',') + 1)..], CultureInfo.InvariantCulture) * 1e-5).ToString("R", CultureInfo.InvariantCulture)));
        _ws.Write("tiny.csv", text);

        CliResult r = _ws.Run("train", "tiny.csv", "--target", "y", "--epochs", "3", "-q");

        Assert.True(r.ExitCode == 0, r.ToString());
        string mae = Assert.Single(r.OutputLines, l => l.TrimStart().StartsWith("mae ", StringComparison.Ordinal));
        Assert.Matches(@"^\s*mae\s+[1-9](\.\d{1,4})?E-0[5-9]$", mae);
    }

    [Fact]
    public void Two_different_data_sources_are_a_usage_error()
    {
        _ws.Write("small.csv", ErrorTests.SmallCsv());
        string line = FailsFast(2, "train", "fashion-mnist", "--data", "small.csv", "--epochs", "1");
        Assert.Contains("two data sources, 'fashion-mnist' and --data 'small.csv'", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_a_folder_says_so()
    {
        Directory.CreateDirectory(_ws.PathOf("models"));
        string line = FailsFast(1, "inspect", "models");
        Assert.Contains("is a folder", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("continuous")]
    [InlineData("many-integers")]
    public void Classification_of_a_continuous_target_is_a_usage_error(string kind)
    {
        string text = RegressionCsv();
        if (kind == "many-integers")
        {
            // 200 distinct integer values: too many classes for a numeric target.
            text = string.Join('\n', text.Split('\n').Select((l, i) => i == 0 || l.Length == 0 ? l : l[..(l.LastIndexOf(',') + 1)] + (i * 7).ToString(CultureInfo.InvariantCulture)));
        }

        _ws.Write("reg.csv", text);
        string line = FailsFast(2, "train", "reg.csv", "--target", "y", "--task", "classification", "--epochs", "2");
        Assert.Contains("--task regression", line, StringComparison.Ordinal);
        Assert.Contains("'y'", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Classification_of_a_numeric_target_with_few_integer_classes_still_trains()
    {
        _ws.Write("small.csv", ErrorTests.SmallCsv());
        CliResult r = _ws.Run("train", "small.csv", "--target", "label", "--task", "classification", "--epochs", "2", "-q");
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Fact]
    public void Probabilities_for_a_regression_model_warn_and_are_ignored()
    {
        _ws.Write("reg.csv", RegressionCsv(60));
        CliResult trained = _ws.Run("train", "reg.csv", "--target", "y", "--epochs", "2", "-q", "-o", "reg.nsm");
        Assert.True(trained.ExitCode == 0, trained.ToString());

        CliResult r = _ws.Run("predict", "reg.nsm", "reg.csv", "--probabilities");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["warning: --probabilities applies to classification models; ignored"], r.ErrorLines);
        Assert.Equal("line,y", r.OutputLines[0]);
        Assert.Equal(61, r.OutputLines.Length);
    }

    [Fact]
    public void A_test_file_without_a_feature_column_names_it()
    {
        _ws.Write("small.csv", ErrorTests.SmallCsv());
        _ws.Write("test.csv", "x,y,label\n0.5,0.25,1\n-0.5,0.1,0\n");
        string line = FailsFast(1, "train", "small.csv", "--target", "label", "--epochs", "2", "--test", "test.csv");
        Assert.Contains("column 'colour', which the model was trained on, is missing", line, StringComparison.Ordinal);
        Assert.Contains("test.csv", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_in_names_and_classes_are_shown_escaped_in_reports_and_inspect()
    {
        // A column name with a line break, a category with a bell, a class with an ESC sequence (clear screen).
        var sb = new StringBuilder("\"feat\nline\",colour,label\n");
        for (int i = 0; i < 60; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{i * 0.1:0.0},{(i % 3 == 0 ? "x\ay" : "z")},{(i % 2 == 0 ? "yes\u001b[2J" : "no")}\n");
        }

        _ws.Write("odd.csv", sb.ToString());
        CliResult trained = _ws.Run("train", "odd.csv", "--target", "label", "--epochs", "2", "-o", "odd.nsm");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        CliResult inspected = _ws.Run("inspect", "odd.nsm");
        Assert.True(inspected.ExitCode == 0, inspected.ToString());

        foreach (string text in new[] { trained.Stdout, trained.Stderr, inspected.Stdout })
        {
            Assert.DoesNotContain(text, c => char.IsControl(c) && c is not '\n' and not '\r');
        }

        Assert.Contains("yes\\x1B[2J", trained.Stdout, StringComparison.Ordinal); // the confusion matrix
        Assert.Contains("Classes (2): no, yes\\x1B[2J", inspected.Stdout, StringComparison.Ordinal);
        Assert.Contains("    feat\\x0Aline: numeric", inspected.Stdout, StringComparison.Ordinal);
        Assert.Contains("(x\\x07y, z)", inspected.Stdout, StringComparison.Ordinal);
    }
}
