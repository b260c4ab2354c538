using System.Globalization;
using NeuralSharp.Kernels;
using NeuralSharp.Tensors;
using StbImageSharp;

namespace NeuralSharp.Data;

/// <summary>
/// Loads a labelled image set laid out as one sub-folder per class (<c>root/cat/1.png</c>, <c>root/dog/7.jpg</c>):
/// PNG, JPEG and BMP files (by extension, any case) are decoded, converted to grayscale or RGB, resized bilinearly
/// to width × height and scaled to [0, 1]. Class labels are the sub-folder names sorted ordinally; folders whose names
/// start with '.' (<c>.ipynb_checkpoints</c>, <c>.git</c>) are hidden, not classes, and are left out (as Keras does).
/// <see cref="LoadUnlabelled"/> reads new images the same way, without labels, for prediction.
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
        List<string> hidden = [.. classDirs.Where(IsHidden).Select(Path.GetFileName).OfType<string>()];
        classDirs = [.. classDirs.Where(d => !IsHidden(d))];
        if (classDirs.Length == 0)
        {
            throw new DataException(hidden.Count == 0
                ? "no class sub-folders (expected one sub-folder of images per class)"
                : $"no class sub-folders but hidden ones ({string.Join(", ", hidden)}), which are not read; expected one sub-folder of images per class", root);
        }

        var classNames = new List<string>(classDirs.Length);
        var files = new List<(string File, int Label)>();
        int skipped = 0;
        int unplaced = Directory.GetFiles(root).Count(IsImageFile);
        foreach (string dir in classDirs)
        {
            int label = classNames.Count;
            classNames.Add(Path.GetFileName(dir));
            string[] entries = Directory.GetFiles(dir);
            Array.Sort(entries, StringComparer.Ordinal);
            int images = 0;
            foreach (string file in entries)
            {
                if (IsImageFile(file))
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

            foreach (string inner in Directory.GetDirectories(dir))
            {
                if (IsHidden(inner))
                {
                    hidden.Add($"{Path.GetFileName(dir)}/{Path.GetFileName(inner)}"); // a class's notebook checkpoints
                    continue;
                }

                unplaced += Directory.EnumerateFiles(inner, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
                    .Count(IsImageFile);
            }
        }

        var x = DecodeAll([.. files.Select(f => f.File)], width, height, grayscale, root);
        var y = Tensor.Zeros(files.Count, 1);
        Span<float> ys = y.Float32Span;
        for (int i = 0; i < files.Count; i++)
        {
            ys[i] = files[i].Label;
        }

        hidden.Sort(StringComparer.Ordinal);
        return new ImageFolderData(x, y, classNames, files.Select(f => f.File).ToArray(), skipped, unplaced, hidden);
    }

    /// <summary>
    /// Loads images to predict on: one image file, or every image in a folder and all its sub-folders, whatever
    /// they are called. Unlike <see cref="Load"/>, folder names are not labels here, so new photos can sit flat in
    /// one folder or in any tree; each row is named by its path relative to <paramref name="path"/>.
    /// </summary>
    /// <param name="path">An image file (.png, .jpg, .jpeg, .bmp) or a folder.</param>
    /// <param name="width">Output width in pixels (the model's training size).</param>
    /// <param name="height">Output height in pixels.</param>
    /// <param name="grayscale">One channel (luma) when true, else three (R, G, B): as the model was trained.</param>
    /// <remarks>An image that cannot be decoded fails the whole load, as it does in <see cref="Load"/>: a prediction
    /// silently missing from the output is easier to overlook than an error naming the file.</remarks>
    public static UnlabelledImages LoadUnlabelled(string path, int width, int height, bool grayscale = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (File.Exists(path))
        {
            if (!IsImageFile(path))
            {
                throw new DataException("not an image file (expected .png, .jpg, .jpeg or .bmp, or a folder of them)", path);
            }

            var one = DecodeAll([path], width, height, grayscale, path);
            return new UnlabelledImages(one, [path], 0);
        }

        if (!Directory.Exists(path))
        {
            throw new DataException("no such image file or folder", path);
        }

        // Every file, hidden files included (as Load's Directory.GetFiles), in this folder and its sub-folders but the
        // hidden ones, linked folders too (as Load follows linked class folders), but each real folder once: a link to
        // a parent would otherwise repeat the tree forever.
        var names = new List<string>();
        var hiddenFolders = new List<string>();
        int skipped = 0;
        var folders = new Stack<string>([path]);
        var visited = new HashSet<string>(StringComparer.Ordinal) { SamePath.Resolve(path) };
        while (folders.Count > 0)
        {
            string folder = folders.Pop();
            foreach (string file in Directory.GetFiles(folder))
            {
                if (IsImageFile(file))
                {
                    names.Add(Relative(file));
                }
                else
                {
                    skipped++;
                }
            }

            foreach (string sub in Directory.GetDirectories(folder))
            {
                if (IsHidden(sub))
                {
                    hiddenFolders.Add(Relative(sub));
                }
                else if (visited.Add(SamePath.Resolve(sub)))
                {
                    folders.Push(sub);
                }
            }
        }

        if (names.Count == 0)
        {
            throw new DataException(hiddenFolders.Count == 0
                ? "no images (.png, .jpg, .jpeg, .bmp) in this folder or its sub-folders"
                : "no images (.png, .jpg, .jpeg, .bmp) in this folder or its sub-folders but hidden ones (names starting with '.'), which are not read", path);
        }

        names.Sort(StringComparer.Ordinal);
        hiddenFolders.Sort(StringComparer.Ordinal);
        var x = DecodeAll([.. names.Select(n => Path.Combine(path, n))], width, height, grayscale, path);
        return new UnlabelledImages(x, names, skipped, hiddenFolders);

        // A row's name: the path below the folder given, '/' between folders on every system.
        string Relative(string entry) => Path.GetRelativePath(path, entry).Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>Whether a folder's name starts with '.': a hidden folder, never read as images or a class.</summary>
    private static bool IsHidden(string folder) => Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)).StartsWith('.');

    /// <summary>Whether <paramref name="file"/> has one of the extensions read as an image (.png, .jpg, .jpeg, .bmp; any case).</summary>
    public static bool IsImageFile(string file) => Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase);

    /// <summary>Decodes <paramref name="files"/> into one N × (height·width·channels) tensor.</summary>
    private static Tensor DecodeAll(string[] files, int width, int height, bool grayscale, string source)
    {
        int channels = grayscale ? 1 : 3;
        long features = (long)width * height * channels;
        if (features * files.Length > Array.MaxLength)
        {
            throw new DataException($"{files.Length} images of {width}×{height}×{channels} are more than one tensor can hold", source);
        }

        var x = Tensor.Zeros(files.Length, (int)features);
        Span<float> xs = x.Float32Span;
        for (int i = 0; i < files.Length; i++)
        {
            Decode(files[i], width, height, grayscale, xs.Slice(i * (int)features, (int)features));
        }

        return x;
    }

    /// <summary>The most pixels an image may declare (64 megapixels: 8192×8192, or a 9000×7000 camera photo); decoding
    /// one takes about 12 bytes a pixel (RGB bytes, then floats).</summary>
    public const long MaxPixels = 64_000_000;

    /// <summary>Decodes one image file into <paramref name="destination"/> (height × width × channels, [0, 1]).</summary>
    internal static void Decode(string file, int width, int height, bool grayscale, Span<float> destination)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw DataException.CannotOpen(file, ex);
        }

        // The size from the header, before decoding: a 380 KB PNG can declare 20000×20000 pixels, which decoding
        // and converting to floats would hold as gigabytes before the resize.
        ImageInfo? info = null;
        try
        {
            info = ImageInfo.FromStream(new MemoryStream(bytes, writable: false));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not readable as a header: the decoder below says why.
        }

        if (info is { } header && Math.Abs((long)header.Width) * Math.Abs((long)header.Height) > MaxPixels) // a top-down BMP's height is negative
        {
            throw new DataException(string.Create(CultureInfo.InvariantCulture,
                $"{Math.Abs((long)header.Width)}×{Math.Abs((long)header.Height)} pixels is more than the {MaxPixels / 1_000_000} megapixels this reader decodes; downscale the image first"), file);
        }

        ImageResult image;
        try
        {
            image = ImageResult.FromMemory(bytes, grayscale ? ColorComponents.Grey : ColorComponents.RedGreenBlue);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new DataException(DecodeFailure(bytes, ex.Message), file, inner: ex);
        }

        int channels = grayscale ? 1 : 3;
        if (image is null || image.Data is null || image.Width <= 0 || image.Height <= 0
            || image.Data.Length < (long)image.Width * image.Height * channels)
        {
            throw new DataException(DecodeFailure(bytes, null), file);
        }

        var pixels = new float[image.Width * image.Height * channels];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = image.Data[i] / 255f; // division, not × (1/255): exact for 0, 255 and correctly rounded
        }

        ImageResize.Bilinear(pixels, image.Width, image.Height, channels, destination, width, height);
    }

    /// <summary>
    /// Why the decoder failed, in words. StbImageSharp's own message is often a buffer of NUL bytes (a truncated
    /// PNG gives hundreds), so it is quoted only when it is short printable text; the format comes from the file's
    /// signature, not its extension, because that is what the decoder went by.
    /// </summary>
    internal static string DecodeFailure(ReadOnlySpan<byte> bytes, string? decoderMessage)
    {
        if (bytes.IsEmpty)
        {
            return "cannot decode image: the file is empty";
        }

        string? format = bytes.StartsWith(PngSignature) ? "PNG"
            : bytes.StartsWith(JpegSignature) ? "JPEG"
            : bytes.StartsWith("BM"u8) ? "BMP"
            : null;
        if (format is null)
        {
            return "cannot decode image: not PNG, JPEG or BMP data (the file starts with none of their signatures)";
        }

        string reason = decoderMessage?.Trim() ?? string.Empty;
        bool readable = reason.Length is > 0 and <= 80 && reason.All(c => c is >= ' ' and <= '~');
        return $"cannot decode image: truncated or corrupt {format} data{(readable ? $" ({reason})" : string.Empty)}";
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8];
}
