using NeuralSharp.Data;

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
            return Fail(e, 2, e.Message);
        }
        catch (DataException e)
        {
            return Fail(e, 1, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or FormatException or InvalidDataException)
        {
            return Fail(e, 1, e.Message);
        }
        catch (Exception e) when (e.GetType().Name == "ModelFileException")
        {
            return Fail(e, 1, e.Message);
        }
    }

    private static int Fail(Exception e, int code, string message)
    {
        Console.Error.WriteLine($"error: {message.ReplaceLineEndings(" ")}");
        if (Environment.GetEnvironmentVariable("NEURALSHARP_DEBUG") == "1")
        {
            Console.Error.WriteLine(e);
        }

        return code;
    }
}
