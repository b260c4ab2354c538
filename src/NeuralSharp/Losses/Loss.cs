using NeuralSharp.Compute;
using NeuralSharp.Tensors;

namespace NeuralSharp.Losses;

/// <summary>
/// A loss measures one example's error; its mean over a set of examples is the <b>cost</b> that training
/// minimises. <see cref="Compute"/> returns the cost of a batch and writes ∂cost/∂prediction.
/// </summary>
public abstract class Loss
{
    public abstract string Name { get; }

    /// <summary>Cost (mean loss per example) of <paramref name="predictions"/> against <paramref name="targets"/>;
    /// fills <paramref name="gradient"/> with ∂cost/∂predictions when it is not null.</summary>
    public abstract double Compute(IComputeBackend backend, Tensor predictions, Tensor targets, Tensor? gradient);

    /// <summary>The output activation this loss can absorb for numerical stability (softmax for categorical
    /// cross-entropy, sigmoid for binary cross-entropy), or null.</summary>
    internal virtual ActivationFunction? FusableActivation => null;

    /// <summary>The same loss computed from the pre-activation of <see cref="FusableActivation"/>.</summary>
    internal virtual Loss FromLogitsVariant => this;

    /// <summary>
    /// <see cref="Compute"/>, and also the output of <see cref="FusableActivation"/> (the probabilities) written into
    /// <paramref name="probabilities"/>, for a loss that computes them anyway. Returns false, with
    /// <paramref name="probabilities"/> untouched, when it does not.
    /// </summary>
    internal virtual bool ComputeWithProbabilities(IComputeBackend backend, Tensor predictions, Tensor targets, Tensor gradient, Tensor probabilities, out double cost)
    {
        cost = Compute(backend, predictions, targets, gradient);
        return false;
    }

    /// <summary>True when the loss expects logits (and the model must apply the output activation for predictions).</summary>
    public virtual bool FromLogits => false;

    public static Loss MeanSquaredError { get; } = new MeanSquaredError();

    public static Loss MeanAbsoluteError { get; } = new MeanAbsoluteError();

    /// <summary>Binary cross-entropy of sigmoid outputs (probabilities).</summary>
    public static Loss BinaryCrossEntropy { get; } = new BinaryCrossEntropy();

    /// <summary>Categorical cross-entropy of softmax outputs; targets one-hot or integer class indices.</summary>
    public static Loss CategoricalCrossEntropy { get; } = new CategoricalCrossEntropy();

    /// <summary>The loss named <paramref name="name"/> as written in model files and on the command line.</summary>
    public static Loss FromName(string name) => (name ?? string.Empty).ToLowerInvariant() switch
    {
        "mse" or "mean_squared_error" => MeanSquaredError,
        "mae" or "mean_absolute_error" => MeanAbsoluteError,
        "bce" or "binary_crossentropy" or "binary_cross_entropy" => BinaryCrossEntropy,
        "bce_logits" or "binary_crossentropy_logits" => new BinaryCrossEntropy(fromLogits: true),
        "cce" or "categorical_crossentropy" or "categorical_cross_entropy" or "sparse_categorical_crossentropy" or "cross_entropy" => CategoricalCrossEntropy,
        "cce_logits" or "categorical_crossentropy_logits" => new CategoricalCrossEntropy(fromLogits: true),
        _ => throw new ArgumentException($"Unknown loss '{name}'. Known: mse, mae, binary_crossentropy, categorical_crossentropy (and *_logits variants).", nameof(name)),
    };

    public override string ToString() => Name;
}
