using System.Globalization;
using NeuralSharp.Data;
using NeuralSharp.Models;

namespace NeuralSharp.Serialization;

/// <summary>
/// What a model file must agree with beyond its layout, checked when saving (so a file that would be refused is
/// never written) and again when loading (a header edited by hand keeps a valid checksum if it is re-hashed).
/// </summary>
/// <remarks>
/// Each check returns a one-line description of the first problem, or <see langword="null"/>; the caller adds the
/// path (loading) or wraps it in an <see cref="ArgumentException"/> (saving).
/// </remarks>
internal static class ModelFileChecks
{
    /// <summary>
    /// Class labels must name the model's outputs: a 1-wide output is a binary classifier (sigmoid probability of the
    /// second class), so it needs exactly 2 labels; an n-wide output (softmax, n ≥ 2) needs n. Labels must be distinct,
    /// because a prediction is reported by its label.
    /// </summary>
    public static string? ClassLabels(Sequential model, IReadOnlyList<string>? labels)
    {
        if (labels is null)
        {
            return null;
        }

        long outputs = model.OutputShape.ElementCount;
        long needed = outputs == 1 ? 2 : outputs;
        if (labels.Count != needed)
        {
            string why = outputs == 1 ? "a 1-unit output is a binary classifier and needs 2" : $"the {outputs}-unit output needs {outputs}, one per unit";
            return Inv($"class_labels has {labels.Count} labels but {why}");
        }

        return RepeatedName.First(labels) is { } twice ? $"class_labels names '{twice}' twice" : null;
    }

    /// <summary>
    /// The output layer's activation must make sense for its width: softmax over a single unit always outputs 1,
    /// so every prediction would be the same.
    /// </summary>
    public static string? Output(Sequential model)
    {
        if (model.OutputShape.ElementCount == 1 && model.Layers[^1] is Layers.IHasActivation { Activation.Function: Compute.ActivationFunction.Softmax })
        {
            return $"the output layer '{model.Layers[^1].Name}' applies softmax to a single unit, which always outputs 1";
        }

        return null;
    }

    /// <summary>Every weight must be finite: a NaN or infinite weight makes every prediction NaN or meaningless.</summary>
    public static string? Weights(Sequential model)
    {
        foreach (var parameter in model.Parameters)
        {
            ReadOnlySpan<float> values = parameter.Value.Float32Span;
            for (int i = 0; i < values.Length; i++)
            {
                if (!float.IsFinite(values[i]))
                {
                    return Inv($"tensor {parameter.Name} holds a non-finite value ({values[i]}) at element {i}");
                }
            }
        }

        return null;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
