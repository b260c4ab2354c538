using NeuralSharp.Compute;
using NeuralSharp.Layers;
using NeuralSharp.Tensors;
using NeuralSharp.Tests.Support;

namespace NeuralSharp.Tests.Layers;

/// <summary>
/// One contract for every layer: register it in <see cref="Cases"/> and it is checked for output shape,
/// parameter count, seeded initialisation, gradients (double, finite differences), not mutating its input,
/// and allocating nothing in steady state.
/// </summary>
public sealed class LayerContractTests
{
    /// <summary>Every layer under test: a factory, the per-example input shape, and the expected output shape and parameter count.</summary>
    public static TheoryData<string> Cases => [.. Registry.Keys];

    private static readonly Dictionary<string, (Func<Layer> Make, int[] Input, int[] Output, long Params)> Registry = new()
    {
        ["Input"] = (() => new Input(5), [5], [5], 0),
        ["Dense linear"] = (() => new Dense(4), [5], [4], 24),
        ["Dense no bias"] = (() => new Dense(4, useBias: false), [5], [4], 20),
        ["Dense sigmoid"] = (() => new Dense(3, Activation.Sigmoid), [6], [3], 21),
        ["Dense tanh"] = (() => new Dense(3, Activation.Tanh), [6], [3], 21),
        ["Dense relu"] = (() => new Dense(7, Activation.ReLU), [4], [7], 35),
        ["Dense leaky relu"] = (() => new Dense(7, Activation.LeakyReLU(0.1)), [4], [7], 35),
        ["Dense elu"] = (() => new Dense(7, Activation.ELU(0.7)), [4], [7], 35),
        ["Dense softmax"] = (() => new Dense(4, Activation.Softmax), [3], [4], 16),
        ["Dense step"] = (() => new Dense(2, Activation.Step), [3], [2], 8),
        ["Dense on 2-D examples"] = (() => new Dense(3, Activation.Tanh), [2, 3], [3], 21),
        ["Activation sigmoid"] = (() => new ActivationLayer(Activation.Sigmoid), [5], [5], 0),
        ["Activation tanh"] = (() => new ActivationLayer(Activation.Tanh), [5], [5], 0),
        ["Activation relu"] = (() => new ActivationLayer(Activation.ReLU), [5], [5], 0),
        ["Activation leaky relu"] = (() => new ActivationLayer(Activation.LeakyReLU()), [5], [5], 0),
        ["Activation elu"] = (() => new ActivationLayer(Activation.ELU()), [5], [5], 0),
        ["Activation softmax"] = (() => new ActivationLayer(Activation.Softmax), [5], [5], 0),
        ["Activation linear"] = (() => new ActivationLayer(Activation.Linear), [5], [5], 0),
        ["Activation step"] = (() => new ActivationLayer(Activation.Step), [5], [5], 0),
    };

    private static Layer Built(string name, DType dtype, ulong seed = 1)
    {
        var (make, input, _, _) = Registry[name];
        Layer layer = make();
        layer.Name = "layer";
        layer.Build(new Shape(input), new BuildContext(dtype, new CpuBackend(1)));
        layer.InitializeParameters(new RandomSource(seed));
        return layer;
    }

