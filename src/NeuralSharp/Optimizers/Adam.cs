using System.Runtime.CompilerServices;
using NeuralSharp.Tensors;

namespace NeuralSharp.Optimizers;

/// <summary>
/// Adam: running means of the gradient (m) and of its square (v), bias-corrected, give each weight its own
/// step size: w ← w − η·m̂/(√v̂ + ε). <see cref="Optimizer.WeightDecay"/> adds λw to the gradient (L2);
/// for decoupled decay use <see cref="AdamW"/>.
/// </summary>
public class Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7) : Optimizer(learningRate)
{
    private static readonly string[] MomentSlots = ["m", "v"];

    public double Beta1 { get; } = beta1 is >= 0 and < 1 ? beta1 : throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");

    public double Beta2 { get; } = beta2 is >= 0 and < 1 ? beta2 : throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");

    public double Epsilon { get; } = epsilon > 0 ? epsilon : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive.");

    public override string Name => "adam";

    protected virtual bool DecoupledWeightDecay => false;

    protected override IReadOnlyList<string> SlotNames => MomentSlots;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Update(Parameter parameter, Tensor[] slots)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(slots);
        Backend.AdamUpdate(parameter.Value, parameter.Gradient, slots[0], slots[1], LearningRate, Beta1, Beta2, Epsilon, Iterations, WeightDecay, DecoupledWeightDecay);
    }
}
