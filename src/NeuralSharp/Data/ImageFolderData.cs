using NeuralSharp.Tensors;

namespace NeuralSharp.Data;

/// <summary>What <see cref="ImageFolder.Load"/> returns.</summary>
public sealed class ImageFolderData
{
    internal ImageFolderData(Tensor x, Tensor y, IReadOnlyList<string> classNames, IReadOnlyList<string> files, int skippedFiles)
    {
        X = x;
        Y = y;
        ClassNames = classNames;
        Files = files;
        SkippedFiles = skippedFiles;
    }

    /// <summary>N × (height·width·channels) pixels in [0, 1], channel-last.</summary>
    public Tensor X { get; }

    /// <summary>N × 1 class indices into <see cref="ClassNames"/>.</summary>
    public Tensor Y { get; }

    /// <summary>Sub-folder names, sorted ordinally; a label is an index into this list.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The image file behind each row of <see cref="X"/>.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Files ignored because their extension is not .png, .jpg, .jpeg or .bmp.</summary>
    public int SkippedFiles { get; }

    public void Deconstruct(out Tensor x, out Tensor y, out IReadOnlyList<string> classNames)
    {
        x = X;
        y = Y;
        classNames = ClassNames;
    }
}