    private static Tensor Batch(string name, int n, DType dtype, ulong seed = 3)
        => GradientChecker.RandomTensor(new Shape(Registry[name].Input).WithBatch(n), new RandomSource(seed), scale: 2, dtype: dtype);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_shape_and_parameter_count(string name)
    {
        var (_, _, output, parameters) = Registry[name];
        Layer layer = Built(name, DType.Float32);

        Tensor y = layer.Forward(Batch(name, 3, DType.Float32), training: false);

        Assert.Equal(new Shape(output), layer.OutputShape);
        Assert.Equal(new Shape(output).WithBatch(3).ElementCount, y.Length);
        Assert.Equal(3, y.Rows);
        Assert.Equal(parameters, layer.ParameterCount);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Same_seed_same_parameters_other_seed_other_parameters(string name)
    {
        double[] a = Flatten(Built(name, DType.Float32, seed: 5));
        double[] b = Flatten(Built(name, DType.Float32, seed: 5));
        double[] c = Flatten(Built(name, DType.Float32, seed: 6));

        Assert.Equal(a, b);
        if (a.Any(v => v != 0))
        {
            Assert.NotEqual(a, c);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_match_central_finite_differences_in_double(string name)
    {
        Layer layer = Built(name, DType.Float64);
        // Non-zero biases so that every parameter's gradient is exercised.
        foreach (var p in layer.Parameters)
        {
            for (int i = 0; i < p.Value.Length; i++)
            {
                p.Value.SetDouble(i, p.Value.GetDouble(i) + (0.1 * ((i % 5) - 2)));
            }
        }

        var report = GradientChecker.CheckLayer(layer, Batch(name, 4, DType.Float64), new RandomSource(11));

        Assert.True(report.WorstRelativeError < GradientChecker.Tolerance, $"{name}: worst relative error {report.WorstRelativeError:E2} at {report.Worst}");
        Assert.True(report.Checked > 0, $"{name}: nothing was checked");
        Assert.True(report.SkippedAtKinks <= report.Checked / 10, $"{name}: {report.SkippedAtKinks} of {report.Checked + report.SkippedAtKinks} points skipped as kinks");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Does_not_mutate_its_input_or_its_output_gradient(string name)
    {
        Layer layer = Built(name, DType.Float32);
        Tensor x = Batch(name, 3, DType.Float32);
        float[] before = x.ToArray();

        Tensor y = layer.Forward(x, training: true);
        var dy = GradientChecker.RandomTensor(y.Shape, new RandomSource(2), dtype: DType.Float32);
        float[] dyBefore = dy.ToArray();
        layer.Backward(dy);

        Assert.Equal(before, x.ToArray());
        Assert.Equal(dyBefore, dy.ToArray());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Steady_state_forward_and_backward_allocate_nothing(string name)
    {
        Layer layer = Built(name, DType.Float32);
        Tensor x = Batch(name, 8, DType.Float32);
        Tensor y = layer.Forward(x, training: true);
        Tensor dy = GradientChecker.RandomTensor(y.Shape, new RandomSource(2), dtype: DType.Float32);
        layer.Backward(dy);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            layer.Forward(x, training: true);
            layer.Backward(dy);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parameter_gradients_accumulate_until_ZeroGrad_and_a_zeroed_gradient_reads_as_zero(string name)
    {
        Layer layer = Built(name, DType.Float64);
        Tensor x = Batch(name, 3, DType.Float64);
        Tensor y = layer.Forward(x, training: true);
        var dy = GradientChecker.RandomTensor(y.Shape, new RandomSource(2), dtype: DType.Float64);
        double[][] Gradients() => layer.Parameters.Select(p => p.Gradient.ToDoubleArray()).ToArray();

        // Whatever was in the gradient before ZeroGrad (here: garbage) leaves no trace in the next backward.
        foreach (var p in layer.Parameters)
        {
            p.Gradient.AsSpan<double>().Fill(123.25);
            p.ZeroGrad();
            Assert.All(p.Gradient.ToDoubleArray(), g => Assert.Equal(0.0, g));
            p.Gradient.AsSpan<double>().Fill(-7.5);
            p.ZeroGrad();
        }

        layer.Backward(dy);
        double[][] once = Gradients();

        // A second backward without ZeroGrad adds: twice the single contribution (up to rounding, since the GEMM
        // sums into the existing gradient rather than adding a finished sum to it).
        layer.Forward(x, training: true);
        layer.Backward(dy);
        double[][] twice = Gradients();
        for (int i = 0; i < once.Length; i++)
        {
            for (int j = 0; j < once[i].Length; j++)
            {
                Assert.Equal(2 * once[i][j], twice[i][j], 1e-12);
            }
        }

        // ZeroGrad then backward: the single contribution again, bit for bit.
        foreach (var p in layer.Parameters)
        {
            p.ZeroGrad();
        }

        layer.Forward(x, training: true);
        layer.Backward(dy);
        Assert.Equal(once, Gradients());
    }

    private static double[] Flatten(Layer layer) => layer.Parameters.SelectMany(p => p.Value.ToDoubleArray()).ToArray();
}
