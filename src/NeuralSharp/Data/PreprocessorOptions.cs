namespace NeuralSharp.Data;

/// <summary>Options for <see cref="Preprocessor.Fit"/>.</summary>
public sealed class PreprocessorOptions
{
    /// <summary>The target column; null takes <see cref="CsvTable.TargetName"/>, and no target at all is allowed.</summary>
    public string? Target { get; init; }

    /// <summary>Classification or regression; null infers it with <see cref="Preprocessor.InferTask"/>.</summary>
    public TargetTask? Task { get; init; }

    /// <summary>Numeric feature scaling (default standardisation).</summary>
    public ScalingMode Scaling { get; init; } = ScalingMode.Standardize;

    /// <summary>Missing-value handling (default: missing values are an error).</summary>
    public ImputeMode Impute { get; init; } = ImputeMode.None;

    /// <summary>Regression only: standardise the target with the training mean and std (default off).</summary>
    public bool StandardizeTarget { get; init; }
}
