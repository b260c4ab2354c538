using System.Runtime.CompilerServices;
using NeuralSharp.Initializers;
using NeuralSharp.Tensors;

namespace NeuralSharp.Layers;

/// <summary>
/// Fully connected layer: every input connects to every one of <see cref="Units"/> neurons through a
/// weight, and each neuron has a bias (minus its firing threshold).
/// </summary>
/// <remarks>
/// Shapes: X is N × I (an example of any shape is read as I = its element count), W is I × U, b is U,
/// Y is N × U.
/// Forward: Z = X·W + b (each neuron's weighted sum plus bias), Y = f(Z).
/// Backward, given G = ∂C/∂Y: ∂C/∂Z = f'(Z) ⊙ G; ∂C/∂W += Xᵀ·∂C/∂Z; ∂C/∂b += Σₙ ∂C/∂Z; ∂C/∂X = ∂C/∂Z·Wᵀ.
/// </remarks>
public sealed class Dense : Layer, IHasActivation
{
    private readonly BatchBuffer _z = new();
    private readonly BatchBuffer _y = new();
    private readonly BatchBuffer _dz = new();
    private readonly BatchBuffer _dx = new();
    private Parameter? _weight;
    private Parameter? _bias;
    private Tensor? _input;
    private Tensor? _preActivation;
    private Tensor? _output;

    public Dense(int units, Activation? activation = null, Initializer? weightInitializer = null, Initializer? biasInitializer = null, bool useBias = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(units);
        Units = units;
        Activation = activation ?? Activation.Linear;
        WeightInitializer = weightInitializer ?? Activation.DefaultInitializer;
        BiasInitializer = biasInitializer ?? Initializer.Zeros;
        UseBias = useBias;
    }

    public int Units { get; }

    public Activation Activation { get; }

    public Initializer WeightInitializer { get; }

    public Initializer BiasInitializer { get; }

    public bool UseBias { get; }

    public override string TypeName => "Dense";

    /// <summary>Weights, inputs × units: <c>Weight[i, u]</c> connects input i to neuron u.</summary>
    public Parameter Weight => _weight ?? throw new InvalidOperationException($"Layer {Name} is not built.");

    /// <summary>Biases, one per neuron; null when <see cref="UseBias"/> is false.</summary>
    public Parameter? Bias => _bias;

    bool IHasActivation.DeferActivation { get; set; }

    private bool AppliesActivation => Activation.Function != Compute.ActivationFunction.Linear && !((IHasActivation)this).DeferActivation;

    public override void InitializeParameters(RandomSource random)
    {
        int fanIn = (int)InputShape.ElementCount;
        WeightInitializer.Initialize(Weight.Value, fanIn, Units, random);
        if (_bias is not null)
        {
            BiasInitializer.Initialize(_bias.Value, fanIn, Units, random);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Tensor Forward(Tensor input, bool training)
    {
        CheckInput(input);
        int n = input.Rows;
        _input = input;
        if (AppliesActivation && Activation.Function == Compute.ActivationFunction.ReLU)
        {
            // One fused pass; the backward reads the mask [z > 0] from y = max(z, 0), which has the same sign pattern.
            Tensor relu = _y.Get(n, OutputShape, DType);
            Backend.DenseForward(_input, Weight.Value, _bias?.Value, Compute.ActivationFunction.ReLU, 0, relu);
            _preActivation = _output = relu;
            return relu;
        }

        Tensor z = _z.Get(n, OutputShape, DType);
        Backend.DenseForward(_input, Weight.Value, _bias?.Value, Compute.ActivationFunction.Linear, 0, z);
        _preActivation = z;
        if (!AppliesActivation)
        {
            _output = z;
            return z;
        }

        Tensor y = _y.Get(n, OutputShape, DType);
        Backend.ActivationForward(Activation.Function, Activation.Alpha, z, y);
        _output = y;
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Tensor Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (_input is null || _preActivation is null || _output is null)
        {
            throw new InvalidOperationException($"Layer {Name}: Backward before Forward.");
        }

        int n = _input.Rows;
        Tensor dz = outputGradient;

        // One gradient rule: contributions accumulate until ZeroGrad; right after it they overwrite (no clearing pass).
        Tensor? biasGradient = null;
        bool overwriteBias = false;
        if (_bias is not null)
        {
            biasGradient = _bias.GradientForUpdate(out overwriteBias);
        }

        if (AppliesActivation)
        {
            dz = _dz.Get(n, OutputShape, DType);
            if (biasGradient is not null)
            {
                Backend.ActivationBackwardWithBiasGradient(Activation.Function, Activation.Alpha, _preActivation, _output, outputGradient, dz, biasGradient, accumulateBias: !overwriteBias);
            }
            else
            {
                Backend.ActivationBackward(Activation.Function, Activation.Alpha, _preActivation, _output, outputGradient, dz);
            }
        }

        Tensor weightGradient = Weight.GradientForUpdate(out bool overwrite);
        Backend.MatMul(_input, true, dz, false, weightGradient, accumulate: !overwrite);
        if (biasGradient is not null && !AppliesActivation)
        {
            Backend.SumRows(dz, biasGradient, accumulate: !overwriteBias);
        }

        if (!NeedsInputGradient)
        {
            return dz;
        }

        Tensor dx = _dx.Get(n, InputShape, DType);
        Backend.MatMul(dz, false, Weight.Value, true, dx, accumulate: false);
        return dx;
    }

    internal override bool HasRowForward => true;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void ForwardRow(ReadOnlySpan<float> x, Span<float> y) =>
        Backend.DenseRow(x, Weight.Value, _bias?.Value, Activation.Function, Activation.Alpha, y);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override bool ForwardRowPair(Layer next, ReadOnlySpan<float> x, Span<float> h, Span<float> y) =>
        next is Dense second && Backend.DenseRowPair(
            x, Weight.Value, _bias?.Value, Activation.Function, Activation.Alpha, h,
            second.Weight.Value, second._bias?.Value, second.Activation.Function, second.Activation.Alpha, y);

    public override IReadOnlyDictionary<string, object> GetConfig() => new Dictionary<string, object>
    {
        ["units"] = Units,
        ["activation"] = Activation.Name,
        ["alpha"] = Activation.Alpha,
        ["use_bias"] = UseBias,
        ["weight_initializer"] = WeightInitializer.Name,
        ["bias_initializer"] = BiasInitializer.Name,
    };

    protected override Shape OnBuild(Shape inputShape, BuildContext context)
    {
        int fanIn = checked((int)inputShape.ElementCount);
        _weight = new Parameter(ParameterName("weight"), Tensor.Zeros(new Shape(fanIn, Units), context.DType));
        _bias = UseBias ? new Parameter(ParameterName("bias"), Tensor.Zeros(new Shape(Units), context.DType)) : null;
        SetParameters(_bias is null ? [_weight] : [_weight, _bias]);
        return new Shape(Units);
    }
}
