namespace NeuralSharp.Tensors;

/// <summary>
/// A trainable tensor and its gradient, under a stable name (for example <c>dense_1.weight</c>).
/// Gradients accumulate across backward passes until <see cref="ZeroGrad"/>; optimizers see only parameters.
/// </summary>
public sealed class Parameter
{
    public Parameter(string name, Tensor value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Value = value;
        Gradient = Tensor.Zeros(value.Shape, value.DType);
    }

    public string Name { get; internal set; }

    public Tensor Value { get; }

    public Tensor Gradient { get; }

    /// <summary>False for parameters that optimizers must leave alone (they still receive gradients).</summary>
    public bool Trainable { get; set; } = true;

    public void ZeroGrad() => Gradient.AsSpanClear();

    public override string ToString() => $"{Name} {Value.Shape}";
}

internal static class TensorClearExtensions
{
    public static void AsSpanClear(this Tensor t)
    {
        if (t.DType == DType.Float32)
        {
            t.Float32Span.Clear();
        }
        else
        {
            t.Float64Span.Clear();
        }
    }
}
