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

    /// <summary>Every name <see cref="FromName"/> accepts (any case), aliases included, with what it makes from α.</summary>
    private static readonly Dictionary<string, Func<double?, Activation>> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["linear"] = _ => Linear,
        ["identity"] = _ => Linear,
        ["none"] = _ => Linear,
        ["step"] = _ => Step,
        ["threshold"] = _ => Step,
        ["sigmoid"] = _ => Sigmoid,
        ["tanh"] = _ => Tanh,
        ["relu"] = _ => ReLU,
        ["softmax"] = _ => Softmax,
        ["leaky_relu"] = alpha => LeakyReLU(alpha ?? 0.01),
        ["leakyrelu"] = alpha => LeakyReLU(alpha ?? 0.01),
        ["elu"] = alpha => ELU(alpha ?? 1.0),
    };

    /// <summary>The names <see cref="FromName"/> accepts, aliases included (for messages that list them).</summary>
    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>The activation named <paramref name="name"/>, in any case (relu, sigmoid, tanh, softmax, linear, step,
    /// leaky_relu, elu, and the aliases identity, none, threshold, leakyrelu).</summary>
    public static Activation FromName(string name, double? alpha = null) =>
        ByName.TryGetValue(name ?? string.Empty, out var make)
            ? make(alpha)
            : throw new ArgumentException($"Unknown activation '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>The weight initializer that suits this activation: He for the ReLU family, Glorot otherwise.</summary>
    public Initializer DefaultInitializer => Function is ActivationFunction.ReLU or ActivationFunction.LeakyReLU or ActivationFunction.ELU
        ? Initializer.HeUniform
        : Initializer.GlorotUniform;

    public override string ToString() => Alpha == 0 ? Name : $"{Name}({Alpha})";
}
