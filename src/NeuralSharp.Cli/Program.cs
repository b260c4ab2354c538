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
        Console.Error.WriteLine($"neuralsharp: {CliErrors.Printable(string.Join(' ', error.Message.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))}");
    }

    Console.Error.WriteLine("Run 'neuralsharp --help' for usage.");
    return 2;
}

// CliErrors, not System.CommandLine's default handler (which prints a stack trace), reports failures.
return CliErrors.Run(() => parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
