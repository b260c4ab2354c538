using NeuralSharp.Compute;
using NeuralSharp.Layers;
using NeuralSharp.Losses;

namespace NeuralSharp.Models;

// Compile's checks of the loss against the output layer.
public sealed partial class Sequential
{
    /// <summary>
    /// Refuses (before anything is set) an output that cannot learn: softmax over a single unit always outputs 1, and
    /// categorical cross-entropy on one unit has no classes to spread probability over. Why errors, not warnings: both
    /// trained to nonsense without a further word (a constant prediction, or a loss near 0 at chance accuracy), and a
    /// model file refuses to hold the first.
    /// </summary>
    private void RefuseImpossibleOutput(Loss loss)
    {
        int units = (int)OutputShape.ElementCount;
        if (OutputActivation?.Function == ActivationFunction.Softmax && units == 1)
        {
            throw new ArgumentException("The output layer applies softmax to a single unit, which always outputs 1: for two classes use 1 sigmoid unit with binary cross-entropy, or 2 softmax units with categorical cross-entropy.", nameof(loss));
        }

        if (loss is CategoricalCrossEntropy && units < 2)
        {
            throw new ArgumentException("Categorical cross-entropy needs one output unit per class (at least 2); for two classes use 1 sigmoid unit with binary cross-entropy.", nameof(loss));
        }
    }

    private void CheckLossMatchesOutput(Loss loss)
    {
        ActivationFunction? output = OutputActivation?.Function;
        if (loss is CategoricalCrossEntropy { FromLogits: false } && output != ActivationFunction.Softmax)
        {
            Warn($"Categorical cross-entropy expects probabilities; the output layer's activation is {OutputActivation?.Name ?? "none"}. Use softmax (or CategoricalCrossEntropy(fromLogits: true)).");
        }

        if (loss.FromLogits && output is ActivationFunction.Sigmoid or ActivationFunction.Softmax)
        {
            Warn($"{loss.Name} takes logits, but the output layer already applies {OutputActivation!.Name}, so the loss would apply it a second time. Use a linear output layer with this loss, or the loss without fromLogits.");
        }

        if (loss is BinaryCrossEntropy { FromLogits: false } && output != ActivationFunction.Sigmoid)
        {
            Warn($"Binary cross-entropy expects probabilities in (0, 1); the output layer's activation is {OutputActivation?.Name ?? "none"}. Use sigmoid (or BinaryCrossEntropy(fromLogits: true)).");
        }
    }
}
