namespace NeuralSharp.Data;

/// <summary>What <see cref="Preprocessor"/> does with missing values (statistics from the training rows only).</summary>
public enum ImputeMode
{
    /// <summary>Missing values are an error naming the column and how many there are.</summary>
    None,

    /// <summary>Numeric features get the training mean; categorical features the most frequent level.</summary>
    Mean,

    /// <summary>Numeric features get the training median; categorical features the most frequent level.</summary>
    Median,

    /// <summary>Every feature gets its most frequent training value.</summary>
    Mode,

    /// <summary>Rows with any missing feature or target value are left out.</summary>
    Drop,
}
