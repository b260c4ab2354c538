using NeuralSharp.Kernels;
using static NeuralSharp.Tests.Kernels.KernelTestData;

namespace NeuralSharp.Tests.Kernels;

/// <summary>Loss kernels in float32 against scalar references computed in double (value and gradient).</summary>
public sealed class LossKernelTests
{
    private static void CheckElementWise(int n, Func<double, double, double> loss, Func<double, double, double> derivative, Func<float[], float[], float[], double> kernel, float[] p, float[] t)
    {
        float[] grad = new float[n];
        double value = kernel(p, t, grad);
        double expected = 0;
        double[] expectedGrad = new double[n];
        for (int i = 0; i < n; i++)
        {
            expected += loss(p[i], t[i]) / n;
            expectedGrad[i] = derivative(p[i], t[i]) / n;
        }

        Close(expected, value, what: "loss");
        Close(expectedGrad, grad, rel: 1e-4, abs: 1e-7, what: "gradient");

        // Without a gradient buffer the value is the same.
        Assert.Equal(value, kernel(p, t, []));
    }

    [Theory]
    [MemberData(nameof(Lengths), MemberType = typeof(KernelTestData))]
    public void Mean_squared_error(int n)
        => CheckElementWise(n, (p, t) => (p - t) * (p - t), (p, t) => 2 * (p - t), (p, t, g) => LossKernels.MeanSquaredError<float>(p, t, g), Random(n, 1), Random(n, 2));

    [Theory]
    [MemberData(nameof(Lengths), MemberType = typeof(KernelTestData))]
    public void Mean_absolute_error(int n)
    {
        float[] p = Random(n, 3);
        float[] t = Random(n, 4);
        for (int i = 0; i < n; i += 4)
        {
            t[i] = p[i];
        }

        CheckElementWise(n, (p, t) => Math.Abs(p - t), (p, t) => Math.Sign(p - t), (p, t, g) => LossKernels.MeanAbsoluteError<float>(p, t, g), p, t);
    }

    [Theory]
    [MemberData(nameof(Lengths), MemberType = typeof(KernelTestData))]
    public void Binary_cross_entropy_from_probabilities(int n)
        => CheckElementWise(
            n,
            (p, t) => -((t * Math.Log(p)) + ((1 - t) * Math.Log(1 - p))),
            (p, t) => (p - t) / (p * (1 - p)),
            (p, t, g) => LossKernels.BinaryCrossEntropy<float>(p, t, g, fromLogits: false),
            Random(n, 5, 0.05, 0.95),
            Random(n, 6, 0, 1));

    [Theory]
    [MemberData(nameof(Lengths), MemberType = typeof(KernelTestData))]
    public void Binary_cross_entropy_from_logits(int n)
        => CheckElementWise(
            n,
            (z, t) => Math.Log(1 + Math.Exp(z)) - (z * t),
            (z, t) => (1 / (1 + Math.Exp(-z))) - t,
            (p, t, g) => LossKernels.BinaryCrossEntropy<float>(p, t, g, fromLogits: true),
            Random(n, 7, -8, 8),
            Random(n, 8, 0, 1));

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(KernelTestData))]
    public void Categorical_cross_entropy_one_hot_and_class_index(int rows, int cols)
    {
        var random = new Tensors.RandomSource(9);
        int[] labels = new int[rows];
        float[] oneHot = new float[rows * cols];
        float[] indices = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            labels[r] = random.NextInt(cols);
            oneHot[(r * cols) + labels[r]] = 1;
            indices[r] = labels[r];
        }

        float[] logits = Random(rows * cols, 10, -8, 8);
        float[] probabilities = Random(rows * cols, 11, 0.05, 0.95);
        for (int r = 0; r < rows; r++)
        {
            float sum = probabilities.AsSpan(r * cols, cols).ToArray().Sum();
            for (int c = 0; c < cols; c++)
            {
                probabilities[(r * cols) + c] /= sum;
            }
        }

        double expectedLogits = 0, expectedProbs = 0;
        double[] gradLogits = new double[rows * cols];
        double[] softmax = new double[rows * cols];
        double[] gradProbs = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < cols; c++)
            {
                max = Math.Max(max, logits[(r * cols) + c]);
            }

            double sum = 0;
            for (int c = 0; c < cols; c++)
            {
                sum += Math.Exp(logits[(r * cols) + c] - max);
            }

            double lse = max + Math.Log(sum);
            expectedLogits += (lse - logits[(r * cols) + labels[r]]) / rows;
            expectedProbs += -Math.Log(probabilities[(r * cols) + labels[r]]) / rows;
            for (int c = 0; c < cols; c++)
            {
                int i = (r * cols) + c;
                softmax[i] = Math.Exp(logits[i] - lse);
                gradLogits[i] = (softmax[i] - (c == labels[r] ? 1 : 0)) / rows;
                gradProbs[i] = c == labels[r] ? -1 / (probabilities[i] * rows) : 0;
            }
        }

        // Targets as one-hot rows, then (where cols > 1 makes them distinguishable) as class indices.
        var targetSets = cols > 1 ? new[] { oneHot, indices } : [oneHot];
        foreach (float[] targets in targetSets)
        {
            float[] grad = new float[rows * cols];
            float[] probs = new float[rows * cols];
            Close(expectedLogits, LossKernels.CategoricalCrossEntropy<float>(logits, targets, grad, probs, rows, cols, fromLogits: true), what: "CCE logits");
            Close(gradLogits, grad, what: "CCE logits gradient");
            Close(softmax, probs, what: "CCE probabilities");

            // Every buffer combination gives the same cost and values, and the probabilities are the softmax
            // activation's bitwise (metrics read them from the loss in training).
            float[] gradOnly = new float[rows * cols];
            float[] probsOnly = new float[rows * cols];
            float[] activation = new float[rows * cols];
            double both = LossKernels.CategoricalCrossEntropy<float>(logits, targets, grad, probs, rows, cols, fromLogits: true);
            Assert.Equal(both, LossKernels.CategoricalCrossEntropy<float>(logits, targets, gradOnly, default, rows, cols, fromLogits: true));
            Assert.Equal(both, LossKernels.CategoricalCrossEntropy<float>(logits, targets, default, probsOnly, rows, cols, fromLogits: true));
            Close(both, LossKernels.CategoricalCrossEntropy<float>(logits, targets, default, default, rows, cols, fromLogits: true), what: "CCE logits without buffers");
            ActivationKernels.RowSoftmax<float>(logits, activation, cols);
            Assert.Equal(grad, gradOnly);
            Assert.Equal(probs, probsOnly);
            Assert.Equal(activation, probsOnly);

            Close(expectedProbs, LossKernels.CategoricalCrossEntropy<float>(probabilities, targets, grad, default, rows, cols, fromLogits: false), what: "CCE probs");
            Close(gradProbs, grad, rel: 1e-5, abs: 1e-5, what: "CCE probs gradient");
        }
    }
}
