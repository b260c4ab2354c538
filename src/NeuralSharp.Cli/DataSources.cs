using System.Globalization;
using System.Text.Json.Nodes;
using NeuralSharp.Data;
using NeuralSharp.Tensors;

namespace NeuralSharp.Cli;

/// <summary>
/// Where data comes from: a CSV file, a folder of images with one sub-folder per class, or the name
/// <c>fashion-mnist</c> (Debian's <c>dataset-fashion-mnist</c>). Splits are seeded and, for classification,
/// stratified. Preprocessing is fitted on the training rows only.
/// </summary>
internal static class DataSources
{
    public const string FashionMnistName = "fashion-mnist";

    public static bool IsFashionMnist(string source) => source.Equals(FashionMnistName, StringComparison.OrdinalIgnoreCase);

    public static PreparedData ForTraining(TrainOptions o)
    {
        if (o.ValidationSplit is < 0 or >= 1)
        {
            throw new UsageException($"--validation-split must be in [0, 1), not {o.ValidationSplit.ToString(CultureInfo.InvariantCulture)}.");
        }

        bool images = IsFashionMnist(o.Data) || Directory.Exists(o.Data);
        WarnIgnored(o, images);
        if (IsFashionMnist(o.Data))
        {
            return FashionMnistData(o);
        }

        if (Directory.Exists(o.Data))
        {
            return ImageData(o);
        }

        if (!File.Exists(o.Data) && !CsvInput.IsStandardInput(o.Data))
        {
            throw new DataException($"no such file or folder (give a CSV file, an image folder, or '{FashionMnistName}')", o.Data);
        }

        return CsvTraining.Prepare(o);
    }

    /// <summary>A warning for each option given that does not apply to this kind of data (CSV options for images and
    /// the reverse): silently ignoring one would let a typo'd run pass for the intended one.</summary>
    private static void WarnIgnored(TrainOptions o, bool images)
    {
        var ignored = new List<string>();
        if (images)
        {
            AddIf(ignored, o.Target is not null, "--target");
            AddIf(ignored, o.Drop.Length > 0, "--drop");
            AddIf(ignored, o.Impute is not null, "--impute");
            AddIf(ignored, o.Scale != "standard", "--scale");
            AddIf(ignored, o.Delimiter is not null, "--delimiter");
            AddIf(ignored, o.Categorical.Length > 0, "--categorical");
            AddIf(ignored, o.Numeric.Length > 0, "--numeric");
            AddIf(ignored, o.Task is not null, "--task");
        }
        else
        {
            AddIf(ignored, o.ImageSize != 28, "--image-size");
            AddIf(ignored, o.Rgb, "--rgb");
        }

        if (IsFashionMnist(o.Data))
        {
            AddIf(ignored, o.ImageSize != 28, "--image-size");
            AddIf(ignored, o.Rgb, "--rgb");
            AddIf(ignored, o.Test is not null, "--test");
        }

        if (ignored.Count > 0)
        {
            CliErrors.Warn([$"{string.Join(", ", ignored)} {(ignored.Count == 1 ? "does" : "do")} not apply to {(IsFashionMnist(o.Data) ? "Fashion-MNIST" : images ? "an image folder" : "a CSV file")}; ignored"]);
        }

        static void AddIf(List<string> list, bool condition, string option)
        {
            if (condition)
            {
                list.Add(option);
            }
        }
    }

    /// <summary>Reads <paramref name="source"/> the way the model's training data was read. With
    /// <paramref name="needTargets"/> (evaluate) an image model needs labelled class folders; without it (predict)
    /// it takes one image or any folder of images, since folder names are only paths at prediction time.</summary>
    public static ModelInput ForModel(JsonObject? preprocessing, string source, bool needTargets)
    {
        string kind = preprocessing?["kind"]?.GetValue<string>() ?? throw new DataException("the model file has no preprocessing description, so raw data cannot be prepared for it");
        bool exists = File.Exists(source) || Directory.Exists(source);
        switch (kind)
        {
            case "csv":
                if (Directory.Exists(source))
                {
                    throw new DataException($"{source} is a folder, but this model was trained on CSV data; give a CSV file");
                }

                if (!exists && IsFashionMnist(source))
                {
                    throw new DataException($"'{source}' names the Fashion-MNIST data set, but this model was trained on CSV data; give a CSV file");
                }

                return CsvTraining.ForModel(preprocessing, source, needTargets);
            case "fashion-mnist":
                if (!IsFashionMnist(source))
                {
                    throw new UsageException($"this model was trained on Fashion-MNIST; give '{FashionMnistName}' as the data (its test set is used)");
                }

                var (_, _, testX, testY) = FashionMnist.Load();
                return new ModelInput(testX, testY, Enumerable.Range(1, testX.Rows).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList(), "index", [], ClassColumn);
            case "images":
                return ImagesForModel(preprocessing, source, needTargets, exists);
            default:
                throw new DataException($"the model's preprocessing kind '{kind}' is unknown to this version of neuralsharp");
        }
    }

