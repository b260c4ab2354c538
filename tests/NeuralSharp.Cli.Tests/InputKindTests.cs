namespace NeuralSharp.Cli.Tests;

/// <summary>Data that exists but is of the wrong kind for a model says so (not "no such file"); CSV read from a
/// pipe; control characters quoted from a file are escaped in messages.</summary>
public sealed class InputKindTests(SmallModelFixture small) : IClassFixture<SmallModelFixture>, IDisposable
{
    private readonly CliWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Theory]
    [InlineData("predict", "photos", "error: photos is a folder, but this model was trained on CSV data; give a CSV file")]
    [InlineData("evaluate", "photos", "error: photos is a folder, but this model was trained on CSV data; give a CSV file")]
    [InlineData("evaluate", "fashion-mnist", "error: 'fashion-mnist' names the Fashion-MNIST data set, but this model was trained on CSV data; give a CSV file")]
    [InlineData("predict", "absent.csv", "error: absent.csv: no such file")]
    public void A_csv_model_given_a_folder_or_a_data_set_name_says_what_is_wrong(string command, string data, string expected)
    {
        _ws.WriteBytes("m.nsm", small.ModelBytes);
        Directory.CreateDirectory(_ws.PathOf("photos/red"));
        Assert.Equal(expected, CliRunner.AssertOneLineError(_ws.Run(command, "m.nsm", data), 1));
    }

    [Fact]
    public void Csv_can_be_piped_to_train_and_predict_through_dev_stdin()
    {
        if (!File.Exists("/dev/stdin"))
        {
            return; // no /dev/stdin on this system
        }

        string csv = ErrorTests.SmallCsv();
        CliResult trained = _ws.RunWithInput(csv, "train", "/dev/stdin", "--target", "label", "--epochs", "2", "-q", "-o", "p.nsm");
        Assert.True(trained.ExitCode == 0, trained.ToString());

        CliResult predicted = _ws.RunWithInput(csv, "predict", "p.nsm", "/dev/stdin");
        Assert.True(predicted.ExitCode == 0, predicted.ToString());
        Assert.Equal("line,label", predicted.OutputLines[0]);
        Assert.Equal(41, predicted.OutputLines.Length);
    }

    [Fact]
    public void A_dash_reads_standard_input_for_train_predict_and_evaluate()
    {
        string csv = ErrorTests.SmallCsv();
        CliResult trained = _ws.RunWithInput(csv, "train", "-", "--target", "label", "--epochs", "2", "-q", "-o", "d.nsm");
        Assert.True(trained.ExitCode == 0, trained.ToString());

        CliResult predicted = _ws.RunWithInput(csv, "predict", "d.nsm", "-");
        Assert.True(predicted.ExitCode == 0, predicted.ToString());
        Assert.Equal("line,label", predicted.OutputLines[0]);
        Assert.Equal(41, predicted.OutputLines.Length);

        CliResult evaluated = _ws.RunWithInput(csv, "evaluate", "d.nsm", "-");
        Assert.True(evaluated.ExitCode == 0, evaluated.ToString());
        Assert.Contains("accuracy", evaluated.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("<stdin>: 40 rows", evaluated.Stdout, StringComparison.Ordinal);

        // '-o -' is standard output for predict (no file named '-'), and refused for train, whose output is a file.
        CliResult toStdout = _ws.RunWithInput(csv, "predict", "d.nsm", "-", "-o", "-");
        Assert.True(toStdout.ExitCode == 0, toStdout.ToString());
        Assert.Equal(41, toStdout.OutputLines.Length);
        Assert.False(File.Exists(_ws.PathOf("-")));
        Assert.Contains("not standard output", CliRunner.AssertOneLineError(_ws.RunWithInput(csv, "train", "-", "--target", "label", "-o", "-"), 2), StringComparison.Ordinal);
        Assert.Contains("cannot both be standard input", CliRunner.AssertOneLineError(_ws.RunWithInput(csv, "train", "-", "--target", "label", "--test", "-"), 2), StringComparison.Ordinal);

        // Warnings name it as errors do.
        CliResult missing = _ws.RunWithInput("x,y,colour\n0.5,,red\n", "predict", "d.nsm", "-");
        Assert.True(missing.ExitCode == 1, missing.ToString()); // trained without --impute: a missing value is an error
        Assert.StartsWith("error: <stdin>: column 'y': 1 missing value (first on line 2)", CliRunner.AssertOneLineError(missing, 1), StringComparison.Ordinal);

        // A fault in piped text is named as standard input.
        string line = CliRunner.AssertOneLineError(_ws.RunWithInput("x,y,colour\n1,2\n", "predict", "d.nsm", "-"), 1);
        Assert.StartsWith("error: <stdin>:2:", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_quoted_from_a_file_are_escaped()
    {
        _ws.Write("ctl.csv", "a,y\n1,b\u0001\u001b[31mad\n2,ok\n3,x\n");
        CliResult r = _ws.Run("train", "ctl.csv", "--target", "y", "--task", "regression");
        string line = CliRunner.AssertOneLineError(r, 1);
        Assert.False(r.Stderr.Replace("\n", string.Empty, StringComparison.Ordinal).Any(char.IsControl), r.Stderr);
        Assert.Contains("\\x01\\x1B[31m", line, StringComparison.Ordinal);
    }
}
