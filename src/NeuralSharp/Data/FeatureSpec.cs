using System.Globalization;
using System.Text.Json.Nodes;

namespace NeuralSharp.Data;

/// <summary>One fitted input column: scaling for a numeric column, training levels for a categorical one, and the fill value.</summary>
internal sealed class FeatureSpec
{
    public FeatureSpec(string name, ColumnKind kind, double center, double scale, double fill, string[] levels, int fillLevel)
    {
        Name = name;
        Kind = kind;
        Center = center;
        Scale = scale;
        Fill = fill;
        Levels = levels;
        FillLevel = fillLevel;
    }

    public string Name { get; }

    public ColumnKind Kind { get; }

    public double Center { get; }

    public double Scale { get; }

    /// <summary>Numeric fill value for missing values; NaN when none.</summary>
    public double Fill { get; }

    /// <summary>Categorical levels seen in training, sorted ordinally (one output each).</summary>
    public string[] Levels { get; }

    /// <summary>Categorical fill level index; −1 when none.</summary>
    public int FillLevel { get; }

    public int Width => Kind == ColumnKind.Numeric ? 1 : Levels.Length;

    public bool HasFill => Kind == ColumnKind.Numeric ? !double.IsNaN(Fill) : FillLevel >= 0;

    public IEnumerable<string> OutputNames =>
        Kind == ColumnKind.Numeric ? [Name] : Levels.Select(level => $"{Name}={level}");

    /// <summary>Mean and population standard deviation (divided by n), summed in the order given.</summary>
    internal static (double Mean, double Std) MeanAndStd(IReadOnlyCollection<double> values)
    {
        double mean = values.Average();
        return (mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count));
    }

    public static FeatureSpec FitNumeric(string name, List<double> values, ScalingMode scaling, ImputeMode impute, string file)
    {
        if (values.Count == 0)
        {
            throw new DataException("no values in the training rows", file, columnName: name);
        }

        values.Sort();
        (double mean, double std) = MeanAndStd(values);
        double min = values[0];
        double max = values[^1];
        (double center, double scale) = scaling switch
        {
            ScalingMode.Standardize => (mean, std > 0 ? std : 1),
            ScalingMode.MinMax => (min, max > min ? max - min : 1),
            _ => (0.0, 1.0),
        };
        double fill = impute switch
        {
            ImputeMode.Mean => mean,
            ImputeMode.Median => values.Count % 2 == 1 ? values[values.Count / 2] : 0.5 * (values[(values.Count / 2) - 1] + values[values.Count / 2]),
            ImputeMode.Mode => values.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key,
            _ => double.NaN,
        };
        return new FeatureSpec(name, ColumnKind.Numeric, center, scale, fill, [], -1);
    }

    public static FeatureSpec FitCategorical(string name, Dictionary<string, int> counts, ImputeMode impute, string file)
    {
        if (counts.Count == 0)
        {
            throw new DataException("no values in the training rows", file, columnName: name);
        }

        var levels = counts.Keys.Order(StringComparer.Ordinal).ToArray();
        int fillLevel = -1;
        if (impute is ImputeMode.Mean or ImputeMode.Median or ImputeMode.Mode)
        {
            int best = -1;
            for (int i = 0; i < levels.Length; i++)
            {
                if (counts[levels[i]] > best)
                {
                    best = counts[levels[i]];
                    fillLevel = i;
                }
            }
        }

        return new FeatureSpec(name, ColumnKind.Categorical, 0, 1, double.NaN, levels, fillLevel);
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["name"] = Name,
            ["kind"] = Kind.ToString(),
        };
        if (Kind == ColumnKind.Numeric)
        {
            json["center"] = Center;
            json["scale"] = Scale;
            json["fill"] = double.IsNaN(Fill) ? null : Fill;
        }
        else
        {
            json["levels"] = new JsonArray(Levels.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
            json["fill"] = FillLevel >= 0 ? Levels[FillLevel] : null;
        }

        return json;
    }

    public static FeatureSpec FromJson(JsonObject json)
    {
        string name = Required(json, "name").GetValue<string>();
        var kind = Enum.Parse<ColumnKind>(Required(json, "kind").GetValue<string>());
        if (kind == ColumnKind.Numeric)
        {
            double fill = json["fill"]?.GetValue<double>() ?? double.NaN;
            if (json["fill"] is not null && !double.IsFinite(fill))
            {
                throw new DataException(string.Create(CultureInfo.InvariantCulture, $"preprocessor feature '{name}' has fill value {fill}; it must be finite"));
            }

            double center = Required(json, "center").GetValue<double>(), scale = Required(json, "scale").GetValue<double>();
            RequireScale(name, center, scale);
            return new FeatureSpec(name, kind, center, scale, fill, [], -1);
        }

        var levels = Required(json, "levels").AsArray().Select(n => n!.GetValue<string>()).ToArray();
        if (RepeatedName.First(levels) is { } twice)
        {
            throw new DataException($"preprocessor feature '{name}' lists level '{twice}' twice");
        }

        string? fillText = json["fill"]?.GetValue<string>();
        if (fillText is not null && !levels.Contains(fillText, StringComparer.Ordinal))
        {
            throw new DataException($"preprocessor feature '{name}' has fill level '{fillText}', which is not one of its levels");
        }

        return new FeatureSpec(name, kind, 0, 1, double.NaN, levels, fillText is null ? -1 : Array.IndexOf(levels, fillText));
    }

    /// <summary>A read center and scale must be usable: finite, and a scale above 0, as fitting gives (a standard
    /// deviation or a range, 1 for a constant column). A scale of 0 made every prediction NaN; a negative one
    /// mirrored the feature and gave confident, wrong predictions.</summary>
    internal static void RequireScale(string name, double center, double scale, string role = "feature")
    {
        if (!double.IsFinite(center) || !double.IsFinite(scale) || !(scale > 0))
        {
            throw new DataException(string.Create(CultureInfo.InvariantCulture,
                $"preprocessor {role} '{name}' has center {center} and scale {scale}; both must be finite and the scale above 0"));
        }
    }

    internal static JsonNode Required(JsonObject json, string key) =>
        json[key] ?? throw new DataException(string.Create(CultureInfo.InvariantCulture, $"preprocessor JSON lacks '{key}'"));
}
