using System.Globalization;
using System.Text.Json;

namespace NeuralSharp.Cli.Tests;

/// <summary>Trains once on the shipped churn.csv (seed 1) for all the tests of <see cref="ChurnEndToEndTests"/>.</summary>
public sealed class ChurnModelFixture : IDisposable
{
    internal CliWorkspace Workspace { get; } = new();

    internal CliResult Train { get; }

    /// <summary>The first 50 rows of churn.csv without the <c>exited</c> column.</summary>
    internal string Unlabelled { get; }

    public ChurnModelFixture()
    {
        Train = Workspace.Run("train", "data/churn.csv", "--target", "exited", "--drop", "customer_id", "--layers", "64,32", "--epochs", "20", "--early-stopping", "0", "--seed", "1", "--json", "--output", "m.nsm", "--plot", "c.png");
        string[] lines = File.ReadAllLines(Workspace.PathOf("data/churn.csv"));
        string[] header = lines[0].Split(',');
        int target = Array.IndexOf(header, "exited");
        Unlabelled = Workspace.Write("unlabelled.csv", string.Join('\n', lines.Take(51).Select(l =>
        {
            Assert.DoesNotContain("\"", l, StringComparison.Ordinal);
            var fields = l.Split(',').ToList();
            Assert.Equal(header.Length, fields.Count);
            fields.RemoveAt(target);
            return string.Join(',', fields);
        })) + "\n");
    }

    public void Dispose() => Workspace.Dispose();
}

public sealed class ChurnEndToEndTests(ChurnModelFixture fixture) : IClassFixture<ChurnModelFixture>
{
    private CliWorkspace Ws => fixture.Workspace;

    [Fact]
    public void Train_prints_one_json_object_and_writes_model_and_plot()
    {
        CliResult r = fixture.Train;
        Assert.True(r.ExitCode == 0, r.ToString());
        string[] lines = r.OutputLines;
        Assert.True(lines.Length == 1, r.ToString());
        using var doc = JsonDocument.Parse(lines[0]);
        JsonElement j = doc.RootElement;
        Assert.Equal(JsonValueKind.Object, j.ValueKind);
        Assert.Equal("classification", j.GetProperty("task").GetString());
        Assert.Equal(20, j.GetProperty("epochs_run").GetInt32());
        Assert.True(double.IsFinite(j.GetProperty("train_loss").GetDouble()));
        Assert.True(double.IsFinite(j.GetProperty("validation_loss").GetDouble()));
        Assert.Equal("validation", j.GetProperty("metrics_on").GetString());
        double accuracy = j.GetProperty("metrics").GetProperty("accuracy").GetDouble();
        Assert.True(accuracy >= 0.85, $"accuracy {accuracy}");
        Assert.True(j.GetProperty("seconds").GetDouble() > 0);
        string model = j.GetProperty("model").GetString()!;
        Assert.True(File.Exists(model), model);
        Assert.Equal(Path.GetFullPath(Ws.PathOf("m.nsm")), Path.GetFullPath(model));

        byte[] png = File.ReadAllBytes(Ws.PathOf("c.png"));
        Assert.True(png.Length > 8);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
    }

