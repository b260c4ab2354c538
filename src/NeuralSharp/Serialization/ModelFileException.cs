namespace NeuralSharp.Serialization;

/// <summary>
/// A model file could not be read or written: the message is one line that starts with the file's path
/// (<c>model.nsm: checksum mismatch (file corrupt or truncated)</c>), suitable to print as is.
/// </summary>
public sealed class ModelFileException : Exception
{
    public ModelFileException(string path, string detail, Exception? inner = null)
        : base($"{path}: {detail}".ReplaceLineEndings(" "), inner)
    {
        Path = path;
        Detail = detail.ReplaceLineEndings(" ");
    }

    public ModelFileException()
        : this("(unknown)", "invalid model file")
    {
    }

    public ModelFileException(string message)
        : this("(unknown)", message)
    {
    }

    public ModelFileException(string message, Exception inner)
        : this("(unknown)", message, inner)
    {
    }

    /// <summary>The file at fault.</summary>
    public string Path { get; }

    /// <summary>The message without the path prefix.</summary>
    public string Detail { get; }
}
