using System.Text;
using NeuralSharp.Data;

namespace NeuralSharp.Cli;

/// <summary>
/// A CSV input that can be read more than once: the header is read first to check the columns, then the whole
/// table. A regular file is simply opened again; a pipe (<c>/dev/stdin</c>, a FIFO, <c>&lt;(…)</c>) can be read
/// only once (a second open finds it empty), so its text is read into memory up front and parsed from there.
/// Messages name the path as given either way.
/// </summary>
internal sealed class CsvInput
{
    private readonly string? _text;

    private CsvInput(string path, string? text)
    {
        Path = path;
        _text = text;
    }

    public string Path { get; }

    /// <summary>The data argument that means standard input, as for most command-line tools.</summary>
    public const string StandardInput = "-";

    /// <summary>Whether <paramref name="path"/> is <see cref="StandardInput"/>.</summary>
    public static bool IsStandardInput(string path) => path == StandardInput;

    /// <summary>How messages name a data argument: <c>&lt;stdin&gt;</c> for <see cref="StandardInput"/>, as Unix tools name it.</summary>
    public static string DisplayName(string path) => IsStandardInput(path) ? StandardInputName : path;

    private const string StandardInputName = "<stdin>";

    public static CsvInput Open(string path)
    {
        if (IsStandardInput(path))
        {
            // Read like a pipe, and named as Unix tools name it.
            using Stream input = Console.OpenStandardInput();
            return FromPipe(input, StandardInputName);
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DataException.CannotOpen(path, e);
        }

        // Why CanSeek: a regular file is seekable; a pipe, terminal or socket is not and yields its bytes once.
        using (stream)
        {
            if (stream.CanSeek)
            {
                return new CsvInput(path, null);
            }

            return FromPipe(stream, path);
        }
    }

    /// <summary>All of <paramref name="stream"/>'s text, read once, parsed from memory.</summary>
    private static CsvInput FromPipe(Stream stream, string path)
    {
        var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        bytes.Position = 0;
        CsvReader.RefuseGzip(bytes, path);
        using var reader = CsvReader.Utf8Reader(bytes);
        return new CsvInput(path, reader.ReadToEnd());
    }

    /// <summary>The column names of the header line.</summary>
    public string[] ReadHeader(char? delimiter)
    {
        using CsvReader reader = _text is null ? CsvReader.Open(Path, delimiter) : new CsvReader(new StringReader(_text), Path, delimiter);
        return [.. reader.Header];
    }

    public CsvTable Load(CsvOptions options) => _text is null ? CsvTable.Load(Path, options) : CsvTable.Parse(_text, options, Path);
}
