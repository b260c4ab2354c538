using System.Globalization;
using System.Text;

namespace NeuralSharp.Cli.Tests;

/// <summary>Exit codes (2 usage, 1 bad data or files) and the one-line error messages, run as a process.</summary>
public sealed class ErrorTests(SmallModelFixture small) : IClassFixture<SmallModelFixture>, IDisposable
{
    private readonly CliWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    /// <summary>A small learnable CSV: x, y numeric, colour text, label = x + y &gt; 0.</summary>
    internal static string SmallCsv(int rows = 40, Func<int, string?>? yText = null)
    {
        var sb = new StringBuilder("x,y,colour,label\n");
        var rng = new Random(11);
        for (int i = 0; i < rows; i++)
        {
            double x = (rng.NextDouble() * 2) - 1, y = (rng.NextDouble() * 2) - 1;
            string ys = yText?.Invoke(i) ?? y.ToString("0.###", CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"{x:0.###},{ys},{(i % 2 == 0 ? "red" : "blue")},{(x + y > 0 ? 1 : 0)}\n");
        }

        return sb.ToString();
    }

    private CliResult TrainCsv(string file, params string[] extra) =>
        _ws.Run(["train", file, "--target", "label", "--epochs", "2", "--output", "small.nsm", .. extra]);

    [Fact]
    public void Unknown_option_is_a_usage_error()
    {
        string line = CliRunner.AssertOneLineError(_ws.Run("train", "data/churn.csv", "--target", "exited", "--no-such-option"), 2);
        Assert.Contains("--no-such-option", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_without_data_is_a_usage_error()
    {
        CliRunner.AssertOneLineError(_ws.Run("train"), 2);
    }

    [Fact]
    public void Csv_without_target_is_a_usage_error_listing_the_columns()
    {
        string line = CliRunner.AssertOneLineError(_ws.Run("train", "data/churn.csv"), 2);
        Assert.Contains("--target", line, StringComparison.Ordinal);
        foreach (string column in new[] { "customer_id", "credit_score", "exited" })
        {
            Assert.Contains(column, line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Unknown_target_column_is_named()
    {
        string line = CliRunner.AssertOneLineError(_ws.Run("train", "data/churn.csv", "--target", "churned"), 1);
        Assert.Contains("churned", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ragged", 4)]
    [InlineData("quote", 3)]
    [InlineData("numeric", 5)]
    public void Malformed_csv_names_the_file_and_line(string fault, int expectedLine)
    {
        string text = fault switch
        {
            "ragged" => SmallCsv().Split('\n').Select((l, i) => i == 3 ? l + ",extra" : l).Aggregate((a, b) => a + "\n" + b),
            "quote" => SmallCsv().Split('\n').Select((l, i) => i == 2 ? "\"" + l : l).Aggregate((a, b) => a + "\n" + b),
            _ => SmallCsv(yText: i => i == 3 ? "n/a?" : null),
        };
        string file = _ws.Write($"{fault}.csv", text);
        string[] extra = fault == "numeric" ? ["--numeric", "y"] : [];
        string line = CliRunner.AssertOneLineError(TrainCsv($"{fault}.csv", extra), 1);
        Assert.Contains($"{fault}.csv", line, StringComparison.Ordinal);
        Assert.Contains($":{expectedLine}", line, StringComparison.Ordinal);
        Assert.True(File.Exists(file));
        Assert.False(File.Exists(_ws.PathOf("small.nsm")));
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("header", "x,y,colour,label\n")]
    public void Empty_or_header_only_csv_names_the_file_and_line(string name, string text)
    {
        _ws.Write($"{name}.csv", text);
        string line = CliRunner.AssertOneLineError(TrainCsv($"{name}.csv"), 1);
        Assert.Contains($"{name}.csv:", line, StringComparison.Ordinal);
        Assert.Matches(@$"{name}\.csv:\d+", line);
    }

    [Fact]
    public void Missing_values_need_impute()
    {
        _ws.Write("missing.csv", SmallCsv(yText: i => i is 4 or 9 ? string.Empty : null));
        string line = CliRunner.AssertOneLineError(TrainCsv("missing.csv"), 1);
        Assert.Contains("'y'", line.Replace("\"", "'", StringComparison.Ordinal), StringComparison.Ordinal);

        CliResult ok = TrainCsv("missing.csv", "--impute", "mean");
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.True(File.Exists(_ws.PathOf("small.nsm")));
    }

    [Fact]
    public void A_model_trained_with_impute_drop_keeps_one_output_row_per_input_row()
    {
        _ws.Write("missing.csv", SmallCsv(yText: i => i is 4 or 9 ? string.Empty : null));
        CliResult trained = TrainCsv("missing.csv", "--impute", "drop");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        _ws.Write("new.csv", "x,y,colour\n0.5,0.25,red\n-0.5,,blue\n0.1,0.2,blue\n");

        CliResult r = _ws.Run("predict", "small.nsm", "new.csv", "--probabilities");

        Assert.True(r.ExitCode == 0, r.ToString());
        string[] lines = r.OutputLines;
        Assert.Equal("line,label,p_0,p_1", lines[0]);
        Assert.Equal(["2", "3,,,", "4"], lines.Skip(1).Select(l => l.StartsWith("3,", StringComparison.Ordinal) ? l : l.Split(',')[0]));
        Assert.Equal(4, lines[1].Split(',').Length);
        Assert.Contains("new.csv: 1 rows with missing values have no prediction (the model was trained with --impute drop); their prediction cells are empty", r.Stderr, StringComparison.Ordinal);

        CliResult evaluated = _ws.Run("evaluate", "small.nsm", "missing.csv");
        Assert.True(evaluated.ExitCode == 0, evaluated.ToString());
        Assert.Contains("missing.csv: 2 rows with missing values are left out", evaluated.Stderr, StringComparison.Ordinal);
        Assert.Contains("missing.csv: 38 rows", evaluated.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_test_file_left_empty_by_impute_drop_is_refused_before_training()
    {
        _ws.Write("train.csv", SmallCsv());
        _ws.Write("test.csv", "x,y,colour,label\n0.5,,red,1\n-0.5,,blue,0\n");

        string line = CliRunner.AssertOneLineError(TrainCsv("train.csv", "--impute", "drop", "--test", "test.csv"), 1);

        Assert.Equal("error: test.csv: --test: no rows left to test on: every one has a missing value, and --impute drop removed it", line);
        Assert.False(File.Exists(_ws.PathOf("small.nsm")));
    }

    [Fact]
    public void Predict_with_a_missing_feature_column_names_it()
    {
        _ws.WriteBytes("small.nsm", small.ModelBytes);
        _ws.Write("nocolour.csv", "x,y\n0.5,0.25\n-0.5,0.1\n");
        string line = CliRunner.AssertOneLineError(_ws.Run("predict", "small.nsm", "nocolour.csv"), 1);
        Assert.Contains("colour", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--lr", "-1")]
    [InlineData("--layers", "64,abc")]
    [InlineData("--epochs", "0")]
    [InlineData("--lr", "abc")]
    public void Invalid_hyperparameters_are_usage_errors(string option, string value)
    {
        _ws.Write("small.csv", SmallCsv());
        CliRunner.AssertOneLineError(TrainCsv("small.csv", option, value), 2);
        Assert.False(File.Exists(_ws.PathOf("small.nsm")));
    }

    [Theory]
    [InlineData("--seed", "-1", "--seed")]
    [InlineData("--activation", "softmax", "relu")]
    public void Invalid_choices_are_one_line_usage_errors_naming_what_is_allowed(string option, string value, string named)
    {
        _ws.Write("small.csv", SmallCsv());
        string line = CliRunner.AssertOneLineError(TrainCsv("small.csv", option, value), 2);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.DoesNotContain("UInt64", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_in_the_system_folders_are_refused_before_training()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // A name that does not exist: were the check to regress, the run would create a stray file, not replace a device.
        string stray = $"/dev/neuralsharp-test-{Guid.NewGuid():N}.nsm";
        _ws.Write("small.csv", SmallCsv());
        try
        {
            string line = CliRunner.AssertOneLineError(_ws.Run("train", "small.csv", "--target", "label", "--epochs", "2", "--output", stray), 2);
            Assert.Contains(stray, line, StringComparison.Ordinal);
            Assert.False(File.Exists(stray));

            // The same through a linked folder.
            Directory.CreateSymbolicLink(_ws.PathOf("devices"), "/dev");
            string linked = "devices/" + Path.GetFileName(stray);
            line = CliRunner.AssertOneLineError(_ws.Run("train", "small.csv", "--target", "label", "--epochs", "2", "--output", linked), 2);
            Assert.Contains(linked, line, StringComparison.Ordinal);
            Assert.False(File.Exists(stray));
        }
        finally
        {
            File.Delete(stray);
        }
    }

    [Fact]
    public void Options_that_do_not_apply_to_the_data_are_warned_about()
    {
        _ws.Write("small.csv", SmallCsv());
        CliResult r = TrainCsv("small.csv", "--image-size", "32", "--rgb");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("warning: --image-size, --rgb do not apply to a CSV file; ignored", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--batch-size", "abc", "as a whole number")]
    [InlineData("--batch-size", "99999999999", "as a whole number")]
    [InlineData("--lr", "fast", "as a number")]
    public void Unparsable_numbers_are_described_in_words_not_dotnet_types(string option, string value, string words)
    {
        _ws.Write("small.csv", SmallCsv());
        string line = CliRunner.AssertOneLineError(TrainCsv("small.csv", option, value), 2);
        Assert.Contains(words, line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nope.csv", "error: nope.csv: no such file")]
    [InlineData("folder", "error: folder: is a folder, not a file")]
    public void A_test_file_that_cannot_be_read_is_named_plainly(string test, string expected)
    {
        _ws.Write("small.csv", SmallCsv());
        Directory.CreateDirectory(_ws.PathOf("folder"));
        Assert.Equal(expected, CliRunner.AssertOneLineError(TrainCsv("small.csv", "--test", test), 1));
    }

    [Fact]
    public void An_error_quoting_a_huge_value_stays_a_short_line()
    {
        _ws.Write("huge.csv", SmallCsv(yText: i => i == 3 ? new string('7', 100_000) + "x" : null));
        string line = CliRunner.AssertOneLineError(TrainCsv("huge.csv"), 1);
        Assert.True(line.Length < 1100, $"{line.Length} characters");
        Assert.Contains("more characters)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_both_categorical_and_numeric_is_a_usage_error()
    {
        _ws.Write("small.csv", SmallCsv());
        string line = CliRunner.AssertOneLineError(TrainCsv("small.csv", "--categorical", "x", "--numeric", "x"), 2);
        Assert.Contains("'x' is given both as --categorical and --numeric", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_reads_a_file_saved_with_another_delimiter_and_says_so()
    {
        _ws.Write("semi.csv", SmallCsv().Replace(',', ';'));
        CliResult trained = _ws.Run("train", "semi.csv", "--target", "label", "--epochs", "2", "-q", "--output", "semi.nsm");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        _ws.Write("comma.csv", SmallCsv());

        CliResult r = _ws.Run("predict", "semi.nsm", "comma.csv");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(41, r.OutputLines.Length);
        Assert.Contains("warning: comma.csv: the training data was separated by ';'; this file uses another delimiter", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzipped_csv_is_named_as_such()
    {
        using (var file = File.Create(_ws.PathOf("small.csv.gz")))
        using (var gz = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        {
            gz.Write(Encoding.UTF8.GetBytes(SmallCsv()));
        }

        string line = CliRunner.AssertOneLineError(TrainCsv("small.csv.gz"), 1);
        Assert.Equal("error: small.csv.gz: gzip-compressed, not a text CSV file; decompress it first (gunzip)", line);
    }

    [Theory]
    [InlineData("ReLU")]
    [InlineData("leakyrelu")]
    [InlineData("identity")]
    public void Activation_names_and_aliases_are_accepted_in_any_case(string name)
    {
        _ws.Write("small.csv", SmallCsv());
        CliResult r = TrainCsv("small.csv", "--activation", name);
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Diverged_training_writes_no_model_and_says_why_even_when_quiet(bool quiet)
    {
        _ws.Write("model.nsm", "an earlier model");
        string[] args = ["train", "data/salary.csv", "--target", "salary", "--optimizer", "sgd", "--lr", "1e10", "--epochs", "3"];
        CliResult r = _ws.Run(quiet ? [.. args, "--quiet"] : args);
        string line = CliRunner.AssertOneLineError(r, 1);
        Assert.Contains("diverged", line, StringComparison.Ordinal);
        Assert.Contains("--lr", line, StringComparison.Ordinal);
        Assert.Equal("an earlier model", File.ReadAllText(_ws.PathOf("model.nsm")));
    }

    public static TheoryData<string, string> BrokenModels()
    {
        var data = new TheoryData<string, string>();
        foreach (string command in new[] { "evaluate", "predict", "inspect" })
        {
            foreach (string damage in new[] { "truncated", "flipped", "text", "missing" })
            {
                data.Add(command, damage);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BrokenModels))]
    public void Damaged_model_files_fail_with_one_line(string command, string damage)
    {
        _ws.Write("small.csv", SmallCsv());
        byte[] bytes = small.ModelBytes;
        switch (damage)
        {
            case "truncated":
                _ws.WriteBytes("bad.nsm", bytes[..(bytes.Length * 2 / 3)]);
                break;
            case "flipped":
                byte[] copy = (byte[])bytes.Clone();
                copy[^(bytes.Length / 4)] ^= 0x10;
                _ws.WriteBytes("bad.nsm", copy);
                break;
            case "text":
                _ws.Write("bad.nsm", "this is not a model\n");
                break;
            default:
                break;
        }

        string[] args = command == "inspect" ? [command, "bad.nsm"] : [command, "bad.nsm", "small.csv"];
        CliResult r = _ws.Run(args);
        string line = CliRunner.AssertOneLineError(r, 1);
        Assert.Equal(string.Empty, r.Stdout.Trim());
        Assert.Contains("bad.nsm", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Failed_training_leaves_an_existing_model_untouched()
    {
        _ws.Write("small.csv", SmallCsv());
        CliResult trained = TrainCsv("small.csv");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        byte[] before = File.ReadAllBytes(_ws.PathOf("small.nsm"));

        _ws.Write("bad.csv", SmallCsv().Replace("\n0.", "\n0.,extra,", StringComparison.Ordinal));
        CliRunner.AssertOneLineError(TrainCsv("bad.csv"), 1);
        Assert.Equal(before, File.ReadAllBytes(_ws.PathOf("small.nsm")));
        Assert.DoesNotContain(Directory.GetFiles(_ws.Root), f => Path.GetFileName(f).StartsWith("small.nsm.", StringComparison.Ordinal));

        CliRunner.AssertOneLineError(_ws.Run("train", "small.csv", "--target", "nope", "--epochs", "2", "--output", "small.nsm"), 1);
        Assert.Equal(before, File.ReadAllBytes(_ws.PathOf("small.nsm")));
    }
}

/// <summary>One small model trained on <see cref="ErrorTests.SmallCsv"/>, shared by the error tests.</summary>
public sealed class SmallModelFixture
{
    public SmallModelFixture()
    {
        using var ws = new CliWorkspace();
        ws.Write("small.csv", ErrorTests.SmallCsv());
        CliResult r = ws.Run("train", "small.csv", "--target", "label", "--epochs", "2", "--output", "small.nsm");
        Assert.True(r.ExitCode == 0, r.ToString());
        ModelBytes = File.ReadAllBytes(ws.PathOf("small.nsm"));
    }

    internal byte[] ModelBytes { get; }
}
