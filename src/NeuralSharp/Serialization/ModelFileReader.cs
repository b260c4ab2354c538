using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralSharp.Models;
using NeuralSharp.Tensors;

namespace NeuralSharp.Serialization;

/// <summary>
/// Reads the <c>.nsm</c> layout described on <see cref="ModelFile"/>. Checks run in this order, each before any
/// allocation it would justify: magic, version, header length, checksum, header JSON, architecture (known layer
/// types only), tensor table against the architecture and the data region; then weights are read.
/// </summary>
internal sealed partial class ModelFileReader(string path, FileStream stream)
{
    private readonly long _fileLength = stream.Length;

    public LoadedModel Read()
    {
        long headerLength = ReadPrefix();
        VerifyChecksum();
        long dataStart = ModelFile.PrefixLength + headerLength;
        long dataLength = _fileLength - ModelFile.ChecksumLength - dataStart;
        byte[] headerBytes = new byte[headerLength];
        stream.Position = ModelFile.PrefixLength;
        stream.ReadExactly(headerBytes);
        try
        {
            return ReadModel(headerBytes, dataStart, dataLength);
        }
        catch (InvalidDataException e)
        {
            throw Fail(e.Message, e);
        }
        catch (ArgumentException e)
        {
            throw Fail($"invalid header: {LayerRegistry.WithoutParameterSuffix(e)}", e);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or OverflowException or NotSupportedException or KeyNotFoundException)
        {
            throw Fail($"invalid header: {e.Message}", e);
        }
    }

    private long ReadPrefix()
    {
        if (_fileLength == 0)
        {
            throw Fail("not a NeuralSharp model file (empty file)");
        }

        Span<byte> prefix = stackalloc byte[ModelFile.PrefixLength];
        int got = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        int magicBytes = Math.Min(got, ModelFile.Magic.Length);
        if (!prefix[..magicBytes].SequenceEqual(ModelFile.Magic[..magicBytes]))
        {
            throw Fail("not a NeuralSharp model file (bad magic)");
        }

        long minimum = ModelFile.PrefixLength + ModelFile.ChecksumLength;
        if (_fileLength < minimum)
        {
            throw Fail($"truncated: {_fileLength} bytes, but a model file has at least {minimum}");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
        if (version != ModelFile.FormatVersion)
        {
            throw Fail($"unsupported format version {version} (this library reads version {ModelFile.FormatVersion})");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix[12..]);
        long remaining = _fileLength - minimum;
        if (headerLength > (ulong)remaining)
        {
            throw Fail($"truncated: header declares {headerLength} bytes but only {remaining} remain");
        }

        if (headerLength > ModelFile.MaxHeaderLength)
        {
            throw Fail($"header declares {headerLength} bytes, more than the {ModelFile.MaxHeaderLength}-byte limit");
        }

        return (long)headerLength;
    }

    private void VerifyChecksum()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[1 << 16];
        stream.Position = 0;
        long left = _fileLength - ModelFile.ChecksumLength;
        while (left > 0)
        {
            int n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n == 0)
            {
                throw Fail("truncated while reading (the file changed?)");
            }

            hash.AppendData(buffer, 0, n);
            left -= n;
        }

        Span<byte> stored = stackalloc byte[ModelFile.ChecksumLength];
        stream.ReadExactly(stored);
        if (!hash.GetHashAndReset().AsSpan().SequenceEqual(stored))
        {
            throw Fail("checksum mismatch (file corrupt or truncated)");
        }
    }

    private LoadedModel ReadModel(byte[] headerBytes, long dataStart, long dataLength)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(headerBytes, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw Fail($"header is not valid JSON ({e.Message})", e);
        }

        JsonObject root = Object(parsed, "header");
        int formatVersion = Value<int>(root, "format_version");
        if (formatVersion != ModelFile.FormatVersion)
        {
            throw Fail($"header format_version {formatVersion} does not match the file's version {ModelFile.FormatVersion}");
        }

        string libraryVersion = Value<string>(root, "library_version");
        JsonObject architecture = Object(root["architecture"], "architecture");
        var (layers, expected) = ReadLayers(architecture);
        var tensors = ReadTensors(Object(root["tensors"], "tensors"), expected, dataLength);

        var model = new Sequential(layers);
        model.Build(DType.Float32);
        var weights = new Tensor[model.Parameters.Count];
        for (int i = 0; i < weights.Length; i++)
        {
            var parameter = model.Parameters[i];
            var (offset, _) = tensors[parameter.Name];
            weights[i] = Tensor.Zeros(parameter.Value.Shape, DType.Float32);
            stream.Position = dataStart + offset;
            ReadFloats(weights[i].Float32Span);
        }

        model.SetWeights(weights);
        var contents = new ModelFileContents
        {
            Preprocessing = OptionalObject(root, "preprocessing"),
            ClassLabels = ReadLabels(root),
            Metadata = OptionalObject(root, "metadata"),
        };

        // Why: a valid checksum only proves the bytes are as written; a header edited and re-hashed, or written by
        // another tool, must still describe a usable model before anything predicts with it.
        if ((ModelFileChecks.Weights(model) ?? ModelFileChecks.Output(model) ?? ModelFileChecks.ClassLabels(model, contents.ClassLabels)) is string problem)
        {
            throw Fail(problem);
        }

        Compile(model, architecture);
        return new LoadedModel(model, contents, formatVersion, libraryVersion);
    }

    private void ReadFloats(Span<float> destination)
    {
        stream.ReadExactly(MemoryMarshal.AsBytes(destination));
        if (!BitConverter.IsLittleEndian)
        {
            Span<int> raw = MemoryMarshal.Cast<float, int>(destination);
            BinaryPrimitives.ReverseEndianness(raw, raw);
        }
    }

    private ModelFileException Fail(string detail, Exception? inner = null) => new(path, detail, inner);
}
