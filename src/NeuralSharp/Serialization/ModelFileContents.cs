using System.Text.Json.Nodes;

namespace NeuralSharp.Serialization;

/// <summary>
/// What a model file holds besides the architecture and weights. Every part is optional and stored as given:
/// the library never interprets <see cref="Preprocessing"/> or <see cref="Metadata"/>.
/// </summary>
public sealed record ModelFileContents
{
    /// <summary>Nothing besides the model.</summary>
    public static ModelFileContents Empty { get; } = new();

    /// <summary>How raw inputs become model inputs (scalers, encoders, column order…), as the caller defines it.</summary>
    public JsonObject? Preprocessing { get; init; }

    /// <summary>The name of each output class, in output order.</summary>
    public IReadOnlyList<string>? ClassLabels { get; init; }

    /// <summary>Training metadata (seed, date, final metrics…), as the caller defines it.</summary>
    public JsonObject? Metadata { get; init; }
}
