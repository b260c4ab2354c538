using NeuralSharp.Samples;

namespace NeuralSharp.Tests;

/// <summary>The README's code samples compile (this project links them) and run, and the README shows them verbatim.</summary>
public sealed class ReadmeSamplesTests
{
    [Theory]
    [InlineData("QuickStartSample.cs", "quickstart")]
    [InlineData("TrainingSample.cs", "training")]
    [InlineData("CsvSample.cs", "csv")]
    public void Readme_shows_the_code_that_runs(string file, string region)
    {
        string sample = Region(File.ReadAllText(RepoFile("samples/QuickStart/" + file)), $"// <{region}>", $"// </{region}>");
        string readme = File.ReadAllText(RepoFile("README.md"));

        Assert.Contains(sample, Normalize(readme), StringComparison.Ordinal);
    }

    [Fact]
    public void Quick_start_trains_a_useful_classifier()
    {
        double validationAccuracy = QuickStartSample.Run();

        Assert.InRange(validationAccuracy, 0.85, 1.0);
    }

    [Fact]
    public void Training_example_generalises_to_unseen_spiral_points()
    {
        var test = TrainingSample.Run();

        Assert.InRange(test["accuracy"], 0.97, 1.0);
    }

    [Fact]
    public void Csv_example_trains_saves_reloads_and_predicts()
    {
        string model = Path.Combine(Path.GetTempPath(), $"ns-readme-{Guid.NewGuid():N}.nsm");
        try
        {
            double accuracy = CsvSample.Run(RepoFile("data/churn.csv"), model);

            Assert.InRange(accuracy, 0.85, 1.0);
        }
        finally
        {
            File.Delete(model);
        }
    }

    internal static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "NeuralSharp.slnx")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>The lines between the markers, with the common indentation removed.</summary>
    private static string Region(string text, string begin, string end)
    {
        string[] lines = Normalize(text).Split('\n');
        int from = Array.FindIndex(lines, l => l.Trim() == begin) + 1;
        int to = Array.FindIndex(lines, l => l.Trim() == end);
        Assert.True(from > 0 && to > from, "sample markers not found");
        string[] body = lines[from..to];
        int indent = body.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', body.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
