using System.Diagnostics;
using NeuralSharp.Tensors;

namespace NeuralSharp.Data;

/// <summary>
/// Zalando's Fashion-MNIST (60 000 training and 10 000 test 28×28 grayscale images, 10 classes) as shipped by
/// Debian's <c>dataset-fashion-mnist</c> package (<c>apt-get install dataset-fashion-mnist</c>), or any folder
/// holding the four IDX files (plain or gzipped).
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian installs the files.</summary>
    public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private static readonly string[] TrainImages = ["train-images-idx3-ubyte", "train-images.idx3-ubyte"];
    private static readonly string[] TrainLabels = ["train-labels-idx1-ubyte", "train-labels.idx1-ubyte"];
    private static readonly string[] TestImages = ["t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte"];
    private static readonly string[] TestLabels = ["t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte"];

    /// <summary>
    /// The folder holding the Fashion-MNIST files: <see cref="DebianDirectory"/>, else the folder that
    /// <c>dpkg -L dataset-fashion-mnist</c> lists them in; <see langword="null"/> when not found.
    /// </summary>
    public static string? Locate() => Locate([]);

    /// <summary>
    /// Loads the four files from <paramref name="directory"/> (or from <see cref="Locate()"/> when null): images are
    /// N × 784 with pixels in [0, 1], labels N × 1 class indices 0–9.
    /// </summary>
    public static (Tensor TrainX, Tensor TrainY, Tensor TestX, Tensor TestY) Load(string? directory = null)
    {
        if (directory is not null && !Complete(directory))
        {
            // Why: the caller named this folder, so say what is wrong with it; installing the package would not help.
            if (!Directory.Exists(directory))
            {
                throw new DataException(File.Exists(directory) ? "is a file, not a folder holding the Fashion-MNIST files" : "no such folder", directory);
            }

            var missing = new[] { TrainImages, TrainLabels, TestImages, TestLabels }.Where(names => Find(directory, names) is null).Select(names => $"{names[0]}(.gz)");
            throw new DataException($"missing {string.Join(", ", missing)}", directory);
        }

        var looked = new List<string>();
        string? dir = directory ?? Locate(looked);
        if (dir is null)
        {
            throw new DataException(
                $"Fashion-MNIST not found: install it with `apt-get install dataset-fashion-mnist` (looked in {string.Join(", ", looked)})");
        }

        (Tensor trainX, Tensor trainY) = IdxReader.LoadPair(Find(dir, TrainImages)!, Find(dir, TrainLabels)!);
        (Tensor testX, Tensor testY) = IdxReader.LoadPair(Find(dir, TestImages)!, Find(dir, TestLabels)!);
        return (trainX, trainY, testX, testY);
    }

    private static string? Locate(List<string> looked)
    {
        looked.Add(DebianDirectory);
        if (Complete(DebianDirectory))
        {
            return DebianDirectory;
        }

        foreach (string line in DpkgList())
        {
            string name = Path.GetFileName(line.Trim());
            if (Matches(name, TrainImages))
            {
                string? dir = Path.GetDirectoryName(line.Trim());
                if (dir is not null && !looked.Contains(dir))
                {
                    looked.Add(dir);
                    if (Complete(dir))
                    {
                        return dir;
                    }
                }
            }
        }

        return null;
    }

    private static bool Complete(string dir)
        => Find(dir, TrainImages) is not null && Find(dir, TrainLabels) is not null
        && Find(dir, TestImages) is not null && Find(dir, TestLabels) is not null;

    private static string? Find(string dir, string[] names)
    {
        foreach (string name in names)
        {
            foreach (string candidate in (string[])[name, name + ".gz"])
            {
                string path = Path.Combine(dir, candidate);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }

    private static bool Matches(string fileName, string[] names)
        => names.Any(n => fileName == n || fileName == n + ".gz");

    private static List<string> DpkgList()
    {
        var lines = new List<string>();
        try
        {
            var psi = new ProcessStartInfo("dpkg", "-L dataset-fashion-mnist")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using Process? p = Process.Start(psi);
            if (p is null)
            {
                return lines;
            }

            p.ErrorDataReceived += (_, _) => { };
            p.BeginErrorReadLine();
            string output = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(10_000))
            {
                p.Kill();
                return lines;
            }

            if (p.ExitCode == 0)
            {
                lines.AddRange(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            // dpkg is absent: nothing more to look at.
        }

        return lines;
    }
}
