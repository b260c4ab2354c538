using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace NeuralSharp.Cli.Tests;

/// <summary>Model files whose checksum is valid but whose contents are inconsistent: every command refuses them
/// with one line naming the file, and never prints .NET's own exception text.</summary>
public sealed class ModelFileErrorTests(SmallModelFixture small) : IClassFixture<SmallModelFixture>, IDisposable
{
    private readonly CliWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Theory]
    [InlineData("three labels", "class_labels has 3 labels but a 1-unit output is a binary classifier and needs 2")]
    [InlineData("no labels", "class_labels has 0 labels but a 1-unit output is a binary classifier and needs 2")]
    [InlineData("junk preprocessing", "preprocessing has no 'kind' string (csv, images, fashion-mnist), so raw data cannot be prepared for it")]
    [InlineData("no preprocessing", "the model file has no preprocessing description (it was not saved by neuralsharp train), so raw data cannot be prepared for it")]
    [InlineData("one feature fewer", "preprocessing makes 3 features but the model's input has 4")]
    [InlineData("labels disagree", "class_labels (1, 0) differ from the preprocessing's target labels (0, 1)")]
    [InlineData("NaN weight", "tensor dense_1.weight holds a non-finite value (NaN) at element 0")]
    [InlineData("negative units", "layer 1 'dense_1': invalid Dense config: 'units' must be a positive integer, not -5")]
    [InlineData("preprocessor of the wrong type", "preprocessing: not a valid CSV preprocessor description (a value is missing or has the wrong type)")]
    [InlineData("a zero scale", "preprocessing: preprocessor feature 'x' has center 0 and scale 0; both must be finite and the scale above 0")]
    [InlineData("a negative scale", "preprocessing: preprocessor feature 'x' has center 0 and scale -5; both must be finite and the scale above 0")]
    [InlineData("a negative target std", "preprocessing: preprocessor target 'label' has center 0 and scale -1; both must be finite and the scale above 0")]
    [InlineData("a feature twice", "preprocessing: preprocessor lists feature 'x' twice")]
    [InlineData("a feature that is the target", "preprocessing: preprocessor's target 'label' is also one of its features")]
    [InlineData("a fill that is not a level", "preprocessing: preprocessor feature 'colour' has fill level 'purple', which is not one of its levels")]
    [InlineData("a level twice", "preprocessing: preprocessor feature 'colour' lists level 'red' twice")]
    [InlineData("images without a width", "preprocessing: an images description needs whole numbers 'width' and 'height' and a true/false 'grayscale'")]
    [InlineData("a null drop column", "preprocessing: a value has the wrong JSON type")]
    public void Predict_and_evaluate_refuse_an_inconsistent_model_file(string edit, string message)
    {
        _ws.Write("small.csv", ErrorTests.SmallCsv());
        string model = _ws.WriteBytes("bad.nsm", Craft(small.ModelBytes, edit));
        foreach (string command in new[] { "predict", "evaluate" })
        {
            string line = CliRunner.AssertOneLineError(_ws.Run(command, "bad.nsm", "small.csv"), 1);
            Assert.Equal($"error: bad.nsm: {message}", line);
        }

        Assert.True(File.Exists(model));
    }

    [Fact]
    public void Inspect_prints_the_library_version_unescaped()
    {
        _ws.WriteBytes("small.nsm", small.ModelBytes);
        foreach (string[] args in new[] { new[] { "inspect", "small.nsm" }, ["inspect", "small.nsm", "--json"] })
        {
            CliResult r = _ws.Run(args);
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.DoesNotContain("\\u00", r.Stdout, StringComparison.Ordinal);
            Assert.Matches("library_version\"?: \"0\\.1\\.0[+\"]", r.Stdout);
        }
    }

    [Fact]
    public void Early_stopping_records_the_losses_of_the_weights_it_saved()
    {
        _ws.Write("churn.csv", File.ReadAllText(Path.Combine(CliWorkspace.RepositoryRoot, "data", "churn.csv")));
        CliResult r = _ws.Run("train", "churn.csv", "--target", "exited", "--drop", "customer_id", "--epochs", "200", "--early-stopping", "1", "--lr", "0.05", "--json", "--output", "es.nsm");
        Assert.True(r.ExitCode == 0, r.ToString());
        var json = JsonNode.Parse(r.OutputLines[^1])!;
        int run = json["epochs_run"]!.GetValue<int>();
        int kept = json["weights_epoch"]!.GetValue<int>();
        Assert.True(kept < run, r.ToString());

        // The saved weights are the best epoch's: its losses, not the last epoch's, are recorded, and the
        // validation loss is the one the reported metrics were measured with.
        var meta = JsonNode.Parse(_ws.Run("inspect", "es.nsm", "--json").Stdout)!["metadata"]!;
        Assert.Equal(kept, meta["weights_epoch"]!.GetValue<int>());
        Assert.True(meta["best_weights_restored"]!.GetValue<bool>());
        Assert.Equal(meta["metrics"]!["loss"]!.GetValue<double>(), meta["validation_loss"]!.GetValue<double>(), 5);
        string epochLine = r.ErrorLines.Single(l => l.StartsWith($"epoch {kept,3}/", StringComparison.Ordinal));
        Assert.Contains($"loss {meta["train_loss"]!.GetValue<double>():0.0000} ", epochLine, StringComparison.Ordinal);
    }

    /// <summary>The model file with its header edited and the checksum recomputed, as a hand-edited file would be.</summary>
    private static JsonObject Feature(JsonObject preprocessing, string name) =>
        preprocessing["preprocessor"]!["features"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == name)!.AsObject();

    private static byte[] Craft(byte[] file, string edit)
    {
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(12));
        var header = JsonNode.Parse(file.AsSpan(20, (int)headerLength))!.AsObject();
        byte[] data = file[(20 + (int)headerLength)..^32];
        var pre = header["preprocessing"]!.AsObject();
        switch (edit)
        {
            case "three labels": header["class_labels"] = new JsonArray("0", "1", "2"); break;
            case "no labels": header["class_labels"] = new JsonArray(); break;
            case "junk preprocessing": header["preprocessing"] = new JsonObject { ["junk"] = 1 }; break;
            case "no preprocessing": header.Remove("preprocessing"); break;
            case "one feature fewer": pre["preprocessor"]!["features"]!.AsArray().RemoveAt(0); break;
            case "labels disagree": header["class_labels"] = new JsonArray("1", "0"); break;
            case "NaN weight": BinaryPrimitives.WriteSingleLittleEndian(data, float.NaN); break;
            case "negative units": header["architecture"]!["layers"]![1]!["config"]!["units"] = -5; break;
            case "preprocessor of the wrong type": pre["preprocessor"]!["features"] = 7; break;
            case "a zero scale": Feature(pre, "x")["center"] = 0; Feature(pre, "x")["scale"] = 0; break;
            case "a negative scale": Feature(pre, "x")["center"] = 0; Feature(pre, "x")["scale"] = -5; break;
            case "a negative target std": pre["preprocessor"]!["target"]!["mean"] = 0; pre["preprocessor"]!["target"]!["std"] = -1; break;
            case "a feature twice": Feature(pre, "colour")["name"] = "x"; break;
            case "a feature that is the target": Feature(pre, "x")["name"] = "label"; break;
            case "a fill that is not a level": Feature(pre, "colour")["fill"] = "purple"; break;
            case "a level twice": Feature(pre, "colour")["levels"] = new JsonArray("red", "red"); break;
            case "images without a width": header["preprocessing"] = new JsonObject { ["kind"] = "images", ["height"] = 2, ["grayscale"] = true }; break;
            case "a null drop column": pre["drop"] = new JsonArray((JsonNode?)null); break;
            default: throw new ArgumentException(edit, nameof(edit));
        }

        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var body = new List<byte>(file[..12]);
        body.AddRange(BitConverter.GetBytes((ulong)json.Length));
        body.AddRange(json);
        body.AddRange(data);
        body.AddRange(SHA256.HashData(body.ToArray()));
        return [.. body];
    }
}
