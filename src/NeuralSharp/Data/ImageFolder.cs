using NeuralSharp.Kernels;
using NeuralSharp.Tensors;
using StbImageSharp;

namespace NeuralSharp.Data;

/// <summary>
/// Loads a labelled image set laid out as one sub-folder per class (<c>root/cat/1.png</c>, <c>root/dog/7.jpg</c>):
/// PNG, JPEG and BMP files (by extension, any case) are decoded, converted to grayscale or RGB, resized bilinearly
/// to width × height and scaled to [0, 1]. Class labels are the sub-folder names sorted ordinally.
/// </summary>
public static class ImageFolder
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp"];

    /// <summary>Loads every image under <paramref name="root"/>'s class sub-folders.</summary>
    /// <param name="root">Folder holding one sub-folder per class.</param>
    /// <param name="width">Output width in pixels.</param>
    /// <param name="height">Output height in pixels.</param>
    /// <param name="grayscale">One channel (luma) when true, else three (R, G, B).</param>
    public static ImageFolderData Load(string root, int width, int height, bool grayscale = false)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (!Directory.Exists(root))
        {
            throw new DataException("image folder not found", root);
        }

        string[] classDirs = Directory.GetDirectories(root);
        Array.Sort(classDirs, StringComparer.Ordinal);
        if (classDirs.Length == 0)
        {
            throw new DataException("no class sub-folders (expected one sub-folder of images per class)", root);
        }

        int channels = grayscale ? 1 : 3;
        long features = (long)width * height * channels;
        var classNames = new List<string>(classDirs.Length);
        var files = new List<(string File, int Label)>();
        int skipped = 0;
        foreach (string dir in classDirs)
        {
            int label = classNames.Count;
            classNames.Add(Path.GetFileName(dir));
            string[] entries = Directory.GetFiles(dir);
            Array.Sort(entries, StringComparer.Ordinal);
            int images = 0;
            foreach (string file in entries)
            {
                if (Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
                {
                    files.Add((file, label));
                    images++;
                }
                else
                {
                    skipped++;
                }
            }

            if (images == 0)
            {
                throw new DataException("class folder holds no images (.png, .jpg, .jpeg, .bmp)", dir);
            }
        }

        if (features * files.Count > Array.MaxLength)
        {
            throw new DataException($"{files.Count} images of {width}×{height}×{channels} are more than one tensor can hold", root);
        }

        var x = Tensor.Zeros(files.Count, (int)features);
        var y = Tensor.Zeros(files.Count, 1);
        Span<float> xs = x.Float32Span;
        Span<float> ys = y.Float32Span;
        for (int i = 0; i < files.Count; i++)
        {
            Decode(files[i].File, width, height, grayscale, xs.Slice(i * (int)features, (int)features));
            ys[i] = files[i].Label;
        }

        return new ImageFolderData(x, y, classNames, files.Select(f => f.File).ToArray(), skipped);
    }

    /// <summary>Decodes one image file into <paramref name="destination"/> (height × width × channels, [0, 1]).</summary>
    internal static void Decode(string file, int width, int height, bool grayscale, Span<float> destination)
    {
        ImageResult image;
        try
        {
            byte[] bytes = File.ReadAllBytes(file);
            image = ImageResult.FromMemory(bytes, grayscale ? ColorComponents.Grey : ColorComponents.RedGreenBlue);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new DataException($"cannot decode image: {ex.Message}", file, inner: ex);
        }

        int channels = grayscale ? 1 : 3;
        if (image is null || image.Data is null || image.Width <= 0 || image.Height <= 0
            || image.Data.Length < (long)image.Width * image.Height * channels)
        {
            throw new DataException("cannot decode image: decoder returned no pixels", file);
        }

        var pixels = new float[image.Width * image.Height * channels];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = image.Data[i] / 255f; // division, not × (1/255): exact for 0, 255 and correctly rounded
        }

        ImageResize.Bilinear(pixels, image.Width, image.Height, channels, destination, width, height);
    }
}