    [Fact]
    public void Evaluate_json_reports_the_accuracy()
    {
        Assert.Equal(0, fixture.Train.ExitCode);
        CliResult r = Ws.Run("evaluate", "m.nsm", "data/churn.csv", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Single(r.OutputLines);
        using var doc = JsonDocument.Parse(r.OutputLines[0]);
        Assert.Equal("classification", doc.RootElement.GetProperty("task").GetString());
        double accuracy = doc.RootElement.GetProperty("metrics").GetProperty("accuracy").GetDouble();
        Assert.True(accuracy >= 0.85, $"accuracy {accuracy}");
        int rows = doc.RootElement.GetProperty("rows").GetInt32();
        Assert.Equal(File.ReadAllLines(Ws.PathOf("data/churn.csv")).Count(l => l.Length > 0) - 1, rows);
    }

    [Fact]
    public void Predict_writes_one_line_per_row_with_the_id_and_the_class()
    {
        Assert.Equal(0, fixture.Train.ExitCode);
        CliResult r = Ws.Run("predict", "m.nsm", fixture.Unlabelled);
        Assert.True(r.ExitCode == 0, r.ToString());
        string[] lines = r.OutputLines;
        Assert.Equal("customer_id,exited", lines[0]);
        Assert.Equal(51, lines.Length);
        string[] ids = [.. File.ReadAllLines(fixture.Unlabelled).Skip(1).Select(l => l.Split(',')[0])];
        for (int i = 1; i < lines.Length; i++)
        {
            string[] f = lines[i].Split(',');
            Assert.Equal(2, f.Length);
            Assert.Equal(ids[i - 1], f[0]);
            Assert.Contains(f[1], new[] { "0", "1" });
        }
    }

    [Fact]
    public void Predict_probabilities_sum_to_one_and_agree_with_the_class()
    {
        Assert.Equal(0, fixture.Train.ExitCode);
        CliResult r = Ws.Run("predict", "m.nsm", fixture.Unlabelled, "--probabilities");
        Assert.True(r.ExitCode == 0, r.ToString());
        string[] lines = r.OutputLines;
        Assert.Equal("customer_id,exited,p_0,p_1", lines[0]);
        Assert.Equal(51, lines.Length);
        foreach (string line in lines.Skip(1))
        {
            string[] f = line.Split(',');
            Assert.Equal(4, f.Length);
            double p0 = double.Parse(f[2], CultureInfo.InvariantCulture);
            double p1 = double.Parse(f[3], CultureInfo.InvariantCulture);
            Assert.InRange(p0, 0, 1);
            Assert.InRange(p1, 0, 1);
            Assert.Equal(1.0, p0 + p1, 4);
            Assert.Equal(p1 > p0 ? "1" : "0", f[1]);
        }
    }

    [Fact]
    public void Predict_output_option_writes_the_file_not_stdout()
    {
        Assert.Equal(0, fixture.Train.ExitCode);
        CliResult toStdout = Ws.Run("predict", "m.nsm", fixture.Unlabelled);
        CliResult r = Ws.Run("predict", "m.nsm", fixture.Unlabelled, "--output", "out.csv");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(string.Empty, r.Stdout.Trim());
        string written = File.ReadAllText(Ws.PathOf("out.csv"));
        Assert.Equal(toStdout.Stdout.ReplaceLineEndings("\n"), written.ReplaceLineEndings("\n"));
        Assert.False(File.Exists(Ws.PathOf("out.csv.tmp")));
    }

    [Fact]
    public void Inspect_shows_dense_layers_parameter_count_and_seed()
    {
        Assert.Equal(0, fixture.Train.ExitCode);
        CliResult json = Ws.Run("inspect", "m.nsm", "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.Stdout);
        long parameters = doc.RootElement.GetProperty("parameters").GetInt64();
        long sum = doc.RootElement.GetProperty("layers").EnumerateArray().Sum(l => l.GetProperty("parameters").GetInt64());
        Assert.Equal(parameters, sum);
        // 64,32 hidden units, one output (binary) or two: at least the hidden layers' weights.
        Assert.True(parameters > (64 * 32) + 32, $"parameters {parameters}");
        Assert.Equal(1UL, doc.RootElement.GetProperty("metadata").GetProperty("seed").GetUInt64());

        CliResult r = Ws.Run("inspect", "m.nsm");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Dense", r.Stdout, StringComparison.Ordinal);
        Assert.True(
            r.Stdout.Contains(parameters.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            || r.Stdout.Contains(parameters.ToString("N0", CultureInfo.InvariantCulture), StringComparison.Ordinal),
            $"parameter count {parameters} not shown\n{r.Stdout}");
        Assert.Contains("seed: 1", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_seed_gives_identical_predictions()
    {
        Assert.Equal(0, fixture.Train.ExitCode);
        CliResult again = Ws.Run("train", "data/churn.csv", "--target", "exited", "--drop", "customer_id", "--layers", "64,32", "--epochs", "20", "--early-stopping", "0", "--seed", "1", "--json", "--output", "m2.nsm", "--threads", "1");
        Assert.True(again.ExitCode == 0, again.ToString());
        CliResult a = Ws.Run("predict", "m.nsm", fixture.Unlabelled, "--probabilities");
        CliResult b = Ws.Run("predict", "m2.nsm", fixture.Unlabelled, "--probabilities");
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(0, b.ExitCode);
        Assert.Equal(a.Stdout, b.Stdout);
    }
}
