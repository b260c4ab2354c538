using NeuralSharp.Models;

namespace NeuralSharp.Serialization;

/// <summary>A model read from a file: compiled (when the file names a loss) and ready for Predict and Evaluate.</summary>
/// <param name="Model">The rebuilt model with its saved weights.</param>
/// <param name="Contents">Preprocessing, class labels and metadata as saved.</param>
/// <param name="FormatVersion">The file's format version.</param>
/// <param name="LibraryVersion">The version of the library that wrote the file.</param>
public sealed record LoadedModel(Sequential Model, ModelFileContents Contents, int FormatVersion, string LibraryVersion);