    /// <summary>Name of the predicted-class column for image and Fashion-MNIST models, whose target has no column
    /// name of its own (a CSV model's column is named after its target).</summary>
    public const string ClassColumn = "class";

    private static ModelInput ImagesForModel(JsonObject preprocessing, string source, bool needTargets, bool exists)
    {
        string wanted = needTargets ? "a folder with one sub-folder of images per class" : "an image file or a folder of images";
        if (!exists && IsFashionMnist(source))
        {
            throw new DataException($"'{source}' names the Fashion-MNIST data set, but this model was trained on an image folder; give {wanted}");
        }

        if (File.Exists(source) && (needTargets || !ImageFolder.IsImageFile(source)))
        {
            throw new DataException(needTargets
                ? $"{source} is a file; evaluate needs labelled images: {wanted} (predict takes single images)"
                : $"{source} is not an image (.png, .jpg, .jpeg, .bmp), but this model was trained on images; give {wanted}");
        }

        if (!exists)
        {
            throw new DataException($"no such file or folder (give {wanted})", source);
        }

        int width = preprocessing["width"]!.GetValue<int>();
        int height = preprocessing["height"]!.GetValue<int>();
        bool grayscale = preprocessing["grayscale"]!.GetValue<bool>();
        var warnings = new List<string>();
        if (!needTargets)
        {
            UnlabelledImages unlabelled = ImageFolder.LoadUnlabelled(source, width, height, grayscale);
            warnings.AddRange(FolderWarnings(source, unlabelled.SkippedFiles, unlabelled.HiddenFolders));

            return new ModelInput(unlabelled.X, null, unlabelled.Files, "file", warnings, ClassColumn);
        }

        var images = ImageFolder.Load(source, width, height, grayscale);
        warnings.AddRange(FolderWarnings(source, images.SkippedFiles, images.HiddenFolders));

        var labels = preprocessing["class_labels"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
        Tensor y = RemapLabels(images.Y, images.ClassNames, labels, source);
        return new ModelInput(images.X, y, images.Files, "file", warnings, ClassColumn);
    }

    /// <summary>The warnings for what a folder of images held but was not read: files of other kinds, and hidden folders.</summary>
    private static IEnumerable<string> FolderWarnings(string source, int skippedFiles, IReadOnlyList<string> hiddenFolders)
    {
        if (skippedFiles > 0)
        {
            yield return $"{source}: skipped {skippedFiles} files that are not PNG, JPEG or BMP images";
        }

        if (hiddenFolders.Count > 0)
        {
            yield return HiddenWarning(source, hiddenFolders);
        }
    }

    /// <summary>The warning for folders left out because their names start with '.'.</summary>
    private static string HiddenWarning(string source, IReadOnlyList<string> folders) =>
        $"{source}: skipped hidden folder{(folders.Count == 1 ? string.Empty : "s")} {string.Join(", ", folders.Take(5).Select(f => $"'{f}'"))}{(folders.Count > 5 ? $" and {folders.Count - 5} more" : string.Empty)} (names starting with '.' are not read)";

    private static PreparedData FashionMnistData(TrainOptions o)
    {
        var (trainX, trainY, testX, testY) = FashionMnist.Load();
        var (train, validation) = SplitRows(trainY, o.ValidationSplit, o.Seed, stratify: true);
        return new PreparedData
        {
            TrainX = trainX.SelectRows(train),
            TrainY = trainY.SelectRows(train),
            ValidationX = validation.Length > 0 ? trainX.SelectRows(validation) : null,
            ValidationY = validation.Length > 0 ? trainY.SelectRows(validation) : null,
            TestX = testX,
            TestY = testY,
            Task = TargetTask.Classification,
            ClassLabels = FashionMnist.ClassNames,
            Preprocessing = new JsonObject { ["kind"] = "fashion-mnist", ["pixels"] = "scaled to [0, 1]" },
            Source = FashionMnistName,
        };
    }

    private static PreparedData ImageData(TrainOptions o)
    {
        if (o.ImageSize is < 1 or > 1024)
        {
            throw new UsageException($"--image-size must be between 1 and 1024, not {o.ImageSize}.");
        }

        var images = ImageFolder.Load(o.Data, o.ImageSize, o.ImageSize, grayscale: !o.Rgb);
        if (images.ClassNames.Count < 2)
        {
            throw new DataException($"found {images.ClassNames.Count} class folder; classification needs at least 2", o.Data);
        }

        var (train, validation) = SplitRows(images.Y, o.ValidationSplit, o.Seed, stratify: true);
        Tensor? testX = null, testY = null;
        if (o.Test is string testFolder)
        {
            // A labelled folder like the training one (class sub-folders among the training classes), read the same way.
            if (!Directory.Exists(testFolder))
            {
                throw new DataException(File.Exists(testFolder)
                    ? "--test: a file, but an image model is tested on a folder with one sub-folder of images per class"
                    : "--test: no such folder (for an image folder, give a folder with one sub-folder of images per class)", testFolder);
            }

            var test = ImageFolder.Load(testFolder, o.ImageSize, o.ImageSize, grayscale: !o.Rgb);
            if (test.SkippedFiles + test.UnplacedImages > 0)
            {
                CliErrors.Warn([$"{testFolder}: skipped {test.SkippedFiles} files that are not images and {test.UnplacedImages} images outside the class folders"]);
            }

            if (test.HiddenFolders.Count > 0)
            {
                CliErrors.Warn([HiddenWarning(testFolder, test.HiddenFolders)]);
            }

            (testX, testY) = (test.X, RemapLabels(test.Y, test.ClassNames, images.ClassNames, testFolder));
        }

        var data = new PreparedData
        {
            TrainX = images.X.SelectRows(train),
            TrainY = images.Y.SelectRows(train),
            ValidationX = validation.Length > 0 ? images.X.SelectRows(validation) : null,
            ValidationY = validation.Length > 0 ? images.Y.SelectRows(validation) : null,
            TestX = testX,
            TestY = testY,
            Task = TargetTask.Classification,
            ClassLabels = images.ClassNames,
            Preprocessing = new JsonObject
            {
                ["kind"] = "images",
                ["width"] = o.ImageSize,
                ["height"] = o.ImageSize,
                ["grayscale"] = !o.Rgb,
                ["class_labels"] = new JsonArray([.. images.ClassNames.Select(c => (JsonNode)c)]),
            },
            Source = Path.GetFullPath(o.Data),
        };
        data.Warnings.AddRange(FolderWarnings(o.Data, images.SkippedFiles, images.HiddenFolders));

        if (SplitShortfall(o.Data, o.ValidationSplit, images.X.Rows, validation.Length) is { } shortfall)
        {
            data.Warnings.Add(shortfall);
        }

        if (images.UnplacedImages > 0)
        {
            data.Warnings.Add($"{o.Data}: ignored {images.UnplacedImages} images outside the class folders (in the folder itself, or in folders inside a class folder); only each class folder's own images are used");
        }

        return data;
    }

    /// <summary>Seeded split of rows; stratified by the class index in <paramref name="y"/> when asked.</summary>
    internal static (int[] Train, int[] Validation) SplitRows(Tensor y, double fraction, ulong seed, bool stratify)
    {
        if (fraction <= 0)
        {
            return ([.. Enumerable.Range(0, y.Rows)], []);
        }

        int[]? groups = stratify ? [.. Enumerable.Range(0, y.Rows).Select(r => (int)y[r])] : null;
        var split = DataSplit.Split(y.Rows, fraction, seed, groups);
        RequireTrainingRows(split.Train, fraction, y.Rows);
        return split;
    }

    /// <summary>
    /// A warning when a stratified split held out far fewer rows than asked for (under three quarters of
    /// round(rows × fraction), when that is 4 or more): each class gives round(its rows × fraction), so classes of one
    /// or two rows give none, and a file of many rare classes can end with a validation set of one row.
    /// </summary>
    internal static string? SplitShortfall(string source, double fraction, int rows, int validation)
    {
        int asked = (int)Math.Round(rows * fraction, MidpointRounding.AwayFromZero);
        return fraction > 0 && asked >= 4 && validation * 4L < asked * 3L
            ? string.Create(CultureInfo.InvariantCulture,
                $"{source}: --validation-split {fraction} holds out {validation} rows, not the {asked} asked for: the split keeps each class's share, rounded to whole rows class by class, so small classes give fewer or none; the validation metrics rest on those rows alone")
            : null;
    }

    /// <summary>A usage error when the validation split leaves no training rows.</summary>
    internal static void RequireTrainingRows(int[] train, double fraction, int rows)
    {
        if (train.Length == 0)
        {
            throw new UsageException($"--validation-split {fraction.ToString(CultureInfo.InvariantCulture)} leaves no training rows out of {rows}.");
        }
    }

    /// <summary>Class indices of a folder read now, mapped to the indices the model was trained with.</summary>
    private static Tensor RemapLabels(Tensor y, IReadOnlyList<string> found, IReadOnlyList<string> trained, string source)
    {
        if (trained.Count == 0)
        {
            return y;
        }

        var map = new int[found.Count];
        var trainedList = trained.ToList();
        for (int i = 0; i < found.Count; i++)
        {
            map[i] = trainedList.IndexOf(found[i]);
            if (map[i] < 0)
            {
                throw new DataException($"class folder '{found[i]}' is not one of the model's classes ({string.Join(", ", trained)})", source);
            }
        }

        var result = Tensor.Zeros(y.Rows, 1);
        for (int r = 0; r < y.Rows; r++)
        {
            result[r] = map[(int)y[r]];
        }

        return result;
    }
}
