using NeuralSharp.Tensors;

namespace NeuralSharp.Initializers;

/// <summary>Independent draws from U(low, high).</summary>
public sealed class UniformInitializer : Initializer
{
    public UniformInitializer(double low, double high)
    {
        if (!(high > low))
        {
            throw new ArgumentException($"Uniform initializer needs low < high; got [{low}, {high}].");
        }

        Low = low;
        High = high;
    }

    public double Low { get; }

    public double High { get; }

    public override string Name => "uniform";

    public override void Initialize(Tensor tensor, int fanIn, int fanOut, RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        for (int i = 0; i < tensor.Length; i++)
        {
            tensor.SetDouble(i, random.NextUniform(Low, High));
        }
    }
}
