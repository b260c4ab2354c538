using NeuralSharp.Tensors;

namespace NeuralSharp.Initializers;

/// <summary>
/// Fills a parameter tensor with starting values, drawing only from the <see cref="RandomSource"/> it is
/// given. <c>fanIn</c> / <c>fanOut</c> are the numbers of inputs and outputs of the layer's neurons.
/// </summary>
public abstract class Initializer
{
    /// <summary>Short name used in model summaries and files (for example <c>he_uniform</c>).</summary>
    public abstract string Name { get; }

    public abstract void Initialize(Tensor tensor, int fanIn, int fanOut, RandomSource random);

    public static Initializer Zeros { get; } = new ConstantInitializer(0);

    public static Initializer Ones { get; } = new ConstantInitializer(1);

    public static Initializer Constant(double value) => new ConstantInitializer(value);

    public static Initializer Uniform(double low = -0.05, double high = 0.05) => new UniformInitializer(low, high);

    public static Initializer Normal(double mean = 0, double standardDeviation = 0.05) => new NormalInitializer(mean, standardDeviation);

    /// <summary>Glorot/Xavier uniform: U(−a, a), a = √(6/(fanIn + fanOut)). The default for sigmoid, tanh, softmax, linear.</summary>
    public static Initializer GlorotUniform { get; } = new VarianceScaling("glorot_uniform", 1.0, FanMode.Average, uniform: true);

    /// <summary>Glorot/Xavier normal: N(0, 2/(fanIn + fanOut)).</summary>
    public static Initializer GlorotNormal { get; } = new VarianceScaling("glorot_normal", 1.0, FanMode.Average, uniform: false);

    /// <summary>He uniform: U(−a, a), a = √(6/fanIn). The default for the ReLU family.</summary>
    public static Initializer HeUniform { get; } = new VarianceScaling("he_uniform", 2.0, FanMode.In, uniform: true);

    /// <summary>He normal: N(0, 2/fanIn).</summary>
    public static Initializer HeNormal { get; } = new VarianceScaling("he_normal", 2.0, FanMode.In, uniform: false);

    /// <summary>The initializer registered under <paramref name="name"/> (as written in model files).</summary>
    public static Initializer FromName(string name) => name switch
    {
        "zeros" => Zeros,
        "ones" => Ones,
        "glorot_uniform" => GlorotUniform,
        "glorot_normal" => GlorotNormal,
        "he_uniform" => HeUniform,
        "he_normal" => HeNormal,
        "uniform" => Uniform(),
        "normal" => Normal(),
        _ => throw new ArgumentException($"Unknown initializer '{name}'. Known: zeros, ones, uniform, normal, glorot_uniform, glorot_normal, he_uniform, he_normal.", nameof(name)),
    };

    public override string ToString() => Name;
}
