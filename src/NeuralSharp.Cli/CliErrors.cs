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
            Console.Error.WriteLine($"error: internal error ({e.GetType().Name}: {Printable(e.Message)}); please report it, with the command (NEURALSHARP_DEBUG=1 shows where it happened).");
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
            Console.Error.WriteLine($"warning: {Printable(warning)}");
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
        if (IsSystemPath(full) || IsSystemPath(SamePath.Resolve(full))) // links anywhere in the path resolved
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
        : (full.StartsWith("/dev/", StringComparison.Ordinal) && !full.StartsWith("/dev/shm/", StringComparison.Ordinal)) // shm: a tmpfs folder
            || full.StartsWith("/proc/", StringComparison.Ordinal) || full.StartsWith("/sys/", StringComparison.Ordinal);

    /// <summary>
    /// A usage error when a file the command writes is one it reads, or one another option also writes: checked
    /// before any work, because writing would destroy the input (<c>predict m.nsm x.csv -o x.csv</c>) or one
    /// output would silently replace another (<c>-o same.png --plot same.png</c>). Paths are compared in full
    /// after resolving symbolic links, so <c>x.csv</c>, <c>./d/../x.csv</c> and a link to it are the same file.
    /// An input folder (of images) counts as every image under it.
    /// </summary>
    /// <param name="inputs">What is read: a description for the message (<c>the data</c>) and its path.</param>
    /// <param name="outputs">What is written: its option (<c>--output</c>) and its path.</param>
    public static void CheckDistinct(IEnumerable<(string What, string Path)> inputs, IEnumerable<(string Option, string Path)> outputs)
    {
        // Standard input ('-') is no file: nothing written can be it.
        var reads = inputs.Where(i => !CsvInput.IsStandardInput(i.Path)).Select(i => (i.What, i.Path, Full: SamePath.Resolve(i.Path))).ToList();
        var writes = new List<(string Option, string Path, string Full)>();
        foreach (var (option, path) in outputs)
        {
            string full = SamePath.Resolve(path);
            foreach (var read in reads)
            {
                if (SamePath.Equal(full, read.Full))
                {
                    throw new UsageException($"{option} '{path}' is the same file as {read.What} '{read.Path}'; writing it would destroy the input. Give another file name.");
                }

                if (Directory.Exists(read.Full) && File.Exists(full) && ImageFolder.IsImageFile(full) && SamePath.IsUnder(full, read.Full))
                {
                    throw new UsageException($"{option} '{path}' would overwrite an image inside {read.What} '{read.Path}'. Give a file name outside it.");
                }
            }

            foreach (var write in writes)
            {
                if (SamePath.Equal(full, write.Full))
                {
                    throw new UsageException($"{option} '{path}' is the same file as {write.Option} '{write.Path}'; one would replace the other. Give them different names.");
                }
            }

            writes.Add((option, path, full));
        }
    }

    /// <summary>
    /// <paramref name="text"/> safe to print on one terminal line: line breaks become spaces and other control
    /// characters (NUL, ESC, DEL, C1) become <c>\xNN</c>, so text quoted from a file or a decoder can neither
    /// garble the terminal nor hide what it was.
    /// </summary>
    public static string Printable(string text)
    {
        // A message quoting a whole field of a broken file (a 5 MB "number") stays a line a terminal can show.
        const int Longest = 1000;
        text = text.ReplaceLineEndings(" ");
        if (text.Length > Longest)
        {
            int cut = char.IsHighSurrogate(text[Longest - 1]) ? Longest - 1 : Longest; // never half a character
            text = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{text[..cut]}… ({text.Length - cut} more characters)");
        }

        return Visible(text);
    }

    /// <summary>
    /// <paramref name="text"/> (a name or value read from a file: a column, a class, a path) with every control
    /// character, line breaks included, shown as <c>\xNN</c>: printed on a report's line, it can neither break the
    /// line, garble the terminal (an ESC sequence) nor hide what it was.
    /// </summary>
    public static string Visible(string text) => VisibleText.Of(text);

    private static int Fail(Exception e, int code)
    {
        Console.Error.WriteLine($"error: {Printable(e.Message)}");
        if (Environment.GetEnvironmentVariable("NEURALSHARP_DEBUG") == "1")
        {
            Console.Error.WriteLine(e);
        }

        return code;
    }
}
