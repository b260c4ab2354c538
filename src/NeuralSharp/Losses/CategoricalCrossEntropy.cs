using System.Runtime.CompilerServices;
using NeuralSharp.Compute;
using NeuralSharp.Tensors;

namespace NeuralSharp.Losses;

/// <summary>
/// Categorical cross-entropy for one-of-C classes: loss = −Σⱼ tⱼ·log pⱼ = −log p(true class).
/// Targets are one-hot rows (N × C) or one integer class index per row (N × 1).
/// From logits z it is fused with softmax: loss = logsumexp(z) − z_true, computed after subtracting the row
/// maximum (stable for logits near ±1000), with gradient ∂/∂z = softmax(z) − t. A model whose output layer is
/// softmax trains with this fused form automatically.
/// </summary>
public sealed class CategoricalCrossEntropy(bool fromLogits = false) : Loss
{
    public override string Name => FromLogits ? "categorical_crossentropy_logits" : "categorical_crossentropy";

    public override bool FromLogits { get; } = fromLogits;

    internal override ActivationFunction? FusableActivation => FromLogits ? null : ActivationFunction.Softmax;

    internal override Loss FromLogitsVariant => FromLogits ? this : new CategoricalCrossEntropy(fromLogits: true);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override double Compute(IComputeBackend backend, Tensor predictions, Tensor targets, Tensor? gradient)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return backend.CategoricalCrossEntropy(predictions, targets, gradient, FromLogits, probabilities: null);
    }

    /// <summary>From logits the fused softmax is computed anyway, so the probabilities come for free.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override bool ComputeWithProbabilities(IComputeBackend backend, Tensor predictions, Tensor targets, Tensor gradient, Tensor probabilities, out double cost)
    {
        ArgumentNullException.ThrowIfNull(backend);
        cost = backend.CategoricalCrossEntropy(predictions, targets, gradient, FromLogits, FromLogits ? probabilities : null);
        return FromLogits;
    }
}
