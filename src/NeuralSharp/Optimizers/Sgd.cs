using System.Runtime.CompilerServices;
using NeuralSharp.Tensors;

namespace NeuralSharp.Optimizers;

/// <summary>
/// Gradient descent: w ← w − η·∂C/∂w. With <paramref name="momentum"/> μ it keeps a velocity v ← μv + g and
/// steps by v (heavy ball) or, with <paramref name="nesterov"/>, by g + μv (looking ahead).
/// Whether it is stochastic, mini-batch or full-batch descent depends only on the batch size used to compute g.
/// </summary>
public sealed class Sgd(double learningRate = 0.01, double momentum = 0, bool nesterov = false) : Optimizer(learningRate)
{
    private static readonly string[] NoSlots = [];
    private static readonly string[] VelocitySlot = ["velocity"];

    public double Momentum { get; } = momentum >= 0 && momentum < 1
        ? momentum
        : throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");

    public bool Nesterov { get; } = nesterov && momentum == 0
        ? throw new ArgumentException("Nesterov momentum needs momentum > 0.", nameof(nesterov))
        : nesterov;

    public override string Name => Nesterov ? "nesterov" : Momentum > 0 ? "momentum" : "sgd";

    protected override IReadOnlyList<string> SlotNames => Momentum > 0 ? VelocitySlot : NoSlots;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Update(Parameter parameter, Tensor[] slots)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(slots);
        Backend.SgdUpdate(parameter.Value, parameter.Gradient, slots.Length > 0 ? slots[0] : null, LearningRate, Momentum, Nesterov, WeightDecay);
    }
}
