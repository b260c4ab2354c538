using System.Globalization;
using System.Text.Json;
using NeuralSharp.Tests.Data;

namespace NeuralSharp.Cli.Tests;

public sealed class SalaryEndToEndTests
{
    [Fact]
    public void Regression_on_salary_fits_and_predicts_on_the_salary_scale()
    {
        using var ws = new CliWorkspace();
        CliResult r = ws.Run("train", "data/salary.csv", "--target", "salary", "--epochs", "30", "--seed", "3", "--json", "--output", "s.nsm");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Single(r.OutputLines);
        using var doc = JsonDocument.Parse(r.OutputLines[0]);
        Assert.Equal("regression", doc.RootElement.GetProperty("task").GetString());
        double r2 = doc.RootElement.GetProperty("metrics").GetProperty("r2").GetDouble();
        Assert.True(r2 >= 0.9, $"r2 {r2}");

        string[] lines = File.ReadAllLines(ws.PathOf("data/salary.csv"));
        int target = Array.IndexOf(lines[0].Split(','), "salary");
        ws.Write("new.csv", string.Join('\n', lines.Take(21).Select(l => string.Join(',', l.Split(',').Where((_, i) => i != target)))) + "\n");
        CliResult p = ws.Run("predict", "s.nsm", "new.csv");
        Assert.True(p.ExitCode == 0, p.ToString());
        string[] output = p.OutputLines;
        Assert.Equal("line,salary", output[0]);
        Assert.Equal(21, output.Length);
        for (int i = 1; i < output.Length; i++)
        {
            string[] f = output[i].Split(',');
            Assert.Equal((i + 1).ToString(CultureInfo.InvariantCulture), f[0]);
            double salary = double.Parse(f[1], CultureInfo.InvariantCulture);
            Assert.InRange(salary, 10_000, 500_000);
            double actual = double.Parse(lines[i].Split(',')[target], CultureInfo.InvariantCulture);
            Assert.InRange(salary, actual * 0.5, actual * 1.5);
        }

        CliResult e = ws.Run("evaluate", "s.nsm", "data/salary.csv", "--json");
        Assert.True(e.ExitCode == 0, e.ToString());
        using var evaluation = JsonDocument.Parse(e.OutputLines.Single());
        Assert.True(evaluation.RootElement.GetProperty("metrics").GetProperty("r2").GetDouble() >= 0.9, e.Stdout);
    }
}

public sealed class ImageFolderEndToEndTests
{
    /// <summary>Writes 8×8 grayscale PNGs: horizontal stripes, vertical stripes and dark noise, 20 of each.</summary>
    internal static void WriteImages(CliWorkspace ws)
    {
        var rng = new Random(5);
        for (int n = 0; n < 20; n++)
        {
            foreach (string cls in new[] { "horizontal", "vertical", "dark" })
            {
                var pixels = new byte[64];
                int phase = rng.Next(2);
                for (int y = 0; y < 8; y++)
                {
                    for (int x = 0; x < 8; x++)
                    {
                        int noise = rng.Next(40);
                        pixels[(y * 8) + x] = cls switch
                        {
                            "horizontal" => (byte)(((y + phase) % 2 == 0 ? 215 : 0) + noise),
                            "vertical" => (byte)(((x + phase) % 2 == 0 ? 215 : 0) + noise),
                            _ => (byte)noise,
                        };
                    }
                }

                ws.WriteBytes(Path.Combine("images", cls, $"{n:00}.png"), TestImages.Png(8, 8, 1, pixels));
            }
        }
    }

