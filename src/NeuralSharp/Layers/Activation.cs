using NeuralSharp.Compute;
using NeuralSharp.Initializers;

namespace NeuralSharp.Layers;

/// <summary>
/// An activation function: what a neuron does with its weighted sum plus bias. Use it as a
/// <see cref="Dense"/> option or as a layer of its own (<see cref="ActivationLayer"/>).
/// </summary>
public sealed record Activation
{
    private Activation(ActivationFunction function, string name, double alpha = 0)
    {
        Function = function;
        Name = name;
        Alpha = alpha;
    }

    public ActivationFunction Function { get; }

    public string Name { get; }

    /// <summary>Slope for negative inputs (leaky ReLU) or saturation value (ELU).</summary>
    public double Alpha { get; }

    /// <summary>Identity: y = x. For regression outputs and for logits.</summary>
    public static Activation Linear { get; } = new(ActivationFunction.Linear, "linear");

    /// <summary>
    /// Step (threshold): y = 1 if x &gt; 0 else 0 — the neuron fires when its weighted sum exceeds its
    /// threshold (the bias is minus the threshold). Its derivative is zero wherever it exists, so no error
    /// flows back through it: a network trained by gradient descent cannot learn through a step layer, and
    /// <see cref="Models.Sequential.Compile"/> warns when a hidden layer uses it. Use it to demonstrate
    /// perceptrons, or at the output of a network trained otherwise.
    /// </summary>
    public static Activation Step { get; } = new(ActivationFunction.Step, "step");

    /// <summary>σ(x) = 1/(1 + e⁻ˣ), in (0, 1): a probability for binary outputs.</summary>
    public static Activation Sigmoid { get; } = new(ActivationFunction.Sigmoid, "sigmoid");

    /// <summary>tanh(x), in (−1, 1).</summary>
    public static Activation Tanh { get; } = new(ActivationFunction.Tanh, "tanh");

    /// <summary>max(0, x): the default for hidden layers.</summary>
    public static Activation ReLU { get; } = new(ActivationFunction.ReLU, "relu");

    /// <summary>Softmax over each row: probabilities over classes that sum to 1.</summary>
    public static Activation Softmax { get; } = new(ActivationFunction.Softmax, "softmax");

    /// <summary>x for x &gt; 0, αx otherwise (α = 0.01 by default).</summary>
    public static Activation LeakyReLU(double alpha = 0.01) => new(ActivationFunction.LeakyReLU, "leaky_relu", alpha);

    /// <summary>x for x &gt; 0, α(eˣ − 1) otherwise (α = 1 by default).</summary>
    public static Activation ELU(double alpha = 1.0) => new(ActivationFunction.ELU, "elu", alpha);

    /// <summary>The activation named <paramref name="name"/> (relu, sigmoid, tanh, softmax, linear, step, leaky_relu, elu).</summary>
    public static Activation FromName(string name, double? alpha = null) => (name ?? string.Empty).ToLowerInvariant() switch
    {
        "linear" or "identity" or "none" => Linear,
        "step" or "threshold" => Step,
        "sigmoid" => Sigmoid,
        "tanh" => Tanh,
        "relu" => ReLU,
        "softmax" => Softmax,
        "leaky_relu" or "leakyrelu" => LeakyReLU(alpha ?? 0.01),
        "elu" => ELU(alpha ?? 1.0),
        _ => throw new ArgumentException($"Unknown activation '{name}'. Known: relu, sigmoid, tanh, softmax, linear, step, leaky_relu, elu.", nameof(name)),
    };

    /// <summary>The weight initializer that suits this activation: He for the ReLU family, Glorot otherwise.</summary>
    public Initializer DefaultInitializer => Function is ActivationFunction.ReLU or ActivationFunction.LeakyReLU or ActivationFunction.ELU
        ? Initializer.HeUniform
        : Initializer.GlorotUniform;

    public override string ToString() => Alpha == 0 ? Name : $"{Name}({Alpha})";
}
