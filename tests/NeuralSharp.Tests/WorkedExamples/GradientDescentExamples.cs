using NeuralSharp.Compute;
using NeuralSharp.Layers;
using NeuralSharp.Losses;
using NeuralSharp.Optimizers;
using NeuralSharp.Tensors;

namespace NeuralSharp.Tests.WorkedExamples;

/// <summary>The textbook examples of how networks learn, run through the library's real classes.</summary>
public sealed class GradientDescentExamples
{
    private static readonly CpuBackend Backend = new(1);

    [Fact]
    public void Descent_on_a_parabola_from_nine()
    {
        // f(x) = x² − x + 1, f'(x) = 2x − 1. From x = 9 with η = 0.1: x = 9 − 0.1·17 = 7.3, then 7.3 − 0.1·13.6 = 5.94.
        var x = new Parameter("x", Tensor.FromArray(new double[] { 9 }, 1));
        var sgd = new Sgd(learningRate: 0.1) { Backend = Backend };
        static double F(double v) => (v * v) - v + 1;

        x.Gradient.SetDouble(0, (2 * x.Value.GetDouble(0)) - 1);
        sgd.Step([x]);
        Assert.Equal(7.3, x.Value.GetDouble(0), 12);
        Assert.Equal(46.99, F(x.Value.GetDouble(0)), 10);

        x.ZeroGrad();
        x.Gradient.SetDouble(0, (2 * x.Value.GetDouble(0)) - 1);
        sgd.Step([x]);
        Assert.Equal(5.94, x.Value.GetDouble(0), 12);
        Assert.Equal(30.3436, F(x.Value.GetDouble(0)), 10);
    }

    [Fact]
    public void Descent_on_a_bowl_in_two_dimensions()
    {
        // f(x, y) = x² + y², ∇f = (2x, 2y). From (5, 10) with η = 0.1: (5 − 1, 10 − 2) = (4, 8); cost 125 → 80.
        var p = new Parameter("xy", Tensor.FromArray(new double[] { 5, 10 }, 2));
        static double Cost(Tensor t) => (t.GetDouble(0) * t.GetDouble(0)) + (t.GetDouble(1) * t.GetDouble(1));
        Assert.Equal(125, Cost(p.Value));

        p.Gradient.SetDouble(0, 2 * p.Value.GetDouble(0));
        p.Gradient.SetDouble(1, 2 * p.Value.GetDouble(1));
        new Sgd(0.1) { Backend = Backend }.Step([p]);

        Assert.Equal(4, p.Value.GetDouble(0), 12);
        Assert.Equal(8, p.Value.GetDouble(1), 12);
        Assert.Equal(80, Cost(p.Value), 10);
    }

    [Theory]
    [InlineData(-8.0, 0.0)] // threshold 8: weighted sum 6 does not reach it
    [InlineData(-4.0, 1.0)] // threshold 4: it does
    public void Step_neuron_fires_only_above_its_threshold(double bias, double expected)
    {
        // Inputs (1, 1), weights (4, 2): weighted sum 1·4 + 1·2 = 6; output = step(6 + bias).
        var neuron = new Dense(1, Activation.Step);
        neuron.Build(new Shape(2), new BuildContext(DType.Float64, Backend));
        neuron.Weight.Value.SetDouble(0, 4);
        neuron.Weight.Value.SetDouble(1, 2);
        neuron.Bias!.Value.SetDouble(0, bias);

        Tensor output = neuron.Forward(Tensor.FromArray(new double[] { 1, 1 }, 1, 2), training: false);

        Assert.Equal(expected, output.GetDouble(0));
    }

    [Fact]
    public void Cross_entropy_of_a_three_class_prediction_is_minus_log_of_the_true_class_probability()
    {
        var prediction = Tensor.FromArray(new double[] { 0.23, 0.57, 0.20 }, 1, 3);
        var target = Tensor.FromArray(new double[] { 0, 1, 0 }, 1, 3);

        double loss = Loss.CategoricalCrossEntropy.Compute(Backend, prediction, target, null);

        Assert.Equal(-Math.Log(0.57), loss, 12);
        var classIndex = Tensor.FromArray(new double[] { 1 }, 1, 1);
        Assert.Equal(-Math.Log(0.57), Loss.CategoricalCrossEntropy.Compute(Backend, prediction, classIndex, null), 12);
    }
}
