using System.Globalization;

namespace NeuralSharp.Data;

/// <summary>
/// One typed column of a <see cref="CsvTable"/>: <see cref="Values"/> (NaN for missing) when numeric,
/// <see cref="Codes"/> into <see cref="Levels"/> (−1 for missing) when categorical.
/// </summary>
public sealed class CsvColumn
{
    private static readonly string[] MissingMarkers = ["NA", "N/A", "NaN", "null", "?"];

    internal CsvColumn(string name, int index, ColumnKind kind, float[]? values, int[]? codes, IReadOnlyList<string> levels)
    {
        Name = name;
        Index = index;
        Kind = kind;
        Values = values;
        Codes = codes;
        Levels = levels;
        for (int i = 0; i < Length; i++)
        {
            MissingCount += IsMissing(i) ? 1 : 0;
        }
    }

    /// <summary>Header name.</summary>
    public string Name { get; }

    /// <summary>0-based position in the file's header (1-based column numbers in messages are this + 1).</summary>
    public int Index { get; }

    public ColumnKind Kind { get; }

    /// <summary>Numeric values (NaN for missing); null for a categorical column.</summary>
    public float[]? Values { get; }

    /// <summary>Level codes (−1 for missing); null for a numeric column.</summary>
    public int[]? Codes { get; }

    /// <summary>Distinct values of a categorical column, in order of first appearance; empty for a numeric column.</summary>
    public IReadOnlyList<string> Levels { get; }

    /// <summary>Number of rows.</summary>
    public int Length => Values?.Length ?? Codes!.Length;

    /// <summary>Number of missing values.</summary>
    public int MissingCount { get; }

    /// <summary>
    /// True for an empty field or NA, N/A, NaN, null, ? (any case, surrounding spaces ignored). A signed NaN
    /// (<c>-nan</c>, <c>+NaN</c>, as C and NumPy print it) is missing too: NaN means "no value" in a numeric column,
    /// and .NET would otherwise parse the signed spelling as a number that is then rejected as out of range.
    /// </summary>
    public static bool IsMissingText(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.IsEmpty)
        {
            return true;
        }

        if (text.Length == 4 && text[0] is '+' or '-' && text[1..].Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (string marker in MissingMarkers)
        {
            if (text.Equals(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Parses a number the way numeric columns do (invariant culture). Every common spelling of infinity parses, in
    /// any case and with an optional sign: <c>inf</c> (Python, NumPy, C) as well as <c>Infinity</c> (.NET,
    /// JavaScript). Why: .NET alone reads only the latter, and a column's kind must not hang on which tool wrote its
    /// infinities (<c>inf</c> would be text, <c>-Infinity</c> a number); numeric columns then reject every
    /// non-finite value alike (<see cref="NotFiniteMessage"/>).
    /// </summary>
    public static bool TryParseNumber(ReadOnlySpan<char> text, out double value)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        text = text.Trim();
        bool negative = text.Length > 0 && text[0] == '-';
        if (text.Length > 0 && text[0] is '+' or '-')
        {
            text = text[1..];
        }

        if (text.Equals("inf", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>The one rejection for a number a float32 column cannot hold: an infinity, or beyond ±3.4e38.</summary>
    internal static string NotFiniteMessage(ReadOnlySpan<char> text) =>
        $"value '{text}' is not a finite number; numeric values must lie within ±3.4e38 (32-bit floats)";

    public bool IsMissing(int row) => Values is not null ? float.IsNaN(Values[row]) : Codes![row] < 0;

    /// <summary>The value at <paramref name="row"/> as text (null when missing).</summary>
    public string? GetText(int row)
    {
        if (IsMissing(row))
        {
            return null;
        }

        return Values is not null ? Values[row].ToString("R", CultureInfo.InvariantCulture) : Levels[Codes![row]];
    }

    public override string ToString() => $"{Name} ({Kind}, {Length} rows, {MissingCount} missing)";
}
