using System.Globalization;
using NeuralSharp.Compute;
using NeuralSharp.Layers;
using NeuralSharp.Losses;
using NeuralSharp.Tensors;

namespace NeuralSharp.Models;

// The model's checks: Compile's of the loss against the output layer; Fit's, Evaluate's and Predict's of the data.
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

    private void CheckInputs(Tensor x, string name)
    {
        EnsureBuilt();
        if (x.RowSize != InputShape.ElementCount)
        {
            throw new ArgumentException($"Inputs have shape {x.Shape}: {x.RowSize} values per example, but the model's input is ({string.Join(", ", InputShape)}) = {InputShape.ElementCount} values.", name);
        }

        // Why checked: one NaN input makes the loss NaN, training stops with every weight NaN, and a prediction NaN;
        // named here, the fault is the data's, not the learning rate's.
        RequireFinite(x, "Inputs", name);
    }

    /// <summary>Throws, naming the row and column, when <paramref name="values"/> holds a NaN or an infinity.</summary>
    private static void RequireFinite(Tensor values, string what, string name)
    {
        long at = FiniteValues.FirstNonFinite(values);
        if (at >= 0)
        {
            int[] dims = values.Shape.ToArray();
            int per = Math.Max(values.RowSize, 1);
            long row = at / per;
            int offset = (int)(at % per);
            string where;
            if (dims.Length <= 2)
            {
                where = string.Create(CultureInfo.InvariantCulture, $"row {row}, column {offset}");
            }
            else
            {
                // An image's (height, width, channel) rather than its flattened index.
                var position = new int[dims.Length - 1];
                for (int d = position.Length - 1; d >= 0; d--)
                {
                    position[d] = offset % dims[d + 1];
                    offset /= dims[d + 1];
                }

                where = string.Create(CultureInfo.InvariantCulture, $"example {row}, position ({string.Join(", ", position)})");
            }

            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{what} hold {values.GetDouble((int)at)} at {where}; every value must be a finite number (fill in or drop missing values first)."), name);
        }
    }

    private void CheckData(Tensor x, Tensor y, string name)
    {
        CheckInputs(x, name);
        if (x.Rows != y.Rows)
        {
            throw new ArgumentException($"Inputs have {x.Rows} examples but targets have {y.Rows}.", name);
        }

        if (x.Rows == 0)
        {
            throw new ArgumentException("No examples: the inputs and targets have 0 rows.", name);
        }

        RequireFinite(y, "Targets", name);

        long outputs = OutputShape.ElementCount;
        bool classIndices = y.RowSize == 1 && Loss is CategoricalCrossEntropy;
        if (y.RowSize != outputs && !classIndices)
        {
            throw new ArgumentException($"Targets have shape {y.Shape}: {y.RowSize} values per example, but the model outputs {outputs}.", name);
        }

        if (x.DType != DType || y.DType != DType)
        {
            throw new ArgumentException($"Data is {x.DType}/{y.DType} but the model is built for {DType}.", name);
        }

        if (Loss is CategoricalCrossEntropy && y.RowSize == outputs && outputs > 1)
        {
            RequireDistributions(y, name);
        }
    }

    /// <summary>
    /// One-hot (or soft-label) targets for categorical cross-entropy: each row's values in [0, 1], summing to 1 (to
    /// within 0.001). Why: an all-zero row has a loss of exactly 0 and a gradient of 0, and a row with two 1s pulls
    /// the model toward both, and either trains without a word.
    /// </summary>
    private static void RequireDistributions(Tensor y, string name)
    {
        int cols = y.RowSize;
        for (int r = 0; r < y.Rows; r++)
        {
            double sum = 0;
            for (int c = 0; c < cols; c++)
            {
                double v = y.GetDouble((r * cols) + c);
                if (v is < 0 or > 1)
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"Targets row {r} holds {v} in column {c}; one-hot targets for categorical cross-entropy are 0 or 1 (soft labels between, summing to 1)."), name);
                }

                sum += v;
            }

            if (Math.Abs(sum - 1) > 1e-3)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Targets row {r} sums to {sum}; one-hot targets for categorical cross-entropy need exactly one 1 per row (soft labels must sum to 1)."), name);
            }
        }
    }
}
