using NeuralSharp.Serialization;

namespace NeuralSharp.Tests.Serialization;

/// <summary>A scratch folder for tests that write model files' bytes and load them back, deleted afterwards.</summary>
public abstract class ModelFileScratch : IDisposable
{
    protected string Dir { get; } = ModelFileTestData.TempDirectory();

    public void Dispose()
    {
        Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes <paramref name="bytes"/> to a fresh file and loads it.</summary>
    protected LoadedModel Load(byte[] bytes)
    {
        string path = Path.Combine(Dir, Guid.NewGuid().ToString("N") + ".nsm");
        File.WriteAllBytes(path, bytes);
        return ModelFile.Load(path);
    }

    /// <summary>Loads the bytes, expecting exactly a <see cref="ModelFileException"/> whose message is one line: the
    /// path, a colon, and its detail.</summary>
    protected ModelFileException Refused(byte[] bytes)
    {
        string path = Path.Combine(Dir, Guid.NewGuid().ToString("N") + ".nsm");
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(path + ": " + error.Detail, error.Message);
        File.Delete(path);
        return error;
    }
}
