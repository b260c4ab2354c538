using NeuralSharp.Tensors;

namespace NeuralSharp.Data;

/// <summary>What <see cref="ImageFolder.Load"/> returns.</summary>
public sealed class ImageFolderData
{
    internal ImageFolderData(Tensor x, Tensor y, IReadOnlyList<string> classNames, IReadOnlyList<string> files, int skippedFiles, int unplacedImages = 0, IReadOnlyList<string>? hiddenFolders = null)
    {
        HiddenFolders = hiddenFolders ?? [];
        UnplacedImages = unplacedImages;
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

    /// <summary>Images ignored because they lie outside the class folders: in the root itself, or in a folder inside
    /// a class folder (only a class folder's own files are that class's).</summary>
    public int UnplacedImages { get; }

    /// <summary>Folders left out because their names start with '.' (a notebook's <c>.ipynb_checkpoints</c>, a
    /// <c>.git</c>): hidden folders are not classes, as in Keras. Sub-folders of the root by name, those inside a class
    /// folder as <c>class/.name</c>; ordinal order.</summary>
    public IReadOnlyList<string> HiddenFolders { get; }

    public void Deconstruct(out Tensor x, out Tensor y, out IReadOnlyList<string> classNames)
    {
        x = X;
        y = Y;
        classNames = ClassNames;
    }
}
