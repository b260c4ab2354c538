using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using NeuralSharp.Layers;
using NeuralSharp.Losses;
using NeuralSharp.Models;
using NeuralSharp.Optimizers;
using NeuralSharp.Serialization;
using NeuralSharp.Tensors;
using NeuralSharp.Training.Callbacks;

namespace NeuralSharp.Tests.Serialization;

/// <summary>Files whose checksum is valid but whose contents contradict each other: refused on load with one line
/// naming the file, and never written by <see cref="ModelFile.Save"/> in the first place.</summary>
public sealed class ModelFileConsistencyTests : ModelFileScratch
{
    private static readonly Lazy<byte[]> s_valid = new(ModelFileTestData.SavedBytes);

    [Theory]
    [InlineData(2, "class_labels has 2 labels but the 3-unit output needs 3, one per unit")]
    [InlineData(4, "class_labels has 4 labels but the 3-unit output needs 3, one per unit")]
    [InlineData(0, "class_labels has 0 labels but the 3-unit output needs 3, one per unit")]
    public void Class_labels_must_match_the_output_width(int count, string message)
    {
        var (header, data) = ModelFileTestData.Split(s_valid.Value);
        header["class_labels"] = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)$"c{i}")]);
        Assert.Equal(message, Refused(ModelFileTestData.Craft(header, data)).Detail);
    }

    [Fact]
    public void Class_labels_must_be_distinct()
    {
        var (header, data) = ModelFileTestData.Split(s_valid.Value);
        header["class_labels"] = new JsonArray("a", "b", "a");
        Assert.Equal("class_labels names 'a' twice", Refused(ModelFileTestData.Craft(header, data)).Detail);
    }

    [Fact]
    public void A_binary_sigmoid_output_needs_exactly_two_labels()
    {
        byte[] file = SaveBinary(["no", "yes"]);
        var (header, data) = ModelFileTestData.Split(file);
        Assert.Equal(["no", "yes"], Load(file).Contents.ClassLabels);

        header["class_labels"] = new JsonArray("no", "yes", "maybe");
        Assert.Equal("class_labels has 3 labels but a 1-unit output is a binary classifier and needs 2", Refused(ModelFileTestData.Craft(header, data)).Detail);

        header["class_labels"] = new JsonArray();
        Assert.Equal("class_labels has 0 labels but a 1-unit output is a binary classifier and needs 2", Refused(ModelFileTestData.Craft(header, data)).Detail);
    }

    [Fact]
    public void Softmax_over_a_single_unit_is_refused()
    {
        var (header, data) = ModelFileTestData.Split(SaveBinary(["no", "yes"]));
        header["architecture"]!["layers"]![1]!["config"]!["activation"] = "softmax";
        Assert.Equal("the output layer 'dense_1' applies softmax to a single unit, which always outputs 1", Refused(ModelFileTestData.Craft(header, data)).Detail);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void Non_finite_weights_are_refused(float value, string shown)
    {
        var (header, data) = ModelFileTestData.Split(s_valid.Value);
        int offset = (int)header["tensors"]!["dense_2.weight"]!["offset"]!.GetValue<long>();
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(offset + 12), value);
        Assert.Equal($"tensor dense_2.weight holds a non-finite value ({shown}) at element 3", Refused(ModelFileTestData.Craft(header, data)).Detail);
    }

    [Theory]
    [InlineData(-5, "invalid Dense config: 'units' must be a positive integer, not -5")]
    [InlineData(0, "invalid Dense config: 'units' must be a positive integer, not 0")]
    public void Units_must_be_positive_and_the_message_has_no_dotnet_text(int units, string message)
    {
        var (header, data) = ModelFileTestData.Split(s_valid.Value);
        header["architecture"]!["layers"]![1]!["config"]!["units"] = units;
        var error = Refused(ModelFileTestData.Craft(header, data));
        Assert.Equal($"layer 1 'dense_1': {message}", error.Detail);
        Assert.DoesNotContain("Parameter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_input_shape_with_a_zero_is_refused_without_dotnet_text()
    {
        var (header, data) = ModelFileTestData.Split(s_valid.Value);
        header["architecture"]!["layers"]![0]!["config"]!["shape"] = new JsonArray(0);
        header["architecture"]!["input_shape"] = new JsonArray(0);
        var error = Refused(ModelFileTestData.Craft(header, data));
        Assert.Equal("layer 0 'input_1': Input config 'shape' must be an array of positive integers", error.Detail);
    }

    [Fact]
    public void Save_refuses_labels_that_do_not_match_the_output()
    {
        var model = Binary();
        var error = Assert.Throws<ArgumentException>(() => ModelFile.Save(Path.Combine(Dir, "m.nsm"), model, new ModelFileContents { ClassLabels = ["a", "b", "c"] }));
        Assert.Contains("class_labels has 3 labels but a 1-unit output is a binary classifier and needs 2", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Dir));
    }

    [Fact]
    public void Save_refuses_non_finite_weights()
    {
        var model = Binary();
        model.Parameters[0].Value.Float32Span[1] = float.NaN;
        var error = Assert.Throws<ArgumentException>(() => ModelFile.Save(Path.Combine(Dir, "m.nsm"), model));
        Assert.Contains("tensor dense_1.weight holds a non-finite value (NaN) at element 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_header_is_written_unescaped()
    {
        string path = Path.Combine(Dir, "m.nsm");
        ModelFile.Save(path, Binary(), new ModelFileContents { ClassLabels = ["no", "yes ✓"], Metadata = new JsonObject { ["library_version"] = "0.1.0+abc<def>" } });
        string text = Encoding.UTF8.GetString(File.ReadAllBytes(path));
        Assert.Contains("\"library_version\":\"0.1.0+abc<def>\"", text, StringComparison.Ordinal);
        Assert.Contains("\"yes ✓\"", text, StringComparison.Ordinal);
        Assert.Equal("0.1.0+abc<def>", ModelFile.Load(path).Contents.Metadata!["library_version"]!.GetValue<string>());
    }

    [Fact]
    public void Early_stopping_reports_the_epoch_whose_weights_it_restored()
    {
        (Tensor x, Tensor y) = NeuralSharp.Data.SyntheticData.Blobs(samples: 60, classes: 2, features: 3, spread: 4, seed: 2);
        var model = new Sequential(new Input(3), new Dense(4, Activation.ReLU), new Dense(2, Activation.Softmax));
        model.Compile(Loss.CategoricalCrossEntropy, new Sgd(learningRate: 0.1));

        // A min_delta no loss can beat makes only the first epoch an improvement: stop after 2 more, restore epoch 0.
        var stopping = new EarlyStopping(patience: 2, monitor: "loss", minDelta: 1e9);
        var history = model.Fit(x, y, epochs: 20, batchSize: 0, seed: 1, callbacks: [stopping]);
        Assert.Equal(3, history.Epochs);
        Assert.Equal(0, stopping.BestEpoch);
        Assert.Equal(0, stopping.RestoredEpoch);

        var full = new EarlyStopping(patience: 100);
        model.Fit(x, y, epochs: 2, batchSize: 0, seed: 1, callbacks: [full]);
        Assert.Null(full.RestoredEpoch);
    }

    private static Sequential Binary()
    {
        var model = new Sequential(new Input(3), new Dense(1, Activation.Sigmoid));
        model.Build();
        model.Initialize(4);
        return model;
    }

    private byte[] SaveBinary(string[] labels)
    {
        string path = Path.Combine(Dir, Guid.NewGuid().ToString("N") + ".nsm");
        ModelFile.Save(path, Binary(), new ModelFileContents { ClassLabels = labels });
        byte[] bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }
}
