using System.Runtime.CompilerServices;
using NeuralSharp.Compute;
using NeuralSharp.Tensors;

namespace NeuralSharp.Layers;

/// <summary>What a layer needs when it is built: element type, where random starting values come from,
/// and the backend its arithmetic runs on.</summary>
public sealed class BuildContext(DType dtype, IComputeBackend backend)
{
    public DType DType { get; } = dtype;

    public IComputeBackend Backend { get; } = backend;
}

/// <summary>
/// A stage of a network. Two phases: the constructor stores configuration; <see cref="Build"/> receives the
/// per-example input shape, creates parameters and returns the per-example output shape, so a model checks
/// its whole stack before any data flows.
/// </summary>
/// <remarks>
/// Shape legend: tensors flowing through layers are <c>N × …</c>, N the batch size; <see cref="InputShape"/>
/// and <see cref="OutputShape"/> exclude N.
/// The gradient rule, for every layer: <see cref="Backward"/> <b>adds</b> ∂cost/∂θ into each parameter's
/// gradient (they accumulate until <see cref="Parameter.ZeroGrad"/>) and returns ∂cost/∂input, which it
/// <b>overwrites</b>. Tensors a layer returns are its own buffers, reused on the next call: copy them to keep them.
/// Layers call the <see cref="IComputeBackend"/>; they never loop over elements.
/// </remarks>
public abstract class Layer
{
    private Parameter[] _parameters = [];

    /// <summary>Unique name within a model (assigned by the model when not given), used to name parameters.</summary>
    public string? Name { get; set; }

    /// <summary>Short type name for summaries and model files (for example <c>Dense</c>).</summary>
    public abstract string TypeName { get; }

    public Shape InputShape { get; private set; }

    public Shape OutputShape { get; private set; }

    public bool IsBuilt { get; private set; }

    /// <summary>When false (the first layer of a model), <see cref="Backward"/> may skip computing ∂cost/∂input
    /// and return an empty tensor.</summary>
    public bool NeedsInputGradient { get; set; } = true;

    public IReadOnlyList<Parameter> Parameters => _parameters;

    public long ParameterCount
    {
        get
        {
            long n = 0;
            foreach (var p in _parameters)
            {
                n += p.Value.Length;
            }

            return n;
        }
    }

    protected IComputeBackend Backend { get; private set; } = CpuBackend.Default;

    protected DType DType { get; private set; }

    /// <summary>Creates parameters for examples of shape <paramref name="inputShape"/> and returns the output shape.</summary>
    public Shape Build(Shape inputShape, BuildContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Backend = context.Backend;
        DType = context.DType;
        InputShape = inputShape;
        OutputShape = OnBuild(inputShape, context);
        IsBuilt = true;
        return OutputShape;
    }

    /// <summary>Fills parameters with starting values from <paramref name="random"/>.</summary>
    public virtual void InitializeParameters(RandomSource random)
    {
    }

    /// <summary>Output for a batch <c>N × InputShape</c>. <paramref name="training"/> is true inside Fit.</summary>
    public abstract Tensor Forward(Tensor input, bool training);

    /// <summary>Given ∂cost/∂output for the batch of the last <see cref="Forward"/>, accumulates parameter
    /// gradients and returns ∂cost/∂input.</summary>
    public abstract Tensor Backward(Tensor outputGradient);

    /// <summary>
    /// Whether <see cref="ForwardRow"/> is available: a layer that can take one example (a 1 × inputs row) through
    /// a dedicated single-example path. A model whose layers all can predicts one example that way.
    /// </summary>
    internal virtual bool HasRowForward => false;

    /// <summary>
    /// One example through the layer, Float32: <paramref name="x"/> holds its inputs, <paramref name="y"/> receives its
    /// outputs (not overlapping x), and the activation is applied even when a fused loss defers it (the caller wants
    /// what the user sees). Only called when <see cref="HasRowForward"/> is true.
    /// </summary>
    internal virtual void ForwardRow(ReadOnlySpan<float> x, Span<float> y) =>
        throw new InvalidOperationException($"Layer {Name} ({TypeName}) has no single-example path; check HasRowForward first.");

    /// <summary>
    /// One example through this layer and <paramref name="next"/> in one fused step, when the backend has one for
    /// them: <paramref name="h"/> receives this layer's outputs and <paramref name="y"/> the next layer's, with the
    /// values of two <see cref="ForwardRow"/> calls. False (nothing done) when there is no such step; the caller then
    /// calls <see cref="ForwardRow"/> on each. <paramref name="y"/> may overlap <paramref name="x"/>; <paramref name="h"/>
    /// overlaps neither.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal virtual bool ForwardRowPair(Layer next, ReadOnlySpan<float> x, Span<float> h, Span<float> y) => false;

    /// <summary>Configuration as name/value pairs (numbers, strings, booleans) for summaries and model files.</summary>
    public virtual IReadOnlyDictionary<string, object> GetConfig() => new Dictionary<string, object>();

    public override string ToString() => $"{Name ?? TypeName} {TypeName} {OutputShape}";

    protected abstract Shape OnBuild(Shape inputShape, BuildContext context);

    protected void SetParameters(params Parameter[] parameters) => _parameters = parameters;

    protected string ParameterName(string suffix) => $"{Name ?? TypeName.ToLowerInvariant()}.{suffix}";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected void CheckInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!IsBuilt)
        {
            throw new InvalidOperationException($"Layer {Name ?? TypeName} is used before Build.");
        }

        if (input.RowSize != InputShape.ElementCount || input.DType != DType)
        {
            throw new ArgumentException(
                $"Layer {Name ?? TypeName} expects input of shape (N, {string.Join(", ", InputShape)}) {DType}; got {input.Shape} {input.DType}.");
        }
    }
}
