namespace NeuralSharp.Cli.Tests;

/// <summary>
/// The README's command-line examples on the shipped data, run word for word (in a scratch copy of data/), in their
/// order: each must succeed, and the files they name must appear. Examples on data the repository does not ship (a
/// folder of your own photos, Fashion-MNIST) are left to the other tests.
/// </summary>
public sealed class ReadmeCommandTests : IDisposable
{
    private readonly CliWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    /// <summary>The <c>./neuralsharp</c> lines of the README's first bash block after "## The command line".</summary>
    internal static List<string> ShippedDataCommands()
    {
        string[] lines = File.ReadAllLines(Path.Combine(CliWorkspace.RepositoryRoot, "README.md"));
        int section = Array.FindIndex(lines, l => l.StartsWith("## The command line", StringComparison.Ordinal));
        Assert.True(section >= 0, "README has no '## The command line' section");
        int open = Array.FindIndex(lines, section, l => l.StartsWith("```bash", StringComparison.Ordinal));
        int close = Array.FindIndex(lines, open + 1, l => l.StartsWith("```", StringComparison.Ordinal));
        var commands = new List<string>();
        for (int i = open + 1; i < close; i++)
        {
            string line = lines[i].Trim();
            if (line.StartsWith("./neuralsharp ", StringComparison.Ordinal) && !line.Contains("photos", StringComparison.Ordinal))
            {
                int comment = line.IndexOf(" #", StringComparison.Ordinal);
                commands.Add((comment < 0 ? line : line[..comment]).Trim());
            }
        }

        return commands;
    }

    [Fact]
    public void The_command_line_examples_on_shipped_data_run_as_written()
    {
        List<string> commands = ShippedDataCommands();
        Assert.True(commands.Count >= 5, $"found only {commands.Count} commands");
        foreach (string command in commands)
        {
            string[] words = command["./neuralsharp ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int redirect = Array.IndexOf(words, ">");
            string[] args = redirect < 0 ? words : words[..redirect];
            CliResult r = _ws.Run(args);
            Assert.True(r.ExitCode == 0, $"{command}\n{r}");
            Assert.True(r.Stdout.Trim().Length > 0, $"{command} printed nothing\n{r}");
            if (redirect >= 0)
            {
                _ws.Write(words[redirect + 1], r.Stdout);
            }

            int output = Array.IndexOf(args, "--output");
            if (output >= 0)
            {
                Assert.True(File.Exists(_ws.PathOf(args[output + 1])), $"{command} wrote no {args[output + 1]}");
            }
        }

        // The prediction example: one row per shipped new customer, with a probability per class.
        string[] predictions = File.ReadAllLines(_ws.PathOf("predictions.csv"));
        int customers = File.ReadAllLines(_ws.PathOf("data/new_customers.csv")).Length - 1;
        Assert.Equal(customers + 1, predictions.Length);
        Assert.Contains("p_", predictions[0], StringComparison.Ordinal);
    }
}
