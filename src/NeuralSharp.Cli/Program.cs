using System.CommandLine;
using NeuralSharp.Cli;

// Exit codes: 0 success, 1 bad input or data (one line on standard error), 2 usage error.
RootCommand root = Commands.Build();
ParseResult parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        // One line each: some of System.CommandLine's messages list the allowed values on lines of their own.
        // And in words: "as expected type 'System.Int32'" names .NET's type, not what to type.
        string message = string.Join(' ', error.Message.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Replace("as expected type 'System.Int32'", "as a whole number", StringComparison.Ordinal)
            .Replace("as expected type 'System.UInt64'", "as a whole number from 0 up", StringComparison.Ordinal)
            .Replace("as expected type 'System.Double'", "as a number", StringComparison.Ordinal)
            .Replace("as expected type 'System.Boolean'", "as true or false", StringComparison.Ordinal);
        Console.Error.WriteLine($"neuralsharp: {CliErrors.Printable(message)}");
    }

    Console.Error.WriteLine("Run 'neuralsharp --help' for usage.");
    return 2;
}

// CliErrors, not System.CommandLine's default handler (which prints a stack trace), reports failures.
return CliErrors.Run(() => parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
