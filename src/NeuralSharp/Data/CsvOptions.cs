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

    /// <summary>
    /// Column kinds that override inference, by header name. Declaring a column <see cref="ColumnKind.Categorical"/>
    /// is how to keep a mostly numeric column of codes (e.g. <c>1, 2, 3+</c>) that inference would reject.
    /// </summary>
    public IReadOnlyDictionary<string, ColumnKind> ColumnKinds { get; init; } = new Dictionary<string, ColumnKind>();

    /// <summary>
    /// True when <see cref="ColumnKinds"/> are a fitted <see cref="Preprocessor.ColumnKinds"/> (a file to predict or
    /// evaluate) rather than the user's declaration. Only the wording of errors changes: a text value in a numeric
    /// column is then "numeric in training", not "declared numeric", since whoever reads the message declared nothing.
    /// </summary>
    public bool ColumnKindsFromTraining { get; init; }
}
