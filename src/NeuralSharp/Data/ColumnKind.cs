namespace NeuralSharp.Data;

/// <summary>How a CSV column is stored: numbers (float, NaN for missing) or categories (codes into levels, −1 for missing).</summary>
public enum ColumnKind
{
    /// <summary>Every non-missing value is a number (invariant culture).</summary>
    Numeric,

    /// <summary>Text values, stored as codes into the column's levels.</summary>
    Categorical,
}
