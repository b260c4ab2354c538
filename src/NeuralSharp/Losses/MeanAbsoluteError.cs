using System.Runtime.CompilerServices;
using NeuralSharp.Compute;
using NeuralSharp.Tensors;

namespace NeuralSharp.Losses;

/// <summary>Mean absolute error: loss = mean over outputs of |p − t|; ∂/∂p = sign(p − t)/(N·C), 0 at the kink.
/// Robust to outliers, since every error pulls with the same force.</summary>
public sealed class MeanAbsoluteError : Loss
{
    public override string Name => "mae";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override double Compute(IComputeBackend backend, Tensor predictions, Tensor targets, Tensor? gradient)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return backend.MeanAbsoluteError(predictions, targets, gradient);
    }
}
