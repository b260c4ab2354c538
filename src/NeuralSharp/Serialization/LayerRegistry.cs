using System.Globalization;
using System.Text.Json.Nodes;
using NeuralSharp.Initializers;
using NeuralSharp.Layers;

namespace NeuralSharp.Serialization;

/// <summary>
/// The layer types a model file may hold, and how each maps to and from its <c>type</c> + <c>config</c>.
/// Only these types are ever created when loading: a file cannot name a type to instantiate.
/// </summary>
public static class LayerRegistry
{
    /// <summary>The <see cref="Layer.TypeName"/> of every layer type that can be saved and loaded.</summary>
    public static IReadOnlyList<string> KnownTypes { get; } = ["Input", "Dense", "Activation"];

    /// <summary>Whether <paramref name="layer"/> is of a type that model files can hold.</summary>
    public static bool IsKnown(Layer layer) => layer is Input or Dense or ActivationLayer;

    /// <summary>The layer's configuration (from <see cref="Layer.GetConfig"/>) as JSON.</summary>
    /// <exception cref="NotSupportedException">A configuration value is not a number, string, boolean or int array.</exception>
    public static JsonObject GetConfig(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var config = new JsonObject();
        foreach (var (key, value) in layer.GetConfig())
        {
            config[key] = value switch
            {
                int i => JsonValue.Create(i),
                long l => JsonValue.Create(l),
                double d => JsonValue.Create(d),
                float f => JsonValue.Create(f),
                bool b => JsonValue.Create(b),
                string s => JsonValue.Create(s),
                int[] a => new JsonArray([.. a.Select(x => (JsonNode)JsonValue.Create(x))]),
                _ => throw new NotSupportedException($"Layer {layer.Name}: config value '{key}' of type {value?.GetType().Name ?? "null"} cannot be saved."),
            };
        }

        return config;
    }

    /// <summary>A new layer of type <paramref name="type"/> configured by <paramref name="config"/>.</summary>
    /// <exception cref="InvalidDataException">The type is unknown, or the configuration is missing, unknown or invalid.</exception>
    public static Layer Create(string type, JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        try
        {
            return type switch
            {
                "Input" => CreateInput(config),
                "Dense" => CreateDense(config),
                "Activation" => CreateActivation(config),
                _ => throw new InvalidDataException($"unknown layer type '{type}' (known: {string.Join(", ", KnownTypes)})"),
            };
        }
        catch (ArgumentException e)
        {
            // Why: the constructors' messages end in .NET's "(Parameter 'x')" suffix, which is not for end users;
            // the checks below catch every value they refuse, so this is only a safety net.
            throw new InvalidDataException($"invalid {type} config: {WithoutParameterSuffix(e)}", e);
        }
    }

    /// <summary>
    /// The per-example output shape of <paramref name="layer"/> (not built) for input shape <paramref name="input"/>,
    /// adding the shape of each parameter it will create to <paramref name="parameters"/> (suffix, shape), without
    /// allocating them.
    /// </summary>
    internal static long[] InferShapes(Layer layer, long[]? input, List<(string Suffix, long[] Shape)> parameters)
    {
        switch (layer)
        {
            case Input i:
                return [.. i.Shape.Select(d => (long)d)];
            case Dense d:
                {
                    long fanIn = ElementCount(input ?? throw new InvalidDataException("Dense layer has no input"));
                    if (fanIn > int.MaxValue)
                    {
                        throw new InvalidDataException($"Dense layer has {fanIn} inputs, more than {int.MaxValue}");
                    }

                    parameters.Add(("weight", [fanIn, d.Units]));
                    if (d.UseBias)
                    {
                        parameters.Add(("bias", [d.Units]));
                    }

                    return [d.Units];
                }

            case ActivationLayer:
                return input ?? throw new InvalidDataException("Activation layer has no input");
            default:
                throw new InvalidDataException($"unknown layer type '{layer.TypeName}'");
        }
    }

