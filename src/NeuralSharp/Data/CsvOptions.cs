namespace NeuralSharp.Data;

/// <summary>Options for <see cref="CsvTable.Load(string, CsvOptions?)"/>.</summary>
public sealed class CsvOptions
{
    /// <summary>Field delimiter (<c>,</c> <c>;</c> or tab); null detects it from the first lines.</summary>
    public char? Delimiter { get; init; }

    /// <summary>Columns to leave out (by header name).</summary>
    public IReadOnlyCollection<string> Drop { get; init; } = [];

    /// <summary>The target column's name, checked to exist; null when there is none (e.g. at prediction time).</summary>
    public string? Target { get; init; }

    /// <summary>Column kinds that override inference, by header name.</summary>
    public IReadOnlyDictionary<string, ColumnKind> ColumnKinds { get; init; } = new Dictionary<string, ColumnKind>();
}
