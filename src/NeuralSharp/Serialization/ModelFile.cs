using NeuralSharp.Models;

namespace NeuralSharp.Serialization;

/// <summary>
/// Saves and loads a model, its weights, preprocessing, class labels and training metadata as one <c>.nsm</c> file.
/// </summary>
/// <remarks>
/// Layout (all integers little-endian): the 8-byte magic <c>NSMODEL\0</c>; a uint32 format version (1); a uint64
/// header length; the UTF-8 JSON header (padded with spaces so the data starts on an 8-byte boundary); the tensor
/// data (float32, little-endian, contiguous, offsets relative to the data start); the 32-byte SHA-256 of every
/// preceding byte. Loading never executes code and never allocates more than the file could justify: every size
/// and shape is checked against the file and the architecture before memory is reserved for it.
/// </remarks>
public static class ModelFile
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The largest JSON header accepted (16 MiB).</summary>
    public const int MaxHeaderLength = 16 * 1024 * 1024;

    /// <summary>Bytes before the JSON header: magic, version, header length.</summary>
    internal const int PrefixLength = 20;

    /// <summary>Bytes of the trailing SHA-256.</summary>
    internal const int ChecksumLength = 32;

    /// <summary>The first 8 bytes of every model file.</summary>
    internal static ReadOnlySpan<byte> Magic => "NSMODEL\0"u8;

    /// <summary>Test seam: wraps the stream the temporary file is written through (to simulate a failing disk).</summary>
    internal static readonly AsyncLocal<Func<Stream, Stream>?> WrapWriteStream = new();

    /// <summary>
    /// Writes <paramref name="model"/> (built, float32, made of <see cref="LayerRegistry.KnownTypes"/>) and
    /// <paramref name="contents"/> to <paramref name="path"/>. The file is written to a temporary file in the same
    /// directory, flushed to disk, then renamed over <paramref name="path"/>: if saving fails or the process dies,
    /// any previous file at <paramref name="path"/> is left intact.
    /// </summary>
    /// <exception cref="ArgumentException">The model is not built, not float32, or has a layer type files cannot hold.</exception>
    /// <exception cref="ModelFileException">The file could not be written.</exception>
    public static void Save(string path, Sequential model, ModelFileContents? contents = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(model);
        ModelFileWriter.Save(path, model, contents ?? ModelFileContents.Empty);
    }

    /// <summary>
    /// Reads a model file: checks its magic, version, sizes and checksum, rebuilds the model from the known layer
    /// types only, checks every tensor against the architecture, sets the weights and compiles the model with the
    /// saved loss and metrics (and an <see cref="Optimizers.Adam"/> optimizer) so Evaluate works.
    /// </summary>
    /// <exception cref="ModelFileException">The file is missing, unreadable, not a model file, corrupt or inconsistent.</exception>
    public static LoadedModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new ModelFileException(path, "is a folder, not a model file");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return new ModelFileReader(path, stream).Read();
        }
        catch (FileNotFoundException e)
        {
            throw new ModelFileException(path, "no such file", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new ModelFileException(path, "no such file (directory not found)", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ModelFileException(path, $"cannot read: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new ModelFileException(path, $"cannot read: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            // Why: the reader turns every fault it foresees into a ModelFileException; anything else that escapes
            // (a check this version lacks) must still be one line naming the file, never .NET's parameter text.
            throw new ModelFileException(path, $"invalid model file: {LayerRegistry.WithoutParameterSuffix(e)}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException or FormatException or OverflowException
            or NotSupportedException or KeyNotFoundException or IndexOutOfRangeException or System.Text.Json.JsonException)
        {
            throw new ModelFileException(path, $"invalid model file: {e.Message}", e);
        }
    }
}