    /// <summary>Product of <paramref name="shape"/>; throws when it overflows a long.</summary>
    internal static long ElementCount(long[] shape)
    {
        long n = 1;
        try
        {
            foreach (long d in shape)
            {
                n = checked(n * d);
            }
        }
        catch (OverflowException)
        {
            throw new InvalidDataException($"shape [{string.Join(", ", shape)}] has too many elements");
        }

        return n;
    }

    private static Input CreateInput(JsonObject config)
    {
        CheckKeys(config, "Input", "shape");
        if (config["shape"] is not JsonArray shape)
        {
            throw new InvalidDataException("Input config 'shape' must be an array of positive integers");
        }

        var dims = new int[shape.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = shape[i] is JsonValue v && v.TryGetValue(out int d) && d > 0 ? d : throw new InvalidDataException("Input config 'shape' must be an array of positive integers");
        }

        if (dims.Length == 0)
        {
            throw new InvalidDataException("Input config 'shape' must be an array of positive integers, not []");
        }

        return new Input(dims);
    }

    private static Dense CreateDense(JsonObject config)
    {
        CheckKeys(config, "Dense", "units", "activation", "alpha", "use_bias", "weight_initializer", "bias_initializer");
        int units = Required<int>(config, "Dense", "units");
        if (units < 1)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"invalid Dense config: 'units' must be a positive integer, not {units}"));
        }

        Activation activation = ReadActivation(config, "Dense");
        bool useBias = Optional(config, "Dense", "use_bias", true);

        // Initializers only matter for re-initialisation; names that cannot be rebuilt (e.g. "constant") fall back to defaults.
        Initializer weights = ReadInitializer(config, "Dense", "weight_initializer") ?? activation.DefaultInitializer;
        Initializer bias = ReadInitializer(config, "Dense", "bias_initializer") ?? Initializer.Zeros;
        return new Dense(units, activation, weights, bias, useBias);
    }

    private static ActivationLayer CreateActivation(JsonObject config)
    {
        CheckKeys(config, "Activation", "activation", "alpha");
        return new ActivationLayer(ReadActivation(config, "Activation"));
    }

    private static Activation ReadActivation(JsonObject config, string type)
    {
        string name = Optional(config, type, "activation", "linear");
        double? alpha = config.ContainsKey("alpha") ? Required<double>(config, type, "alpha") : null;
        if (alpha is double a && !double.IsFinite(a))
        {
            throw new InvalidDataException($"{type} config 'alpha' must be finite");
        }

        if (!Activation.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"unknown activation '{name}' (known: {string.Join(", ", Activation.Names)})");
        }

        return Activation.FromName(name, alpha);
    }

    /// <summary>An <see cref="ArgumentException"/>'s message without the "(Parameter 'x')" and "Actual value was" text .NET appends.</summary>
    internal static string WithoutParameterSuffix(ArgumentException e)
    {
        string message = e.Message.ReplaceLineEndings(" ");
        int cut = e.ParamName is null ? -1 : message.IndexOf($" (Parameter '{e.ParamName}')", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).Trim();
    }

    private static Initializer? ReadInitializer(JsonObject config, string type, string key)
    {
        if (!config.ContainsKey(key))
        {
            return null;
        }

        string name = Required<string>(config, type, key);
        try
        {
            return Initializer.FromName(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static void CheckKeys(JsonObject config, string type, params string[] known)
    {
        foreach (var (key, _) in config)
        {
            if (Array.IndexOf(known, key) < 0)
            {
                throw new InvalidDataException($"unknown {type} config key '{key}' (known: {string.Join(", ", known)})");
            }
        }
    }

    private static T Required<T>(JsonObject config, string type, string key)
    {
        if (config[key] is JsonValue v && v.TryGetValue(out T? value) && value is not null)
        {
            return value;
        }

        throw new InvalidDataException($"{type} config '{key}' is missing or not a {typeof(T).Name.ToLowerInvariant()}");
    }

    private static T Optional<T>(JsonObject config, string type, string key, T fallback) =>
        config.ContainsKey(key) ? Required<T>(config, type, key) : fallback;
}
