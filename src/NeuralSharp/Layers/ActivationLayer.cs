using System.Runtime.CompilerServices;
using NeuralSharp.Tensors;

namespace NeuralSharp.Layers;

/// <summary>
/// An activation function as a layer of its own: Y = f(X) element-wise (softmax: per row).
/// Backward: ∂C/∂X = f'(X) ⊙ ∂C/∂Y (softmax: yᵢ(gᵢ − Σⱼ gⱼyⱼ)). No parameters.
/// </summary>
public sealed class ActivationLayer(Activation activation) : Layer, IHasActivation
{
    private readonly BatchBuffer _y = new();
    private readonly BatchBuffer _dx = new();
    private Tensor? _input;
    private Tensor? _output;

    public Activation Activation { get; } = activation ?? throw new ArgumentNullException(nameof(activation));

    public override string TypeName => "Activation";

    bool IHasActivation.DeferActivation { get; set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Tensor Forward(Tensor input, bool training)
    {
        CheckInput(input);
        _input = input;
        if (((IHasActivation)this).DeferActivation)
        {
            _output = input;
            return input;
        }

        Tensor y = _y.Get(input.Rows, OutputShape, DType);
        Backend.ActivationForward(Activation.Function, Activation.Alpha, input, y);
        _output = y;
        return y;
    }

    internal override bool HasRowForward => true;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void ForwardRow(ReadOnlySpan<float> x, Span<float> y) => Backend.ActivationRow(Activation.Function, Activation.Alpha, x, y);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Tensor Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (_input is null || _output is null)
        {
            throw new InvalidOperationException($"Layer {Name}: Backward before Forward.");
        }

        if (((IHasActivation)this).DeferActivation)
        {
            return outputGradient;
        }

        Tensor dx = _dx.Get(_input.Rows, InputShape, DType);
        Backend.ActivationBackward(Activation.Function, Activation.Alpha, _input, _output, outputGradient, dx);
        return dx;
    }

    public override IReadOnlyDictionary<string, object> GetConfig() => new Dictionary<string, object>
    {
        ["activation"] = Activation.Name,
        ["alpha"] = Activation.Alpha,
    };

    protected override Shape OnBuild(Shape inputShape, BuildContext context) => inputShape;
}
