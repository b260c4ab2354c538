using System.Runtime.CompilerServices;
using NeuralSharp.Tensors;

namespace NeuralSharp.Layers;

/// <summary>Declares the shape of one example (for example <c>new Input(12)</c> for 12 features). Passes data through.</summary>
public sealed class Input : Layer
{
    public Input(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0 || Array.Exists(shape, d => d <= 0))
        {
            throw new ArgumentException($"Input shape must be one or more positive sizes; got ({string.Join(", ", shape)}).", nameof(shape));
        }

        Shape = new Shape(shape);
    }

    public Shape Shape { get; }

    public override string TypeName => "Input";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Tensor Forward(Tensor input, bool training)
    {
        CheckInput(input);
        return input;
    }

    public override Tensor Backward(Tensor outputGradient) => outputGradient;

    internal override bool HasRowForward => true;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void ForwardRow(ReadOnlySpan<float> x, Span<float> y) => x.CopyTo(y);

    public override IReadOnlyDictionary<string, object> GetConfig() => new Dictionary<string, object> { ["shape"] = Shape.ToArray() };

    protected override Shape OnBuild(Shape inputShape, BuildContext context) => Shape;
}
