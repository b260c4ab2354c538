using NeuralSharp.Tensors;

namespace NeuralSharp.Initializers;

/// <summary>Independent draws from N(mean, standardDeviation²).</summary>
public sealed class NormalInitializer : Initializer
{
    public NormalInitializer(double mean, double standardDeviation)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(standardDeviation);
        Mean = mean;
        StandardDeviation = standardDeviation;
    }

    public double Mean { get; }

    public double StandardDeviation { get; }

    public override string Name => "normal";

    public override void Initialize(Tensor tensor, int fanIn, int fanOut, RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        for (int i = 0; i < tensor.Length; i++)
        {
            tensor.SetDouble(i, Mean + (StandardDeviation * random.NextGaussian()));
        }
    }
}
