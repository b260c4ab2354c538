using NeuralSharp.Data;
using static NeuralSharp.Tests.Data.TestImages;

namespace NeuralSharp.Tests.Data;

public sealed class ImageFolderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32("123456789"u8));
    }

    [Fact]
    public void An_image_declaring_too_many_pixels_is_refused_before_decoding()
    {
        // A 1×1 PNG whose header (IHDR, bytes 16–23, CRC at 29) is rewritten to declare 20000×20000 pixels.
        byte[] png = Png(1, 1, 1, [0]);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 20_000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 20_000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        _dir.Write("huge/a/big.png", png);
        _dir.Write("huge/b/small.png", Png(1, 1, 1, [0]));

        var e = Assert.Throws<DataException>(() => ImageFolder.Load(_dir.File("huge"), 1, 1, grayscale: true));
        Assert.EndsWith("big.png: 20000×20000 pixels is more than the 64 megapixels this reader decodes; downscale the image first", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hidden_folders_are_neither_classes_nor_images_to_predict_and_are_reported()
    {
        byte[] pixel = [9];
        _dir.Write("set/cat/a.png", Png(1, 1, 1, pixel));
        _dir.Write("set/dog/b.png", Png(1, 1, 1, pixel));
        _dir.Write("set/.ipynb_checkpoints/a-checkpoint.png", Png(1, 1, 1, pixel)); // a notebook's copy
        _dir.Write("set/cat/.ipynb_checkpoints/a-checkpoint.png", Png(1, 1, 1, pixel)); // and one inside a class
        Directory.CreateDirectory(_dir.File("set/.git"));

        ImageFolderData data = ImageFolder.Load(_dir.File("set"), 1, 1, grayscale: true);
        Assert.Equal(["cat", "dog"], data.ClassNames);
        Assert.Equal(2, data.X.Rows);
        Assert.Equal([".git", ".ipynb_checkpoints", "cat/.ipynb_checkpoints"], data.HiddenFolders);
        Assert.Equal(0, data.UnplacedImages);

        UnlabelledImages images = ImageFolder.LoadUnlabelled(_dir.File("set"), 1, 1, grayscale: true);
        Assert.Equal(["cat/a.png", "dog/b.png"], images.Files);
        Assert.Equal([".git", ".ipynb_checkpoints", "cat/.ipynb_checkpoints"], images.HiddenFolders);

        _dir.Write("only/.hidden/a.png", Png(1, 1, 1, pixel));
        var e = Assert.Throws<DataException>(() => ImageFolder.Load(_dir.File("only"), 1, 1, grayscale: true));
        Assert.Contains("no class sub-folders but hidden ones (.hidden)", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<DataException>(() => ImageFolder.LoadUnlabelled(_dir.File("only"), 1, 1, grayscale: true));
        Assert.Contains("but hidden ones (names starting with '.')", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_outside_the_class_folders_are_counted_as_unplaced()
    {
        byte[] pixel = [9];
        _dir.Write("set/cat/a.png", Png(1, 1, 1, pixel));
        _dir.Write("set/dog/b.png", Png(1, 1, 1, pixel));
        _dir.Write("set/stray.png", Png(1, 1, 1, pixel));
        _dir.Write("set/dog/puppies/c.png", Png(1, 1, 1, pixel));
        _dir.Write("set/readme.txt", [1]);

        ImageFolderData data = ImageFolder.Load(_dir.File("set"), 1, 1, grayscale: true);

        Assert.Equal(2, data.X.Rows);
        Assert.Equal(2, data.UnplacedImages);
        Assert.Equal(2, ImageFolder.Load(_dir.File("set") + "//", 1, 1, grayscale: true).UnplacedImages); // however the root is spelled
    }

    [Fact]
    public void Loads_png_and_bmp_with_labels_from_sorted_folder_names()
    {
        byte[] red = [255, 0, 0, 255, 0, 0];     // 2×1 RGB
        byte[] mixed = [0, 51, 102, 255, 255, 255];
        _dir.Write("b/one.png", Png(2, 1, 3, red));
        _dir.Write("a/two.BMP", Bmp(2, 1, mixed));
        _dir.Write("a/notes.txt", [1, 2, 3]);
        _dir.Write("B/three.PNG", Png(2, 1, 3, mixed));

        ImageFolderData data = ImageFolder.Load(_dir.Path, width: 2, height: 1);

        Assert.Equal(["B", "a", "b"], data.ClassNames); // ordinal: upper case first
        Assert.Equal(1, data.SkippedFiles);
        Assert.Equal(3, data.X.Rows);
        Assert.Equal(6, data.X.RowSize);
        Assert.Equal([0f, 1f, 2f], data.Y.ToArray());
        Assert.EndsWith("three.PNG", data.Files[0], StringComparison.Ordinal);
        float[] expectedMixed = mixed.Select(b => b / 255f).ToArray();
        Assert.Equal(expectedMixed, data.X.Row(0));
        Assert.Equal(expectedMixed, data.X.Row(1)); // BMP decodes to the same RGB
        Assert.Equal(red.Select(b => b / 255f).ToArray(), data.X.Row(2));
    }

    [Fact]
    public void Grayscale_gives_one_channel_rgb_three()
    {
        byte[] gray = [0, 0, 0, 102, 102, 102, 255, 255, 255]; // 3×1, r = g = b so luma is exact
        _dir.Write("c/g.png", Png(3, 1, 3, gray));

        var (x1, _, _) = ImageFolder.Load(_dir.Path, 3, 1, grayscale: true);
        var (x3, _, _) = ImageFolder.Load(_dir.Path, 3, 1, grayscale: false);

        Assert.Equal(3, x1.RowSize);
        Assert.Equal([0f, 102 / 255f, 1f], x1.Row(0));
        Assert.Equal(9, x3.RowSize);
        Assert.Equal(gray.Select(b => b / 255f).ToArray(), x3.Row(0));
    }

    [Fact]
    public void A_4x4_image_is_resized_bilinearly_to_2x2()
    {
        byte[] pixels = Enumerable.Range(0, 16).Select(i => (byte)(i * 10)).ToArray();
        _dir.Write("k/img.png", Png(4, 4, 1, pixels));

        var (x, _, _) = ImageFolder.Load(_dir.Path, 2, 2, grayscale: true);

        // 2×2 block means of 0,10,…,150: 25, 45, 105, 125
        float[] expected = [25 / 255f, 45 / 255f, 105 / 255f, 125 / 255f];
        float[] actual = x.Row(0);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i], actual[i], 5);
        }
    }

    [Fact]
    public void Channels_are_last_when_resizing_rgb()
    {
        // 2×2 RGB: every pixel (r, g, b) = (v, 255 − v, 7); downscale to 1×1 averages each channel separately.
        byte[] pixels = [0, 255, 7, 100, 155, 7, 200, 55, 7, 40, 215, 7];
        _dir.Write("k/rgb.bmp", Bmp(2, 2, pixels));

        var (x, _, _) = ImageFolder.Load(_dir.Path, 1, 1);

        Assert.Equal(85 / 255f, x[0, 0], 5);
        Assert.Equal(170 / 255f, x[0, 1], 5);
        Assert.Equal(7 / 255f, x[0, 2], 5);
    }

    [Fact]
    public void Missing_folder_is_an_error()
    {
        string path = _dir.File("absent");
        var ex = Assert.Throws<DataException>(() => ImageFolder.Load(path, 2, 2));
        Assert.Equal($"{path}: image folder not found", ex.Message);
    }

    [Fact]
    public void A_folder_without_class_sub_folders_is_an_error()
    {
        _dir.Write("loose.png", Png(1, 1, 1, [5]));
        var ex = Assert.Throws<DataException>(() => ImageFolder.Load(_dir.Path, 2, 2));
        Assert.Contains("no class sub-folders", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_class_folder_without_images_is_an_error_naming_it()
    {
        _dir.Write("good/a.png", Png(1, 1, 1, [5]));
        _dir.Write("empty/readme.md", [65]);
        var ex = Assert.Throws<DataException>(() => ImageFolder.Load(_dir.Path, 2, 2));
        Assert.StartsWith(_dir.File("empty") + ": ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no images", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_image_is_an_error_naming_the_file()
    {
        _dir.Write("good/a.png", Png(1, 1, 1, [5]));
        string bad = _dir.Write("good/b.jpg", [0xFF, 0xD8, 0x00, 0x11, 0x22, 0x33, 0x44]);
        var ex = Assert.Throws<DataException>(() => ImageFolder.Load(_dir.Path, 2, 2));
        Assert.StartsWith(bad + ": cannot decode image", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void A_truncated_png_is_named_in_words_without_the_decoders_bytes()
    {
        byte[] png = Png(16, 16, 3, [.. Enumerable.Range(0, 768).Select(i => (byte)(i * 7))]);
        _dir.Write("good/a.png", Png(1, 1, 1, [5]));
        string bad = _dir.Write("good/t.png", png[..(png.Length / 2)]);

        var ex = Assert.Throws<DataException>(() => ImageFolder.Load(_dir.Path, 2, 2));

        // StbImageSharp's own message here is a run of NUL bytes; it must not reach the user.
        Assert.Equal($"{bad}: cannot decode image: truncated or corrupt PNG data", ex.Message);
    }

    [Theory]
    [InlineData(new byte[0], "cannot decode image: the file is empty")]
    [InlineData(new byte[] { (byte)'h', (byte)'i', 0, 1, 2 }, "cannot decode image: not PNG, JPEG or BMP data (the file starts with none of their signatures)")]
    public void Empty_and_foreign_files_say_what_they_are(byte[] bytes, string expected)
    {
        string bad = _dir.Write("c/x.png", bytes);
        var ex = Assert.Throws<DataException>(() => ImageFolder.Load(_dir.Path, 2, 2));
        Assert.Equal($"{bad}: {expected}", ex.Message);
    }

    [Fact]
    public void A_decoder_message_is_quoted_only_when_it_is_short_printable_text()
    {
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0];
        Assert.Equal("cannot decode image: truncated or corrupt PNG data (bad IHDR len)", ImageFolder.DecodeFailure(png, "bad IHDR len"));
        Assert.Equal("cannot decode image: truncated or corrupt PNG data", ImageFolder.DecodeFailure(png, "\0\0\0"));
        Assert.Equal("cannot decode image: truncated or corrupt JPEG data", ImageFolder.DecodeFailure([0xFF, 0xD8, 0xFF], new string('\0', 300)));
        Assert.Equal("cannot decode image: truncated or corrupt BMP data", ImageFolder.DecodeFailure("BM"u8, "\u001b[31mred"));
    }

    [Fact]
    public void Unlabelled_images_do_not_follow_a_linked_folder_back_up_the_tree()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _dir.Write("loop/a/x.png", Png(2, 2, 1, [1, 2, 3, 4]));
        Directory.CreateSymbolicLink(_dir.File("loop/a/up"), "..");
        UnlabelledImages images = ImageFolder.LoadUnlabelled(_dir.File("loop"), 2, 2, grayscale: true);
        Assert.Equal(["a/x.png"], images.Files);

        // Links to folders elsewhere are followed, each real folder once.
        _dir.Write("elsewhere/cat/c.png", Png(2, 2, 1, [5, 6, 7, 8]));
        Directory.CreateDirectory(_dir.File("links"));
        Directory.CreateSymbolicLink(_dir.File("links/cats"), _dir.File("elsewhere/cat"));
        Directory.CreateSymbolicLink(_dir.File("links/again"), _dir.File("elsewhere/cat"));
        Assert.Single(ImageFolder.LoadUnlabelled(_dir.File("links"), 2, 2, grayscale: true).Files);
    }

    [Fact]
    public void Unlabelled_images_are_read_flat_from_any_sub_folders_and_as_one_file()
    {
        byte[] dark = [10, 20, 30, 40], light = [200, 210, 220, 230];
        _dir.Write("new/b.png", Png(2, 2, 1, light));
        _dir.Write("new/a.PNG", Png(2, 2, 1, dark));
        _dir.Write("new/any/deeper/c.bmp", Bmp(2, 2, [.. dark.SelectMany(v => new[] { v, v, v })]));
        _dir.Write("new/notes.txt", [65]);

        UnlabelledImages images = ImageFolder.LoadUnlabelled(_dir.File("new"), 2, 2, grayscale: true);

        Assert.Equal(["a.PNG", "any/deeper/c.bmp", "b.png"], images.Files); // relative, '/', ordinal order
        Assert.Equal(1, images.SkippedFiles);
        Assert.Equal(3, images.X.Rows);
        Assert.Equal(dark.Select(b => b / 255f).ToArray(), images.X.Row(0));
        Assert.Equal(dark.Select(b => b / 255f).ToArray(), images.X.Row(1));
        Assert.Equal(light.Select(b => b / 255f).ToArray(), images.X.Row(2));

        string single = _dir.File("new/b.png");
        UnlabelledImages one = ImageFolder.LoadUnlabelled(single, 2, 2, grayscale: true);
        Assert.Equal([single], one.Files);
        Assert.Equal(images.X.Row(2), one.X.Row(0));
    }

    [Fact]
    public void Unlabelled_loading_names_what_is_missing_or_wrong()
    {
        _dir.Write("empty/readme.md", [65]);
        string text = _dir.Write("table.csv", [65]);
        string bad = _dir.Write("broken/x.png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]);

        Assert.Contains("no images", Assert.Throws<DataException>(() => ImageFolder.LoadUnlabelled(_dir.File("empty"), 2, 2)).Message, StringComparison.Ordinal);
        Assert.StartsWith(text + ": not an image file", Assert.Throws<DataException>(() => ImageFolder.LoadUnlabelled(text, 2, 2)).Message, StringComparison.Ordinal);
        Assert.StartsWith(_dir.File("absent") + ": no such", Assert.Throws<DataException>(() => ImageFolder.LoadUnlabelled(_dir.File("absent"), 2, 2)).Message, StringComparison.Ordinal);
        // A readable decoder reason is kept: here "(first not IHDR)".
        Assert.StartsWith($"{bad}: cannot decode image: truncated or corrupt PNG data (", Assert.Throws<DataException>(() => ImageFolder.LoadUnlabelled(_dir.File("broken"), 2, 2)).Message, StringComparison.Ordinal);
    }
}
