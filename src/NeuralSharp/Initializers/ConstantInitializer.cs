using NeuralSharp.Tensors;

namespace NeuralSharp.Initializers;

/// <summary>Every element set to one value (zeros is the default for biases).</summary>
public sealed class ConstantInitializer(double value) : Initializer
{
    public double Value { get; } = value;

    public override string Name => Value switch { 0 => "zeros", 1 => "ones", _ => "constant" };

    public override void Initialize(Tensor tensor, int fanIn, int fanOut, RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        for (int i = 0; i < tensor.Length; i++)
        {
            tensor.SetDouble(i, Value);
        }
    }
}
