using System.Diagnostics;

namespace NeuralSharp.Cli.Tests;

/// <summary>What one run of the command line printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Non-empty lines of standard error.</summary>
    public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Non-empty lines of standard output.</summary>
    public string[] OutputLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>
/// Runs <c>neuralsharp</c> as a separate process (<c>dotnet NeuralSharp.Cli.dll …</c>, the copy in the test
/// output) in a given working directory, with a timeout. Never in-process: the CLI owns the global Console.
/// </summary>
internal static class CliRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    public static string CliDll { get; } = Path.Combine(AppContext.BaseDirectory, "NeuralSharp.Cli.dll");

    public static CliResult Run(string workingDirectory, params string[] args) => Run(workingDirectory, DefaultTimeout, args);

    public static CliResult Run(string workingDirectory, TimeSpan timeout, params string[] args) => RunProcess(workingDirectory, timeout, null, args);

    /// <summary>Runs with <paramref name="stdin"/> written to standard input (a pipe), then closed.</summary>
    public static CliResult RunWithInput(string workingDirectory, string stdin, params string[] args) => RunProcess(workingDirectory, DefaultTimeout, stdin, args);

    private static CliResult RunProcess(string workingDirectory, TimeSpan timeout, string? stdin, string[] args)
    {
        Assert.True(File.Exists(CliDll), $"missing {CliDll}");
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(CliDll);
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment.Remove("NEURALSHARP_DEBUG");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["NO_COLOR"] = "1";

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            process.StandardInput.Write(stdin ?? string.Empty);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command exited without reading all of its input; its output says why.
        }
        if (!process.WaitForExit(timeout))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            process.WaitForExit();
            Assert.Fail($"neuralsharp {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s\n{stdout.Result}\n{stderr.Result}");
        }

        process.WaitForExit();
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The <c>dotnet</c> host running the tests (DOTNET_HOST_PATH under <c>dotnet test</c>), else <c>dotnet</c> on PATH.</summary>
    private static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (host is { Length: > 0 } && File.Exists(host))
        {
            return host;
        }

        string current = Environment.ProcessPath ?? string.Empty;
        return Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    /// <summary>Asserts the failure shape every command promises: the exit code and exactly one error line
    /// ("error: …" or "neuralsharp: …") on standard error, no stack trace; returns that line.</summary>
    public static string AssertOneLineError(CliResult result, int expectedExitCode)
    {
        Assert.True(result.ExitCode == expectedExitCode, $"expected exit {expectedExitCode}\n{result}");
        string[] errors = [.. result.ErrorLines.Where(l => l.StartsWith("error:", StringComparison.Ordinal) || l.StartsWith("neuralsharp:", StringComparison.Ordinal))];
        Assert.True(errors.Length == 1, $"expected exactly one error line\n{result}");
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
        return errors[0];
    }
}

/// <summary>A temporary working directory for one or more CLI runs, with the shipped data copied into <c>data/</c>.</summary>
internal sealed class CliWorkspace : IDisposable
{
    public CliWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "neuralsharp-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "data"));
        foreach (string name in new[] { "churn.csv", "salary.csv", "new_customers.csv" })
        {
            File.Copy(Path.Combine(RepositoryRoot, "data", name), Path.Combine(Root, "data", name));
        }
    }

    public string Root { get; }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Write(string relative, string text)
    {
        string path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string WriteBytes(string relative, byte[] bytes)
    {
        string path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public CliResult Run(params string[] args) => CliRunner.Run(Root, args);

    public CliResult RunWithInput(string stdin, params string[] args) => CliRunner.RunWithInput(Root, stdin, args);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NeuralSharp.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NeuralSharp.slnx not found above " + AppContext.BaseDirectory);
    }
}
