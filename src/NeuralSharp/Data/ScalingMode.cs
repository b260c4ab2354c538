namespace NeuralSharp.Data;

/// <summary>How <see cref="Preprocessor"/> scales numeric features (statistics from the training rows only).</summary>
public enum ScalingMode
{
    /// <summary>(x − mean) / std; a constant column (std 0) is divided by 1.</summary>
    Standardize,

    /// <summary>(x − min) / (max − min); a constant column is divided by 1.</summary>
    MinMax,

    /// <summary>Values as they are.</summary>
    None,
}
