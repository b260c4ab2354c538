using System.Globalization;
using System.Text;

namespace NeuralSharp.Data;

/// <summary>
/// Bad input data or files: the message is one line naming where the fault is (<c>file:line:column: what</c>),
/// suitable to print as is. Command-line tools print it and exit with code 1; they never show a stack trace.
/// </summary>
public sealed class DataException : Exception
{
    public DataException(string message, string? file = null, long? line = null, int? column = null, string? columnName = null, Exception? inner = null)
        : base(Format(message, file, line, column, columnName), inner)
    {
        File = file;
        Line = line;
        Column = column;
        ColumnName = columnName;
        Detail = message;
    }

    public DataException()
        : this("invalid data")
    {
    }

    public DataException(string message)
        : this(message, file: null)
    {
    }

    public DataException(string message, Exception inner)
        : this(message, null, null, null, null, inner)
    {
    }

    /// <summary>Why <paramref name="path"/> could not be opened for reading, in the reader's words rather than the
    /// OS's (.NET says "Access denied" for a folder and quotes the full path for a missing file).</summary>
    public static DataException CannotOpen(string path, Exception inner) => new(
        System.IO.Directory.Exists(path) ? "is a folder, not a file"
        : inner is FileNotFoundException or DirectoryNotFoundException ? "no such file"
        : inner is UnauthorizedAccessException ? "permission denied"
        : $"cannot open file: {inner?.Message}",
        path,
        inner: inner);

    /// <summary>The file at fault, if known.</summary>
    public string? File { get; }

    /// <summary>1-based line number, if known.</summary>
    public long? Line { get; }

    /// <summary>1-based column (field) number, if known.</summary>
    public int? Column { get; }

    /// <summary>Header name of the column at fault, if known.</summary>
    public string? ColumnName { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Detail { get; }

    private static string Format(string message, string? file, long? line, int? column, string? columnName)
    {
        var sb = new StringBuilder();
        if (file is not null)
        {
            sb.Append(file);
            if (line is not null)
            {
                sb.Append(CultureInfo.InvariantCulture, $":{line}");
                if (column is not null)
                {
                    sb.Append(CultureInfo.InvariantCulture, $":{column}");
                }
            }

            sb.Append(": ");
        }

        if (columnName is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"column '{columnName}': ");
        }

        return sb.Append(message.ReplaceLineEndings(" ")).ToString();
    }
}
