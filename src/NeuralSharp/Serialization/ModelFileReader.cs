using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralSharp.Layers;
using NeuralSharp.Losses;
using NeuralSharp.Metrics;
using NeuralSharp.Models;
using NeuralSharp.Optimizers;
using NeuralSharp.Tensors;

namespace NeuralSharp.Serialization;

/// <summary>
/// Reads the <c>.nsm</c> layout described on <see cref="ModelFile"/>. Checks run in this order, each before any
/// allocation it would justify: magic, version, header length, checksum, header JSON, architecture (known layer
/// types only), tensor table against the architecture and the data region; then weights are read.
/// </summary>
internal sealed class ModelFileReader(string path, FileStream stream)
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
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
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
        Compile(model, architecture);

        var contents = new ModelFileContents
        {
            Preprocessing = OptionalObject(root, "preprocessing"),
            ClassLabels = ReadLabels(root),
            Metadata = OptionalObject(root, "metadata"),
        };
        return new LoadedModel(model, contents, formatVersion, libraryVersion);
    }

    private (Layer[] Layers, Dictionary<string, long[]> Parameters) ReadLayers(JsonObject architecture)
    {
        if (architecture["layers"] is not JsonArray list || list.Count == 0)
        {
            throw Fail("header: architecture.layers must be a non-empty array");
        }

        var layers = new Layer[list.Count];
        var names = new HashSet<string>(StringComparer.Ordinal);
        var expected = new Dictionary<string, long[]>(StringComparer.Ordinal);
        long[]? shape = null;
        for (int i = 0; i < layers.Length; i++)
        {
            JsonObject spec = Object(list[i], $"architecture.layers[{i}]");
            string type = Value<string>(spec, "type");
            string name = Value<string>(spec, "name");
            string where = $"layer {i} '{name}'";
            if (name.Length == 0 || !names.Add(name))
            {
                throw Fail($"{where}: layer names must be unique and non-empty");
            }

            try
            {
                layers[i] = LayerRegistry.Create(type, Object(spec["config"], $"{where} config"));
            }
            catch (InvalidDataException e)
            {
                throw Fail($"{where}: {e.Message}", e);
            }

            if ((i == 0) != (layers[i] is Input))
            {
                throw Fail($"{where}: the first layer, and only the first, must be an Input");
            }

            layers[i].Name = name;
            var parameters = new List<(string Suffix, long[] Shape)>();
            try
            {
                shape = LayerRegistry.InferShapes(layers[i], shape, parameters);
            }
            catch (InvalidDataException e)
            {
                throw Fail($"{where}: {e.Message}", e);
            }

            foreach (var (suffix, parameterShape) in parameters)
            {
                expected[$"{name}.{suffix}"] = parameterShape;
            }
        }

        if (layers.Length < 2)
        {
            throw Fail("header: the architecture has an Input but no layers after it");
        }

        if (architecture["input_shape"] is JsonArray inputShape)
        {
            long[] declared = ReadShape(inputShape, "architecture.input_shape");
            long[] actual = [.. ((Input)layers[0]).Shape.Select(d => (long)d)];
            if (!declared.AsSpan().SequenceEqual(actual))
            {
                throw Fail($"header: architecture.input_shape {Format(declared)} does not match the Input layer's {Format(actual)}");
            }
        }

        return (layers, expected);
    }

    private Dictionary<string, (long Offset, long Length)> ReadTensors(JsonObject table, Dictionary<string, long[]> expected, long dataLength)
    {
        var result = new Dictionary<string, (long Offset, long Length)>(StringComparer.Ordinal);
        foreach (var (name, node) in table)
        {
            if (!expected.TryGetValue(name, out long[]? needed))
            {
                throw Fail($"tensor {name} is not a parameter of the architecture");
            }

            JsonObject entry = Object(node, $"tensor {name}");
            string dtype = Value<string>(entry, "dtype");
            if (dtype != "F32")
            {
                throw Fail($"tensor {name} has dtype {dtype}; only F32 is supported");
            }

            if (entry["shape"] is not JsonArray shapeNode)
            {
                throw Fail($"tensor {name}: shape must be an array");
            }

            long[] shape = ReadShape(shapeNode, $"tensor {name} shape");
            if (!shape.AsSpan().SequenceEqual(needed))
            {
                throw Fail($"tensor {name} declares shape {Format(shape)} but the architecture needs {Format(needed)}");
            }

            long offset = Value<long>(entry, "offset");
            long length = Value<long>(entry, "length");
            long bytes = LayerRegistry.ElementCount(needed) * sizeof(float);
            if (length != bytes)
            {
                throw Fail($"tensor {name} declares {length} bytes but shape {Format(shape)} of F32 needs {bytes}");
            }

            if (offset < 0 || offset > dataLength || length > dataLength - offset)
            {
                throw Fail($"tensor {name} at offset {offset} with {length} bytes lies outside the {dataLength}-byte data region");
            }

            result[name] = (offset, length);
        }

        foreach (var name in expected.Keys)
        {
            if (!result.ContainsKey(name))
            {
                throw Fail($"tensor {name} is missing");
            }
        }

        long end = 0;
        string? previous = null;
        foreach (var (name, (offset, length)) in result.OrderBy(t => t.Value.Offset).ThenBy(t => t.Value.Length))
        {
            if (offset < end)
            {
                throw Fail($"tensor {name} overlaps tensor {previous}");
            }

            if (offset > end)
            {
                throw Fail($"the data region has {offset - end} unused bytes before tensor {name}");
            }

            end = offset + length;
            previous = name;
        }

        if (end != dataLength)
        {
            throw Fail($"the data region has {dataLength} bytes but the tensors use {end}");
        }

        return result;
    }

    private void Compile(Sequential model, JsonObject architecture)
    {
        JsonNode? lossNode = architecture["loss"];
        if (lossNode is null)
        {
            return;
        }

        string lossName = lossNode is JsonValue v && v.TryGetValue(out string? s) ? s : throw Fail("header: architecture.loss must be a string or null");
        Loss loss;
        try
        {
            loss = Loss.FromName(lossName);
        }
        catch (ArgumentException e)
        {
            throw Fail($"unknown loss '{lossName}'", e);
        }

        var metrics = new List<Metric>();
        if (architecture["metrics"] is JsonArray names)
        {
            foreach (var node in names)
            {
                string name = node is JsonValue m && m.TryGetValue(out string? n) ? n : throw Fail("header: architecture.metrics must be an array of names");
                try
                {
                    metrics.Add(Metric.FromName(name));
                }
                catch (ArgumentException e)
                {
                    throw Fail($"unknown metric '{name}'", e);
                }
            }
        }
        else if (architecture["metrics"] is not null)
        {
            throw Fail("header: architecture.metrics must be an array of names");
        }

        model.Compile(loss, new Adam(), [.. metrics]);
    }

    private string[]? ReadLabels(JsonObject root)
    {
        JsonNode? node = root["class_labels"];
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray array)
        {
            throw Fail("header: class_labels must be an array of strings or null");
        }

        var labels = new string[array.Count];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = array[i] is JsonValue v && v.TryGetValue(out string? s) ? s : throw Fail("header: class_labels must be an array of strings or null");
        }

        return labels;
    }

    private JsonObject? OptionalObject(JsonObject root, string key)
    {
        JsonNode? node = root[key];
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject obj)
        {
            throw Fail($"header: {key} must be an object or null");
        }

        JsonObject copy = (JsonObject)obj.DeepClone();
        return copy;
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

    private long[] ReadShape(JsonArray array, string what)
    {
        if (array.Count > 32)
        {
            throw Fail($"header: {what} has {array.Count} dimensions");
        }

        var shape = new long[array.Count];
        for (int i = 0; i < shape.Length; i++)
        {
            shape[i] = array[i] is JsonValue v && v.TryGetValue(out long d) && d >= 0 ? d : throw Fail($"header: {what} must be an array of non-negative integers");
        }

        return shape;
    }

    private JsonObject Object(JsonNode? node, string what) =>
        node as JsonObject ?? throw Fail($"header: {what} must be an object");

    private T Value<T>(JsonObject obj, string key)
    {
        if (obj[key] is JsonValue v && v.TryGetValue(out T? value) && value is not null)
        {
            return value;
        }

        throw Fail($"header: '{key}' is missing or not a {typeof(T).Name.ToLowerInvariant()}");
    }

    private static string Format(long[] shape) => "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    private ModelFileException Fail(string detail, Exception? inner = null) => new(path, detail, inner);
}
