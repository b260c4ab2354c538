using System.Text;

namespace NeuralSharp.Tests.Data;

/// <summary>A temporary directory for small CSV files, deleted on dispose.</summary>
public sealed class TempCsv : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "neuralsharp-csv-" + Guid.NewGuid().ToString("N"));

    public TempCsv() => Directory.CreateDirectory(_dir);

    /// <summary>Writes <paramref name="text"/> as UTF-8 (optionally with a byte-order mark) and returns the path.</summary>
    public string Write(string name, string text, bool bom = false)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
