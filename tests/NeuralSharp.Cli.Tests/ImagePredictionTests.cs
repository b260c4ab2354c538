using System.Globalization;
using NeuralSharp.Tests.Data;

namespace NeuralSharp.Cli.Tests;

/// <summary><c>predict</c> on new, unlabelled images (one file, a flat folder, any sub-folders), and the messages
/// for images that cannot be decoded and for data of the wrong kind for a model.</summary>
public sealed class ImagePredictionTests(ImageModelFixture model) : IClassFixture<ImageModelFixture>, IDisposable
{
    private readonly CliWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private void WriteModel() => File.WriteAllBytes(_ws.PathOf("img.nsm"), model.ModelBytes);

    /// <summary>An 8×8 grayscale PNG of horizontal or vertical stripes, or dark noise (the fixture's classes).</summary>
    private static byte[] Image(string kind)
    {
        var pixels = new byte[64];
        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 8; x++)
            {
                pixels[(y * 8) + x] = kind switch
                {
                    "horizontal" => (byte)(y % 2 == 0 ? 235 : 10),
                    "vertical" => (byte)(x % 2 == 0 ? 235 : 10),
                    _ => (byte)((x * y) % 30),
                };
            }
        }

        return TestImages.Png(8, 8, 1, pixels);
    }

    [Fact]
    public void A_flat_folder_of_new_images_gets_one_row_per_image_with_class_and_probabilities()
    {
        WriteModel();
        _ws.WriteBytes("new/h.png", Image("horizontal"));
        _ws.WriteBytes("new/v.png", Image("vertical"));
        _ws.WriteBytes("new/d.png", Image("dark"));

        CliResult r = _ws.Run("predict", "img.nsm", "new", "--probabilities");

        Assert.True(r.ExitCode == 0, r.ToString());
        string[] lines = r.OutputLines;
        Assert.Equal("file,class,p_dark,p_horizontal,p_vertical", lines[0]);
        Assert.Equal(["d.png,dark", "h.png,horizontal", "v.png,vertical"], lines.Skip(1).Select(l => string.Join(',', l.Split(',').Take(2))));
        foreach (string line in lines.Skip(1))
        {
            double sum = line.Split(',').Skip(2).Sum(p => double.Parse(p, CultureInfo.InvariantCulture));
            Assert.InRange(sum, 0.999, 1.001);
        }
    }

    [Fact]
    public void Sub_folders_that_are_not_classes_are_only_paths()
    {
        WriteModel();
        _ws.WriteBytes("new/any/h.png", Image("horizontal"));
        _ws.WriteBytes("new/dark/v.png", Image("vertical")); // a class name, but not this image's class: no matter
        _ws.WriteBytes("new/x/y/d.png", Image("dark"));

        CliResult r = _ws.Run("predict", "img.nsm", "new");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["file,class", "any/h.png,horizontal", "dark/v.png,vertical", "x/y/d.png,dark"], r.OutputLines);
    }

    [Fact]
    public void A_hidden_folder_is_skipped_with_a_warning_in_predict_and_in_train()
    {
        WriteModel();
        _ws.WriteBytes("new/h.png", Image("horizontal"));
        _ws.WriteBytes("new/.ipynb_checkpoints/h-checkpoint.png", Image("horizontal"));

        CliResult r = _ws.Run("predict", "img.nsm", "new");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["file,class", "h.png,horizontal"], r.OutputLines);
        Assert.Equal(["warning: new: skipped hidden folder '.ipynb_checkpoints' (names starting with '.' are not read)"], r.ErrorLines);

        // Training: the notebook's folder is not a third class.
        foreach (string kind in new[] { "horizontal", "vertical" })
        {
            for (int i = 0; i < 4; i++)
            {
                _ws.WriteBytes($"set/{kind}/{i}.png", Image(kind));
            }
        }

        _ws.WriteBytes("set/.ipynb_checkpoints/0-checkpoint.png", Image("dark"));
        CliResult trained = _ws.Run("train", "set", "--image-size", "8", "--epochs", "1", "-o", "set.nsm", "-q");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        Assert.Contains("warning: set: skipped hidden folder '.ipynb_checkpoints' (names starting with '.' are not read)", trained.ErrorLines);
        CliResult inspected = _ws.Run("inspect", "set.nsm");
        Assert.Contains("Classes (2): horizontal, vertical", inspected.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_image_file_is_predicted()
    {
        WriteModel();
        _ws.WriteBytes("photo.png", Image("vertical"));

        CliResult r = _ws.Run("predict", "img.nsm", "photo.png", "-o", "out.csv");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["file,class", "photo.png,vertical"], File.ReadAllLines(_ws.PathOf("out.csv")));
    }

    [Fact]
    public void A_truncated_image_fails_predict_with_one_clean_line_naming_it()
    {
        WriteModel();
        _ws.WriteBytes("new/h.png", Image("horizontal"));
        byte[] png = Image("vertical");
        _ws.WriteBytes("new/t.png", png[..(png.Length / 2)]);

        CliResult r = _ws.Run("predict", "img.nsm", "new");

        string line = CliRunner.AssertOneLineError(r, 1);
        Assert.Equal($"error: {Path.Combine("new", "t.png")}: cannot decode image: truncated or corrupt PNG data", line);
        Assert.Equal(string.Empty, r.Stdout);
    }

    [Fact]
    public void A_truncated_png_fails_training_with_a_readable_message()
    {
        ImageFolderEndToEndTests.WriteImages(_ws);
        byte[] png = File.ReadAllBytes(_ws.PathOf("images/dark/00.png"));
        _ws.WriteBytes("images/dark/t2.png", png[..(png.Length / 2)]);

        CliResult r = _ws.Run("train", "images", "--image-size", "8", "--epochs", "1", "-o", "m.nsm");

        string line = CliRunner.AssertOneLineError(r, 1);
        Assert.Equal($"error: {Path.Combine("images", "dark", "t2.png")}: cannot decode image: truncated or corrupt PNG data", line);
        Assert.DoesNotContain("\0", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.PathOf("m.nsm")));
    }

    [Theory]
    [InlineData("predict", "table.csv", "table.csv is not an image (.png, .jpg, .jpeg, .bmp), but this model was trained on images")]
    [InlineData("predict", "fashion-mnist", "'fashion-mnist' names the Fashion-MNIST data set, but this model was trained on an image folder")]
    [InlineData("evaluate", "photo.png", "photo.png is a file; evaluate needs labelled images: a folder with one sub-folder of images per class")]
    [InlineData("evaluate", "absent", "absent: no such file or folder")]
    public void Data_of_the_wrong_kind_for_an_image_model_says_what_is_wrong(string command, string data, string expected)
    {
        WriteModel();
        _ws.Write("table.csv", "a,b\n1,2\n");
        _ws.WriteBytes("photo.png", Image("dark"));

        string line = CliRunner.AssertOneLineError(_ws.Run(command, "img.nsm", data), 1);

        Assert.StartsWith("error: " + expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_still_needs_class_folders_the_model_knows()
    {
        WriteModel();
        _ws.WriteBytes("new/any/h.png", Image("horizontal"));

        string line = CliRunner.AssertOneLineError(_ws.Run("evaluate", "img.nsm", "new"), 1);

        Assert.Contains("class folder 'any' is not one of the model's classes", line, StringComparison.Ordinal);
    }
}

/// <summary>A model trained once on <see cref="ImageFolderEndToEndTests.WriteImages"/>'s 8×8 stripes and noise.</summary>
public sealed class ImageModelFixture
{
    public ImageModelFixture()
    {
        using var ws = new CliWorkspace();
        ImageFolderEndToEndTests.WriteImages(ws);
        CliResult r = ws.Run("train", "images", "--image-size", "8", "--epochs", "30", "--seed", "2", "--quiet", "--output", "img.nsm");
        Assert.True(r.ExitCode == 0, r.ToString());
        ModelBytes = File.ReadAllBytes(ws.PathOf("img.nsm"));
    }

    internal byte[] ModelBytes { get; }
}
