using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NeuralSharp.Layers;
using NeuralSharp.Losses;
using NeuralSharp.Models;
using NeuralSharp.Optimizers;
using NeuralSharp.Serialization;
using NeuralSharp.Tensors;

namespace NeuralSharp.Tests.Serialization;

/// <summary>Saving and loading <c>.nsm</c> model files: round trips, layout, atomic saves.</summary>
public sealed class ModelFileTests : IDisposable
{
    private readonly string _dir = ModelFileTestData.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Round_trip_gives_bitwise_identical_predictions_and_keeps_every_part()
    {
        var (model, x, y) = ModelFileTestData.TrainedClassifier();
        ModelFileContents extras = ModelFileTestData.Extras();
        string path = Path.Combine(_dir, "model.nsm");

        ModelFile.Save(path, model, extras);
        LoadedModel loaded = ModelFile.Load(path);

        float[] expected = model.Predict(x).ToArray();
        float[] actual = loaded.Model.Predict(x).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(actual[i]));
        }

        Assert.Equal(model.Layers.Count, loaded.Model.Layers.Count);
        for (int i = 0; i < model.Layers.Count; i++)
        {
            Assert.Equal(model.Layers[i].GetType(), loaded.Model.Layers[i].GetType());
            Assert.Equal(model.Layers[i].Name, loaded.Model.Layers[i].Name);
            Assert.Equal(model.Layers[i].GetConfig(), loaded.Model.Layers[i].GetConfig());
        }

        Assert.Equal(Activation.LeakyReLU(0.2), ((Dense)loaded.Model.Layers[1]).Activation);
        Assert.Equal(Activation.ELU(0.7), ((ActivationLayer)loaded.Model.Layers[3]).Activation);
        Assert.Null(((Dense)loaded.Model.Layers[4]).Bias);
        Assert.Equal(Activation.Softmax, ((ActivationLayer)loaded.Model.Layers[^1]).Activation);

        Assert.Equal("categorical_crossentropy", loaded.Model.Loss?.Name);
        Assert.IsType<Adam>(loaded.Model.Optimizer);
        Assert.Equal(["accuracy", "macro_f1"], loaded.Model.Metrics.Select(m => m.Name));
        Evaluation before = model.Evaluate(x, y);
        Evaluation after = loaded.Model.Evaluate(x, y);
        Assert.Equal(before.Loss, after.Loss);
        Assert.Equal(before["accuracy"], after["accuracy"]);
        Assert.Equal(before["macro_f1"], after["macro_f1"]);

        Assert.Equal(extras.ClassLabels, loaded.Contents.ClassLabels);
        Assert.True(JsonNode.DeepEquals(extras.Preprocessing, loaded.Contents.Preprocessing));
        Assert.True(JsonNode.DeepEquals(extras.Metadata, loaded.Contents.Metadata));
        Assert.Equal(1, loaded.FormatVersion);
        Assert.Equal(typeof(ModelFile).Assembly.GetName().Version!.ToString(3), loaded.LibraryVersion);
    }

    [Fact]
    public void The_file_has_the_documented_layout()
    {
        byte[] file = ModelFileTestData.SavedBytes();

        Assert.Equal("NSMODEL\0"u8.ToArray(), file[..8]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(8)));
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(12));
        Assert.Equal(0ul, (20 + headerLength) % 8);
        Assert.Equal(SHA256.HashData(file.AsSpan(0, file.Length - 32)), file[^32..]);

        var (header, data) = ModelFileTestData.Split(file);
        Assert.Equal(1, (int)header["format_version"]!);
        Assert.NotNull((string?)header["library_version"]);
        JsonObject architecture = header["architecture"]!.AsObject();
        Assert.Equal(["Input", "Dense", "Dense", "Activation", "Dense", "Dense", "Dense", "Activation"],
            architecture["layers"]!.AsArray().Select(l => (string)l!["type"]!));
        Assert.Equal(0.2, (double)architecture["layers"]![1]!["config"]!["alpha"]!);
        Assert.Equal("[4]", architecture["input_shape"]!.ToJsonString());
        Assert.Equal("categorical_crossentropy", (string?)architecture["loss"]);
        Assert.Equal("[\"accuracy\",\"macro_f1\"]", architecture["metrics"]!.ToJsonString());

        long expectedOffset = 0;
        foreach (var (name, tensor) in header["tensors"]!.AsObject())
        {
            Assert.Equal("F32", (string)tensor!["dtype"]!);
            Assert.Equal(expectedOffset, (long)tensor["offset"]!);
            long elements = tensor["shape"]!.AsArray().Aggregate(1L, (n, d) => n * (long)d!);
            Assert.Equal(elements * 4, (long)tensor["length"]!);
            expectedOffset += elements * 4;
        }

        Assert.Equal("[4,8]", header["tensors"]!["dense_1.weight"]!["shape"]!.ToJsonString());
        Assert.Null(header["tensors"]!["dense_3.bias"]);
        Assert.NotNull(header["tensors"]!["dense_4.bias"]);
        Assert.Equal(expectedOffset, data.Length);
        Assert.Equal(3, header["class_labels"]!.AsArray().Count);
    }

    [Fact]
    public void A_model_that_was_never_compiled_round_trips_without_a_loss()
    {
        var model = new Sequential(new Input(3, 2), new Dense(4, Activation.Tanh), new Dense(2));
        model.Build();
        model.Initialize(9);
        var x = Tensor.FromArray([.. Enumerable.Range(0, 30).Select(i => (float)Math.Sin(i))], 5, 3, 2);
        string path = Path.Combine(_dir, "plain.nsm");

        ModelFile.Save(path, model);
        LoadedModel loaded = ModelFile.Load(path);

        Assert.Null(loaded.Model.Loss);
        Assert.Null(loaded.Contents.ClassLabels);
        Assert.Null(loaded.Contents.Preprocessing);
        Assert.Null(loaded.Contents.Metadata);
        Assert.Equal(new Shape(3, 2), loaded.Model.InputShape);
        Assert.Equal(model.Predict(x).ToArray(), loaded.Model.Predict(x).ToArray());
    }

    [Fact]
    public void Saving_over_an_existing_file_replaces_it()
    {
        string path = Path.Combine(_dir, "model.nsm");
        var (first, x, _) = ModelFileTestData.TrainedClassifier();
        ModelFile.Save(path, first, ModelFileTestData.Extras());
        var second = new Sequential(new Input(4), new Dense(2, Activation.Sigmoid));
        second.Build();
        second.Initialize(1);

        ModelFile.Save(path, second, new ModelFileContents { ClassLabels = ["no", "yes"] });

        LoadedModel loaded = ModelFile.Load(path);
        Assert.Equal(2, loaded.Model.Layers.Count);
        Assert.Equal(["no", "yes"], loaded.Contents.ClassLabels);
        Assert.Equal(second.Predict(x).ToArray(), loaded.Model.Predict(x).ToArray());
        Assert.Equal(["model.nsm"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(1000)]
    public void A_save_that_fails_midway_leaves_the_previous_file_intact(long failAfterBytes)
    {
        string path = Path.Combine(_dir, "model.nsm");
        var (model, x, _) = ModelFileTestData.TrainedClassifier();
        ModelFile.Save(path, model, ModelFileTestData.Extras());
        byte[] before = File.ReadAllBytes(path);
        var other = new Sequential(new Input(4), new Dense(64, Activation.ReLU), new Dense(3, Activation.Softmax));
        other.Build();
        other.Initialize(2);

        ModelFile.WrapWriteStream.Value = s => new FailingStream(s, failAfterBytes);
        ModelFileException error;
        try
        {
            error = Assert.Throws<ModelFileException>(() => ModelFile.Save(path, other, ModelFileContents.Empty));
        }
        finally
        {
            ModelFile.WrapWriteStream.Value = null;
        }

        Assert.StartsWith(path + ": cannot write: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["model.nsm"], Directory.GetFiles(_dir).Select(Path.GetFileName));
        Assert.Equal(model.Predict(x).ToArray(), ModelFile.Load(path).Model.Predict(x).ToArray());
    }

    [Fact]
    public void A_model_with_a_layer_files_cannot_hold_is_refused_and_the_previous_file_kept()
    {
        string path = Path.Combine(_dir, "model.nsm");
        ModelFile.Save(path, ModelFileTestData.TrainedClassifier().Model);
        byte[] before = File.ReadAllBytes(path);
        var custom = new Sequential(new Input(4), new Dense(3), new Doubler());
        custom.Build();

        var error = Assert.Throws<ArgumentException>(() => ModelFile.Save(path, custom));

        Assert.Contains("Doubler", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Float64_and_unbuilt_models_are_refused()
    {
        var wide = new Sequential(new Input(2), new Dense(1));
        wide.Build(DType.Float64);
        var unbuilt = new Sequential(new Input(2), new Dense(1));

        Assert.Contains("float32", Assert.Throws<ArgumentException>(() => ModelFile.Save(Path.Combine(_dir, "a.nsm"), wide)).Message, StringComparison.Ordinal);
        Assert.Contains("built", Assert.Throws<ArgumentException>(() => ModelFile.Save(Path.Combine(_dir, "b.nsm"), unbuilt)).Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Loading_a_missing_file_says_so()
    {
        string path = Path.Combine(_dir, "absent.nsm");
        var error = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));
        Assert.Equal(path + ": no such file", error.Message);

        string inMissingDir = Path.Combine(_dir, "nowhere", "model.nsm");
        Assert.StartsWith(inMissingDir + ": no such file", Assert.Throws<ModelFileException>(() => ModelFile.Load(inMissingDir)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_a_folder_says_it_is_a_folder_rather_than_access_denied()
    {
        var error = Assert.Throws<ModelFileException>(() => ModelFile.Load(_dir));
        Assert.Equal(_dir + ": is a folder, not a model file", error.Message);
    }

    /// <summary>Writes through to a file until <c>failAfter</c> bytes, then fails like a full disk.</summary>
    private sealed class FailingStream(Stream inner, long failAfter) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            long room = failAfter - _written;
            if (buffer.Length > room)
            {
                inner.Write(buffer[..(int)Math.Max(0, room)]);
                inner.Flush();
                throw new IOException("No space left on device (simulated)");
            }

            inner.Write(buffer);
            _written += buffer.Length;
        }
    }

    /// <summary>A layer type model files do not know.</summary>
    private sealed class Doubler : Layer
    {
        public override string TypeName => "Doubler";

        public override Tensor Forward(Tensor input, bool training) => input;

        public override Tensor Backward(Tensor outputGradient) => outputGradient;

        protected override Shape OnBuild(Shape inputShape, BuildContext context) => inputShape;
    }
}