    [Fact]
    public void An_image_folder_reports_on_its_test_folder()
    {
        using var ws = new CliWorkspace();
        WriteImages(ws);

        // Five images of two of the three classes, copied to a test folder (a class subset, in another order).
        foreach (string cls in new[] { "vertical", "dark" })
        {
            for (int n = 0; n < 5; n++)
            {
                ws.WriteBytes(Path.Combine("test", cls, $"{n}.png"), File.ReadAllBytes(ws.PathOf(Path.Combine("images", cls, $"{n:00}.png"))));
            }
        }

        CliResult r = ws.Run("train", "images", "--image-size", "8", "--epochs", "30", "--seed", "2", "--json", "--test", "test", "--output", "img.nsm");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.OutputLines.Single());
        Assert.Equal("test", doc.RootElement.GetProperty("metrics_on").GetString());
        long tested = doc.RootElement.GetProperty("metrics").GetProperty("confusion_matrix").EnumerateArray().SelectMany(row => row.EnumerateArray()).Sum(c => c.GetInt64());
        Assert.Equal(10, tested);
        Assert.DoesNotContain("--test", r.Stderr, StringComparison.Ordinal);

        CliRunner.AssertOneLineError(ws.Run("train", "images", "--image-size", "8", "--epochs", "1", "--test", "nowhere", "--output", "img2.nsm"), 1);
    }

    [Fact]
    public void Image_folder_trains_to_high_accuracy_and_evaluates()
    {
        using var ws = new CliWorkspace();
        WriteImages(ws);
        CliResult r = ws.Run("train", "images", "--image-size", "8", "--epochs", "30", "--seed", "2", "--json", "--output", "img.nsm");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.OutputLines.Single());
        Assert.Equal("classification", doc.RootElement.GetProperty("task").GetString());
        Assert.Equal("validation", doc.RootElement.GetProperty("metrics_on").GetString());
        double accuracy = doc.RootElement.GetProperty("metrics").GetProperty("accuracy").GetDouble();
        Assert.True(accuracy >= 0.9, $"validation accuracy {accuracy}");

        CliResult e = ws.Run("evaluate", "img.nsm", "images", "--json");
        Assert.True(e.ExitCode == 0, e.ToString());
        using var evaluation = JsonDocument.Parse(e.OutputLines.Single());
        Assert.Equal(60, evaluation.RootElement.GetProperty("rows").GetInt32());
        Assert.True(evaluation.RootElement.GetProperty("metrics").GetProperty("accuracy").GetDouble() >= 0.9, e.Stdout);

        CliResult p = ws.Run("predict", "img.nsm", "images");
        Assert.True(p.ExitCode == 0, p.ToString());
        string[] lines = p.OutputLines;
        Assert.Equal(61, lines.Length);
        int right = lines.Skip(1).Count(l =>
        {
            string[] f = l.Split(',');
            return f[0].Replace('\\', '/').Contains("/" + f[1] + "/", StringComparison.Ordinal) || f[0].StartsWith(f[1] + "/", StringComparison.Ordinal);
        });
        Assert.True(right >= 54, $"{right}/60 predictions match their folder\n{p.Stdout}");
    }
}

public sealed class FashionMnistEndToEndTests
{
    private const string Folder = "/usr/share/datasets/fashion-mnist";

    [Fact]
    public void Fashion_mnist_reaches_the_documented_test_accuracy()
    {
        if (!Directory.Exists(Folder))
        {
            Console.WriteLine($"{Folder} is absent (Debian's dataset-fashion-mnist); Fashion-MNIST test not run.");
            return;
        }

        using var ws = new CliWorkspace();
        CliResult r = CliRunner.Run(ws.Root, TimeSpan.FromSeconds(240), "train", "fashion-mnist", "--layers", "256,128", "--epochs", "10", "--batch-size", "128", "--validation-split", "0.1", "--json", "--output", "f.nsm");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.OutputLines.Single());
        Assert.Equal("test", doc.RootElement.GetProperty("metrics_on").GetString());
        double accuracy = doc.RootElement.GetProperty("metrics").GetProperty("accuracy").GetDouble();
        // The README's command reaches 88.5 % with the default seed, and 87.6–88.4 % over seeds 1–4 (a rounding-level
        // change to the step moves a seeded run by up to half a point); a run that learns wrongly ends far lower.
        Assert.True(accuracy >= 0.87, $"test accuracy {accuracy}");
    }
}
