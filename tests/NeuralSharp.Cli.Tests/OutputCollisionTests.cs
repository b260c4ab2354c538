using System.Diagnostics;

namespace NeuralSharp.Cli.Tests;

/// <summary>An output path that is also an input, or another output, is refused up front (exit 2, one line),
/// and every file is left as it was: the same path, the same file by another relative path, or by a link.</summary>
public sealed class OutputCollisionTests(SmallModelFixture small) : IClassFixture<SmallModelFixture>, IDisposable
{
    private readonly CliWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private Dictionary<string, byte[]> Snapshot() =>
        Directory.GetFiles(_ws.Root, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);

    /// <summary>Runs a command that must be refused before any work; returns its error line.</summary>
    private string Refused(params string[] args)
    {
        var before = Snapshot();
        var clock = Stopwatch.StartNew();
        CliResult r = _ws.Run(args);
        string line = CliRunner.AssertOneLineError(r, 2);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), r.ToString());
        var after = Snapshot();
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.All(before, kv => Assert.Equal(kv.Value, after[kv.Key]));
        return line;
    }

    private void WriteInputs()
    {
        _ws.WriteBytes("m.nsm", small.ModelBytes);
        _ws.Write("x.csv", ErrorTests.SmallCsv(10));
        Directory.CreateDirectory(_ws.PathOf("sub"));
    }

    [Theory]
    [InlineData("x.csv", "the data 'x.csv'")]
    [InlineData("./sub/../x.csv", "the data 'x.csv'")]
    [InlineData("m.nsm", "the model 'm.nsm'")]
    public void Predict_output_onto_an_input_is_refused(string output, string input)
    {
        WriteInputs();
        string line = Refused("predict", "m.nsm", "x.csv", "-o", output);
        Assert.Equal($"error: --output '{output}' is the same file as {input}; writing it would destroy the input. Give another file name.", line);
    }

    [Fact]
    public void Predict_output_onto_an_input_through_symbolic_links_is_refused()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // creating links needs privileges there
        }

        WriteInputs();
        _ws.Write("real/y.csv", ErrorTests.SmallCsv(10));
        File.CreateSymbolicLink(_ws.PathOf("link.nsm"), "m.nsm");
        Directory.CreateSymbolicLink(_ws.PathOf("alias"), _ws.PathOf("real"));
        Assert.Contains("the model 'm.nsm'", Refused("predict", "m.nsm", "x.csv", "-o", "link.nsm"), StringComparison.Ordinal);
        Assert.Contains("the data 'real/y.csv'", Refused("predict", "m.nsm", "real/y.csv", "-o", "alias/y.csv"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-o", "x.csv", "the training data 'x.csv'")]
    [InlineData("-o", "t.csv", "the --test file 't.csv'")]
    [InlineData("-o", "./sub/../t.csv", "the --test file 't.csv'")]
    public void Train_output_onto_an_input_is_refused(string option, string output, string input)
    {
        WriteInputs();
        _ws.Write("t.csv", ErrorTests.SmallCsv(10));
        string line = Refused("train", "x.csv", "--target", "label", "--test", "t.csv", option, output);
        Assert.Contains($"'{output}' is the same file as {input}", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_and_plot_on_the_same_file_are_refused()
    {
        WriteInputs();
        string line = Refused("train", "x.csv", "--target", "label", "-o", "same.png", "--plot", "./same.png");
        Assert.Equal("error: --plot './same.png' is the same file as --output 'same.png'; one would replace the other. Give them different names.", line);
        Assert.False(File.Exists(_ws.PathOf("same.png")));
    }

    [Fact]
    public void Train_output_onto_an_image_in_the_input_folder_is_refused()
    {
        ImageFolderEndToEndTests.WriteImages(_ws);
        string line = Refused("train", "images", "--image-size", "8", "-o", "images/dark/00.png");
        Assert.Contains("would overwrite an image inside the training data 'images'", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Predictions_written_into_the_image_folder_can_be_written_again()
    {
        ImageFolderEndToEndTests.WriteImages(_ws);
        CliResult trained = _ws.Run("train", "images", "--image-size", "8", "--epochs", "2", "-q", "-o", "m.nsm");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        for (int run = 0; run < 2; run++)
        {
            CliResult r = _ws.Run("predict", "m.nsm", "images", "-o", "images/predictions.csv");
            Assert.True(r.ExitCode == 0, $"run {run}\n{r}");
        }
    }

    [Fact]
    public void Distinct_outputs_next_to_the_inputs_still_work()
    {
        WriteInputs();
        CliResult r = _ws.Run("predict", "m.nsm", "x.csv", "-o", "sub/p.csv");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(File.Exists(_ws.PathOf("sub/p.csv")));
    }
}
