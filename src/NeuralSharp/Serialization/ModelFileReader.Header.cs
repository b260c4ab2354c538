using System.Globalization;
using System.Text.Json.Nodes;
using NeuralSharp.Layers;
using NeuralSharp.Losses;
using NeuralSharp.Metrics;
using NeuralSharp.Models;
using NeuralSharp.Optimizers;

namespace NeuralSharp.Serialization;

/// <summary>Interpreting the JSON header: layers through the registry, the tensor table checked against the
/// architecture before any allocation, loss and metrics, class labels.</summary>
internal sealed partial class ModelFileReader
{
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
}
