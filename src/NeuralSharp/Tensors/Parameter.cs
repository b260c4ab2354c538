using System.Runtime.CompilerServices;

namespace NeuralSharp.Tensors;

/// <summary>
/// A trainable tensor and its gradient, under a stable name (for example <c>dense_1.weight</c>).
/// Gradients accumulate across backward passes until <see cref="ZeroGrad"/>; optimizers see only parameters.
/// </summary>
public sealed class Parameter
{
    private readonly Tensor _gradient;
    private bool _zeroPending;

    public Parameter(string name, Tensor value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Value = value;
        _gradient = Tensor.Zeros(value.Shape, value.DType);
    }

    public string Name { get; internal set; }

    public Tensor Value { get; }

    /// <summary>∂cost/∂value, accumulated since the last <see cref="ZeroGrad"/>.</summary>
    public Tensor Gradient
    {
        get
        {
            if (_zeroPending)
            {
                _gradient.AsSpanClear();
                _zeroPending = false;
            }

            return _gradient;
        }
    }

    /// <summary>False for parameters that optimizers must leave alone (they still receive gradients).</summary>
    public bool Trainable { get; set; } = true;

    /// <summary>
    /// Sets the gradient to zero. The clearing itself is deferred: it happens when <see cref="Gradient"/> is next read,
    /// or never, when a layer's next contribution overwrites the whole gradient (<see cref="GradientForUpdate"/>), which
    /// saves a pass over every gradient in each training step.
    /// </summary>
    public void ZeroGrad() => _zeroPending = true;

    /// <summary>
    /// For a layer about to add its contribution to the whole gradient: the gradient tensor, and whether the
    /// contribution must overwrite it (right after <see cref="ZeroGrad"/>) rather than be added to it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal Tensor GradientForUpdate(out bool overwrite)
    {
        overwrite = _zeroPending;
        _zeroPending = false;
        return _gradient;
    }

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
