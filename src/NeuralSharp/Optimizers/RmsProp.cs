using System.Runtime.CompilerServices;
using NeuralSharp.Tensors;

namespace NeuralSharp.Optimizers;

/// <summary>
/// RMSProp: divides each gradient by a running root-mean-square of its recent values,
/// s ← ρs + (1 − ρ)g², w ← w − η·g/(√s + ε); with momentum μ the scaled step is itself averaged.
/// </summary>
public sealed class RmsProp(double learningRate = 0.001, double rho = 0.9, double momentum = 0, double epsilon = 1e-7) : Optimizer(learningRate)
{
    private static readonly string[] Plain = ["mean_square"];
    private static readonly string[] WithMomentum = ["mean_square", "velocity"];

    public double Rho { get; } = rho is >= 0 and < 1 ? rho : throw new ArgumentOutOfRangeException(nameof(rho), rho, "rho must be in [0, 1).");

    public double Momentum { get; } = momentum is >= 0 and < 1 ? momentum : throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");

    public double Epsilon { get; } = epsilon > 0 ? epsilon : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive.");

    public override string Name => "rmsprop";

    protected override IReadOnlyList<string> SlotNames => Momentum > 0 ? WithMomentum : Plain;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Update(Parameter parameter, Tensor[] slots)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(slots);
        Backend.RmsPropUpdate(parameter.Value, parameter.Gradient, slots[0], slots.Length > 1 ? slots[1] : null, LearningRate, Rho, Momentum, Epsilon, WeightDecay);
    }
}
