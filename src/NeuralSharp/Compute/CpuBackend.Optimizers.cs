using System.Runtime.CompilerServices;
using NeuralSharp.Kernels;
using NeuralSharp.Tensors;

namespace NeuralSharp.Compute;

// The optimizer updates: one pass over flat parameter storage each (see OptimizerKernels).
public sealed partial class CpuBackend
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SgdUpdate(Tensor value, Tensor gradient, Tensor? velocity, double learningRate, double momentum, bool nesterov, double weightDecay)
    {
        UpdateOperands(value, gradient, velocity);
        if (value.DType == DType.Float32)
        {
            OptimizerKernels.Sgd(value.Float32Span, gradient.Float32Span, velocity is null ? default : velocity.Float32Span, (float)learningRate, (float)momentum, nesterov, (float)weightDecay);
        }
        else
        {
            OptimizerKernels.Sgd(value.Float64Span, gradient.Float64Span, velocity is null ? default : velocity.Float64Span, learningRate, momentum, nesterov, weightDecay);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AdamUpdate(Tensor value, Tensor gradient, Tensor m, Tensor v, double learningRate, double beta1, double beta2, double epsilon, long step, double weightDecay, bool decoupledWeightDecay)
    {
        UpdateOperands(value, gradient, m, v);
        if (value.DType == DType.Float32)
        {
            if (!ParallelAdam.TryRun(value, gradient, m, v, (float)learningRate, (float)beta1, (float)beta2, (float)epsilon, step, (float)weightDecay, decoupledWeightDecay, MaxThreads))
            {
                OptimizerKernels.Adam(value.Float32Span, gradient.Float32Span, m.Float32Span, v.Float32Span, (float)learningRate, (float)beta1, (float)beta2, (float)epsilon, step, (float)weightDecay, decoupledWeightDecay);
            }
        }
        else
        {
            OptimizerKernels.Adam(value.Float64Span, gradient.Float64Span, m.Float64Span, v.Float64Span, learningRate, beta1, beta2, epsilon, step, weightDecay, decoupledWeightDecay);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RmsPropUpdate(Tensor value, Tensor gradient, Tensor meanSquare, Tensor? velocity, double learningRate, double rho, double momentum, double epsilon, double weightDecay)
    {
        UpdateOperands(value, gradient, meanSquare, velocity);
        if (value.DType == DType.Float32)
        {
            OptimizerKernels.RmsProp(value.Float32Span, gradient.Float32Span, meanSquare.Float32Span, velocity is null ? default : velocity.Float32Span, (float)learningRate, (float)rho, (float)momentum, (float)epsilon, (float)weightDecay);
        }
        else
        {
            OptimizerKernels.RmsProp(value.Float64Span, gradient.Float64Span, meanSquare.Float64Span, velocity is null ? default : velocity.Float64Span, learningRate, rho, momentum, epsilon, weightDecay);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UpdateOperands(Tensor value, Tensor gradient, Tensor? state1 = null, Tensor? state2 = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(gradient);
        SameDType(value, gradient);
        SameLength(value, gradient);
        foreach (Tensor? s in (ReadOnlySpan<Tensor?>)[state1, state2])
        {
            if (s is not null)
            {
                SameDType(value, s);
                SameLength(value, s);
            }
        }
    }
}
