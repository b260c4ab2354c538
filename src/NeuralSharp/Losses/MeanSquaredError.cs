using System.Runtime.CompilerServices;
using NeuralSharp.Compute;
using NeuralSharp.Tensors;

namespace NeuralSharp.Losses;

/// <summary>Mean squared error: loss = mean over outputs of (p − t)²; ∂/∂p = 2(p − t)/(N·C). For regression.</summary>
public sealed class MeanSquaredError : Loss
{
    public override string Name => "mse";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override double Compute(IComputeBackend backend, Tensor predictions, Tensor targets, Tensor? gradient)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return backend.MeanSquaredError(predictions, targets, gradient);
    }
}
