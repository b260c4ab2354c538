using NeuralSharp.Data;
using NeuralSharp.Serialization;

namespace NeuralSharp.Cli;

/// <summary>A mistake in how the command was called (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>Turns every failure into one line on standard error and an exit code; never a stack trace
/// (set NEURALSHARP_DEBUG=1 to see one).</summary>
internal static class CliErrors
{
    public static int Run(Func<int> command)
    {
        try
        {
            return command();
        }
        catch (UsageException e)
        {
            return Fail(e, 2);
        }
        catch (Exception e) when (e is DataException or ModelFileException or IOException or UnauthorizedAccessException
            or ArgumentException or InvalidOperationException or FormatException or InvalidDataException)
        {
            return Fail(e, 1);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failure no check above foresaw is still one line, not a stack trace; it is a bug to report.
            Console.Error.WriteLine($"error: internal error ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}); please report it, with the command (NEURALSHARP_DEBUG=1 shows where it happened).");
            if (Environment.GetEnvironmentVariable("NEURALSHARP_DEBUG") == "1")
            {
                Console.Error.WriteLine(e);
            }

            return 1;
        }
    }

    /// <summary>Prints each warning as a <c>warning:</c> line on standard error.</summary>
    public static void Warn(IEnumerable<string> warnings)
    {
        foreach (string warning in warnings)
        {
            Console.Error.WriteLine($"warning: {warning}");
        }
    }

    /// <summary>A usage error unless <paramref name="path"/> names a file (not a folder) in a folder that exists.</summary>
    public static void CheckWritable(string option, string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new UsageException($"{option} '{path}' is a folder; give a file name.");
        }

        // Files are written next to their destination and renamed over it (so a failure loses nothing), which would
        // replace a device such as /dev/null or /dev/full with a regular file: refuse the system's special folders.
        string resolved = new FileInfo(full).LinkTarget is null ? full : File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        if (IsSystemPath(full) || IsSystemPath(resolved))
        {
            throw new UsageException($"{option} '{path}' is a device or system file; give a regular file name.");
        }

        string? folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new UsageException($"{option} '{path}': folder '{folder}' does not exist.");
        }
    }

    private static bool IsSystemPath(string full) =>
        OperatingSystem.IsWindows() ? full.StartsWith(@"\\.\", StringComparison.Ordinal)
        : full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal) || full.StartsWith("/sys/", StringComparison.Ordinal);

    private static int Fail(Exception e, int code)
    {
        Console.Error.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")}");
        if (Environment.GetEnvironmentVariable("NEURALSHARP_DEBUG") == "1")
        {
            Console.Error.WriteLine(e);
        }

        return code;
    }
}
