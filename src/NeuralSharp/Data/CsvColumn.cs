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

    /// <summary>True for an empty field or NA, N/A, NaN, null, ? (any case, surrounding spaces ignored).</summary>
    public static bool IsMissingText(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.IsEmpty)
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

    /// <summary>Parses a number the way numeric columns do (invariant culture).</summary>
    public static bool TryParseNumber(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

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
