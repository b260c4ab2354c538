using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralSharp.Models;
using NeuralSharp.Tensors;

namespace NeuralSharp.Serialization;

/// <summary>Writes the <c>.nsm</c> layout described on <see cref="ModelFile"/>, atomically.</summary>
internal static class ModelFileWriter
{
    internal static string LibraryVersion =>
        typeof(ModelFile).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>
    /// Header JSON options. Why the relaxed encoder: the default escapes '+', '&lt;', non-ASCII and more as \uXXXX for
    /// embedding in HTML, which a header never is; unescaped, a version such as <c>0.1.0+abc</c> or a label such as
    /// <c>virginica ✓</c> reads as written in the file and in anything that prints it.
    /// </summary>
    internal static readonly JsonSerializerOptions HeaderJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Save(string path, Sequential model, ModelFileContents contents)
    {
        byte[] header = BuildHeader(model, contents);
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        string temp = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Stream output = ModelFile.WrapWriteStream.Value?.Invoke(file) ?? file;
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                void Write(ReadOnlySpan<byte> bytes)
                {
                    output.Write(bytes);
                    hash.AppendData(bytes);
                }

                Span<byte> prefix = stackalloc byte[ModelFile.PrefixLength];
                ModelFile.Magic.CopyTo(prefix);
                BinaryPrimitives.WriteUInt32LittleEndian(prefix[8..], ModelFile.FormatVersion);
                BinaryPrimitives.WriteUInt64LittleEndian(prefix[12..], (ulong)header.Length);
                Write(prefix);
                Write(header);
                foreach (var parameter in model.Parameters)
                {
                    WriteFloats(parameter.Value.Float32Span, Write);
                }

                output.Write(hash.GetHashAndReset());
                output.Flush();
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new ModelFileException(path, $"cannot write: {e.Message}", e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static byte[] BuildHeader(Sequential model, ModelFileContents contents)
    {
        if (!model.IsBuilt)
        {
            throw new ArgumentException("The model must be built (and trained or initialized) before it is saved.", nameof(model));
        }

        if (model.DType != DType.Float32)
        {
            throw new ArgumentException($"Only float32 models can be saved; this model is {model.DType}.", nameof(model));
        }

        // Why: the loader refuses these files, so saving one would only move the error to the next run.
        if ((ModelFileChecks.Weights(model) ?? ModelFileChecks.Output(model) ?? ModelFileChecks.ClassLabels(model, contents.ClassLabels)) is string problem)
        {
            throw new ArgumentException($"The model cannot be saved: {problem}.", nameof(model));
        }

        var layers = new JsonArray();
        foreach (var layer in model.Layers)
        {
            if (!LayerRegistry.IsKnown(layer))
            {
                throw new ArgumentException(
                    $"Layer {layer.Name} of type {layer.GetType().Name} cannot be saved; model files hold {string.Join(", ", LayerRegistry.KnownTypes)} layers.",
                    nameof(model));
            }

            layers.Add(new JsonObject
            {
                ["type"] = layer.TypeName,
                ["name"] = layer.Name,
                ["config"] = LayerRegistry.GetConfig(layer),
            });
        }

        var tensors = new JsonObject();
        long offset = 0;
        foreach (var parameter in model.Parameters)
        {
            long length = (long)parameter.Value.Length * sizeof(float);
            tensors[parameter.Name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray([.. parameter.Value.Shape.Select(d => (JsonNode)JsonValue.Create(d))]),
                ["offset"] = offset,
                ["length"] = length,
            };
            offset += length;
        }

        JsonArray? labels = contents.ClassLabels is null
            ? null
            : new JsonArray([.. contents.ClassLabels.Select(l => (JsonNode?)JsonValue.Create(l ?? throw new ArgumentException("Class labels cannot be null.", nameof(contents))))]);
        var root = new JsonObject
        {
            ["format_version"] = ModelFile.FormatVersion,
            ["library_version"] = LibraryVersion,
            ["architecture"] = new JsonObject
            {
                ["layers"] = layers,
                ["input_shape"] = new JsonArray([.. model.InputShape.Select(d => (JsonNode)JsonValue.Create(d))]),
                ["loss"] = model.Loss?.Name,
                ["metrics"] = new JsonArray([.. model.Metrics.Select(m => (JsonNode)JsonValue.Create(m.Name))]),
            },
            ["tensors"] = tensors,
            ["preprocessing"] = contents.Preprocessing?.DeepClone(),
            ["class_labels"] = labels,
            ["metadata"] = contents.Metadata?.DeepClone(),
        };

        byte[] json = Encoding.UTF8.GetBytes(root.ToJsonString(HeaderJson));
        int padding = (8 - ((ModelFile.PrefixLength + json.Length) % 8)) % 8;
        if (padding == 0)
        {
            return json;
        }

        byte[] padded = new byte[json.Length + padding];
        json.CopyTo(padded, 0);
        padded.AsSpan(json.Length).Fill((byte)' ');
        return padded;
    }

    private static void WriteFloats(ReadOnlySpan<float> values, WriteBytes write)
    {
        if (BitConverter.IsLittleEndian)
        {
            write(MemoryMarshal.AsBytes(values));
            return;
        }

        Span<byte> chunk = stackalloc byte[4096];
        while (!values.IsEmpty)
        {
            int n = Math.Min(values.Length, chunk.Length / sizeof(float));
            for (int i = 0; i < n; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(chunk[(i * sizeof(float))..], values[i]);
            }

            write(chunk[..(n * sizeof(float))]);
            values = values[n..];
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private delegate void WriteBytes(ReadOnlySpan<byte> bytes);
}
