using System.Text.Json.Nodes;
using NeuralSharp.Data;
using NeuralSharp.Tensors;

namespace NeuralSharp.Cli;

/// <summary>Training data ready for the engine: features and targets split into training, validation and
/// (optionally) test sets, plus what the model file must remember to read raw data the same way again.</summary>
internal sealed class PreparedData
{
    public required Tensor TrainX { get; init; }

    public required Tensor TrainY { get; init; }

    public Tensor? ValidationX { get; init; }

    public Tensor? ValidationY { get; init; }

    public Tensor? TestX { get; init; }

    public Tensor? TestY { get; init; }

    public required TargetTask Task { get; init; }

    /// <summary>Class labels in index order (classification only).</summary>
    public IReadOnlyList<string>? ClassLabels { get; init; }

    /// <summary>How raw input becomes features: saved in the model file.</summary>
    public required JsonObject Preprocessing { get; init; }

    public required string Source { get; init; }

    public List<string> Warnings { get; } = [];

    /// <summary>Maps a model output back to the target's units (regression targets are standardised for training).</summary>
    public Func<double, double>? DecodeTarget { get; init; }

    public int Features => TrainX.RowSize;

    public int Classes => ClassLabels?.Count ?? 0;
}

/// <summary>Data read for an existing model: features, targets when present, a name for each row of the input (and
/// that column's header), and the header of the prediction column (the target's name: a CSV model's target column,
/// <c>class</c> for images and Fashion-MNIST). When some rows of the file cannot be predicted (missing values, for a
/// model trained with <c>--impute drop</c>), <see cref="Predicted"/> says which of them X holds, in order, so that
/// predict can keep one output row per input row; null when X holds them all.</summary>
internal sealed record ModelInput(Tensor X, Tensor? Y, IReadOnlyList<string> RowNames, string RowHeader, List<string> Warnings, string TargetName, Func<double, double>? DecodeTarget = null)
{
    public bool[]? Predicted { get; init; }
}
