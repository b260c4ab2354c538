using NeuralSharp.Tensors;

namespace NeuralSharp.Data;

/// <summary>What <see cref="ImageFolder.LoadUnlabelled"/> returns: pixels and a name for each image, no labels.</summary>
public sealed class UnlabelledImages
{
    internal UnlabelledImages(Tensor x, IReadOnlyList<string> files, int skippedFiles, IReadOnlyList<string>? hiddenFolders = null)
    {
        HiddenFolders = hiddenFolders ?? [];
        X = x;
        Files = files;
        SkippedFiles = skippedFiles;
    }

    /// <summary>N × (height·width·channels) pixels in [0, 1], channel-last, as <see cref="ImageFolder.Load"/> gives.</summary>
    public Tensor X { get; }

    /// <summary>Each row's image: its path relative to the folder given, with '/' between folders, in ordinal
    /// order (or the path as given, for a single file).</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Files ignored because their extension is not .png, .jpg, .jpeg or .bmp.</summary>
    public int SkippedFiles { get; }

    /// <summary>Folders left out because their names start with '.' (a notebook's <c>.ipynb_checkpoints</c> holds
    /// copies of the images), as paths relative to the folder given, '/' between folders.</summary>
    public IReadOnlyList<string> HiddenFolders { get; }
}
