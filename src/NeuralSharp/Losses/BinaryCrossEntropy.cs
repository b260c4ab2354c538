using System.Runtime.CompilerServices;
using NeuralSharp.Compute;
using NeuralSharp.Tensors;

namespace NeuralSharp.Losses;

/// <summary>
/// Binary cross-entropy for yes/no targets t ∈ {0, 1} (or soft labels in [0, 1]):
/// loss = −[t·log p + (1 − t)·log(1 − p)].
/// From sigmoid outputs p, p is clamped to [1e−7, 1 − 1e−7]. From logits z (p = σ(z)) it is computed as
/// max(z, 0) − z·t + log(1 + e^−|z|), which never overflows, and ∂/∂z = σ(z) − t. A model whose output layer
/// is sigmoid trains with the logits form automatically.
/// </summary>
public sealed class BinaryCrossEntropy(bool fromLogits = false) : Loss
{
    public override string Name => FromLogits ? "binary_crossentropy_logits" : "binary_crossentropy";

    public override bool FromLogits { get; } = fromLogits;

    internal override ActivationFunction? FusableActivation => FromLogits ? null : ActivationFunction.Sigmoid;

    internal override Loss FromLogitsVariant => FromLogits ? this : new BinaryCrossEntropy(fromLogits: true);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override double Compute(IComputeBackend backend, Tensor predictions, Tensor targets, Tensor? gradient)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return backend.BinaryCrossEntropy(predictions, targets, gradient, FromLogits);
    }
}
