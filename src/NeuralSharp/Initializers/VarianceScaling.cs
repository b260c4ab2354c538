using NeuralSharp.Tensors;

namespace NeuralSharp.Initializers;

/// <summary>Which fan a variance-scaling initializer divides by.</summary>
public enum FanMode
{
    In,
    Out,
    Average,
}

/// <summary>
/// Variance scaling (Glorot and He are instances): variance σ² = scale / n with n = fanIn, fanOut or their
/// mean. Uniform draws from U(−√(3σ²), √(3σ²)); normal draws from N(0, σ²).
/// Why: keeping each layer's output variance near its input's stops signals vanishing or exploding in depth.
/// </summary>
public sealed class VarianceScaling(string name, double scale, FanMode mode, bool uniform) : Initializer
{
    public override string Name { get; } = name;

    public double Scale { get; } = scale;

    public FanMode Mode { get; } = mode;

    public bool IsUniform { get; } = uniform;

    public override void Initialize(Tensor tensor, int fanIn, int fanOut, RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        double n = Mode switch
        {
            FanMode.In => fanIn,
            FanMode.Out => fanOut,
            _ => (fanIn + fanOut) / 2.0,
        };
        double variance = Scale / Math.Max(1.0, n);
        double limit = Math.Sqrt(3 * variance);
        double std = Math.Sqrt(variance);
        for (int i = 0; i < tensor.Length; i++)
        {
            tensor.SetDouble(i, IsUniform ? random.NextUniform(-limit, limit) : std * random.NextGaussian());
        }
    }
}
