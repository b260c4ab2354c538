using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NeuralSharp.Data;
using NeuralSharp.Layers;
using NeuralSharp.Losses;
using NeuralSharp.Metrics;
using NeuralSharp.Models;
using NeuralSharp.Optimizers;
using NeuralSharp.Serialization;
using NeuralSharp.Tensors;

namespace NeuralSharp.Tests.Serialization;

/// <summary>A trained model to save, temporary directories, and a way to craft files with a valid checksum.</summary>
internal static class ModelFileTestData
{
    public static (Sequential Model, Tensor X, Tensor Y) TrainedClassifier()
    {
        (Tensor x, Tensor y) = SyntheticData.Blobs(samples: 120, classes: 3, features: 4, spread: 6, seed: 11);
        var model = new Sequential(
            new Input(4),
            new Dense(8, Activation.LeakyReLU(0.2)),
            new Dense(7, Activation.Tanh),
            new ActivationLayer(Activation.ELU(0.7)),
            new Dense(6, Activation.Sigmoid, useBias: false),
            new Dense(5, Activation.ReLU),
            new Dense(3),
            new ActivationLayer(Activation.Softmax));
        model.Compile(Loss.CategoricalCrossEntropy, new Adam(learningRate: 0.01), Metric.Accuracy, Metric.MacroF1);
        model.Fit(x, y, epochs: 5, batchSize: 16, seed: 3);
        return (model, x, y);
    }

    public static ModelFileContents Extras() => new()
    {
        ClassLabels = ["setosa", "versicolor", "virginica ✓"],
        Preprocessing = new JsonObject
        {
            ["kind"] = "standardize",
            ["mean"] = new JsonArray(0.5, -1.25, 3.0, 1e-7),
            ["std"] = new JsonArray(1.0, 2.0, 0.5, 4.0),
            ["columns"] = new JsonArray("a", "b", "c", "d"),
        },
        Metadata = new JsonObject
        {
            ["seed"] = 3,
            ["date"] = "2026-11-24T09:00:00Z",
            ["final_metrics"] = new JsonObject { ["loss"] = 0.123456789, ["accuracy"] = 0.975 },
        },
    };

    public static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "nsm-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A saved model file's bytes.</summary>
    public static byte[] SavedBytes()
    {
        string dir = TempDirectory();
        try
        {
            string path = Path.Combine(dir, "model.nsm");
            ModelFile.Save(path, TrainedClassifier().Model, Extras());
            return File.ReadAllBytes(path);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Splits a valid file into its JSON header and data region.</summary>
    public static (JsonObject Header, byte[] Data) Split(byte[] file)
    {
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(12));
        var header = (JsonObject)JsonNode.Parse(file.AsSpan(20, (int)headerLength))!;
        byte[] data = file[(20 + (int)headerLength)..^32];
        return (header, data);
    }

    /// <summary>A well-formed file (magic, version, lengths, checksum all valid) with any header and data.</summary>
    public static byte[] Craft(JsonNode header, byte[] data, uint version = 1, ulong? declaredHeaderLength = null) =>
        Craft(Encoding.UTF8.GetBytes(header.ToJsonString()), data, version, declaredHeaderLength);

    /// <summary>A file with a valid checksum around raw header bytes.</summary>
    public static byte[] Craft(byte[] json, byte[] data, uint version = 1, ulong? declaredHeaderLength = null)
    {
        var file = new List<byte>();
        file.AddRange("NSMODEL\0"u8.ToArray());
        byte[] number = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(number, version);
        file.AddRange(number[..4]);
        BinaryPrimitives.WriteUInt64LittleEndian(number, declaredHeaderLength ?? (ulong)json.Length);
        file.AddRange(number);
        file.AddRange(json);
        file.AddRange(data);
        file.AddRange(SHA256.HashData(file.ToArray()));
        return [.. file];
    }
}
