using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using NeuralSharp.Compute;
using NeuralSharp.Data;
using NeuralSharp.Layers;
using NeuralSharp.Losses;
using NeuralSharp.Metrics;
using NeuralSharp.Optimizers;
using NeuralSharp.Tensors;

namespace NeuralSharp.Models;

/// <summary>
/// A network as a stack of layers, each feeding the next: an <see cref="Input"/>, any number of hidden layers,
/// an output layer. <see cref="Compile"/> chooses how it learns; <see cref="Fit"/> trains it;
/// <see cref="Evaluate"/> and <see cref="Predict(Tensor, int)"/> use it.
/// </summary>
public sealed partial class Sequential
{
    private readonly List<Layer> _layers = [];
    private readonly List<string> _warnings = [];
    private Parameter[] _parameters = [];
    private Metric[] _metrics = [];
    private Loss? _trainingLoss;
    private IHasActivation? _deferredOutput;
    private readonly BatchBuffer _probabilities = new();
    private Tensor[]? _rowPlan;

    public Sequential(params Layer[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers)
        {
            Add(layer);
        }
    }

    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>Per-example input shape (known once built).</summary>
    public Shape InputShape { get; private set; }

    /// <summary>Per-example output shape (known once built).</summary>
    public Shape OutputShape { get; private set; }

    public bool IsBuilt { get; private set; }

    public bool IsInitialized { get; private set; }

    public DType DType { get; private set; } = DType.Float32;

    public IComputeBackend Backend { get; private set; } = CpuBackend.Default;

    /// <summary>The loss as given to <see cref="Compile"/>.</summary>
    public Loss? Loss { get; private set; }

    public Optimizer? Optimizer { get; private set; }

    public IReadOnlyList<Metric> Metrics => _metrics;

    /// <summary>The seed the weights were initialized from.</summary>
    public ulong? Seed { get; private set; }

    /// <summary>Advice found while building and compiling (also written to <see cref="Console.Error"/>).</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Every parameter of every layer, in layer order, with names like <c>dense_1.weight</c>.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    public long ParameterCount
    {
        get
        {
            long n = 0;
            foreach (var layer in _layers)
            {
                n += layer.ParameterCount;
            }

            return n;
        }
    }

    /// <summary>The final activation applied to outputs (softmax, sigmoid, …), when the last layer has one.</summary>
    public Activation? OutputActivation => _layers.Count > 0 && _layers[^1] is IHasActivation h ? h.Activation : null;

    public void Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (IsBuilt)
        {
            throw new InvalidOperationException("Layers cannot be added after the model is built.");
        }

        if (_layers.Count > 0 && layer is Input)
        {
            throw new ArgumentException("Input must be the first layer.", nameof(layer));
        }

        _layers.Add(layer);
    }

    /// <summary>
    /// Builds every layer (checking that each fits the previous one's output), names layers and parameters.
    /// Weights are created as zeros; <see cref="Initialize"/> (or the first <see cref="Fit"/>) draws them.
    /// Building a built model again with no arguments, or the same ones, returns it as it is.
    /// </summary>
    /// <param name="dtype">The data type of weights and data: Float32 when not given.</param>
    /// <param name="backend">Where the arithmetic runs: <see cref="CpuBackend.Default"/> when not given.</param>
    public Sequential Build(DType? dtype = null, IComputeBackend? backend = null)
    {
        if (IsBuilt)
        {
            // As Keras's build: building again as built is nothing to do (Compile builds a model that was not).
            if ((dtype is null || dtype == DType) && (backend is null || ReferenceEquals(backend, Backend)))
            {
                return this;
            }

            throw new InvalidOperationException($"The model is already built for {DType} on {Backend.GetType().Name}; a model is built once (make a new one for another data type or backend).");
        }

        if (_layers.Count == 0 || _layers[0] is not Input input)
        {
            throw new InvalidOperationException("The first layer must be an Input that declares the shape of one example, e.g. new Input(12).");
        }

        if (_layers.Count == 1)
        {
            throw new InvalidOperationException("The model has an Input but no layers after it.");
        }

        DType = dtype ?? DType.Float32;
        Backend = backend ?? CpuBackend.Default;
        var context = new BuildContext(DType, Backend);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        Shape shape = input.Shape;
        InputShape = shape;
        var parameters = new List<Parameter>();
        for (int i = 0; i < _layers.Count; i++)
        {
            Layer layer = _layers[i];
            if (layer.Name is null)
            {
                string stem = layer.TypeName.ToLowerInvariant();
                counts[stem] = counts.GetValueOrDefault(stem) + 1;
                layer.Name = $"{stem}_{counts[stem]}";
            }

            if (!names.Add(layer.Name))
            {
                throw new InvalidOperationException($"Two layers are named '{layer.Name}'.");
            }

            layer.NeedsInputGradient = i > 1;
            shape = layer.Build(shape, context);
            parameters.AddRange(layer.Parameters);
        }

        OutputShape = shape;
        _parameters = [.. parameters];
        _rowPlan = null;
        IsBuilt = true;
        CheckHiddenStepLayers();
        return this;
    }

    /// <summary>Draws every weight and bias from one source seeded with <paramref name="seed"/>: same seed, same weights.</summary>
    public void Initialize(ulong seed)
    {
        EnsureBuilt();
        var random = new RandomSource(seed);
        foreach (var layer in _layers)
        {
            layer.InitializeParameters(random);
        }

        Seed = seed;
        IsInitialized = true;
    }

    /// <summary>
    /// Chooses the loss to minimise, the optimizer and the metrics to report. When the output layer's activation
    /// is softmax with categorical cross-entropy, or sigmoid with binary cross-entropy, training computes the loss
    /// from the pre-activation (fused and numerically stable); <see cref="Predict(Tensor, int)"/> still returns probabilities.
    /// </summary>
    public void Compile(Loss loss, Optimizer optimizer, params Metric[] metrics)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(metrics);
        if (!IsBuilt)
        {
            Build();
        }

        RefuseImpossibleOutput(loss);
        Loss = loss;
        Optimizer = optimizer;
        optimizer.Backend = Backend;
        _metrics = metrics;
        if (_deferredOutput is not null)
        {
            _deferredOutput.DeferActivation = false;
            _deferredOutput = null;
        }

        _trainingLoss = loss;
        if (_layers[^1] is IHasActivation output && loss.FusableActivation is ActivationFunction fusable && output.Activation.Function == fusable)
        {
            output.DeferActivation = true;
            _deferredOutput = output;
            _trainingLoss = loss.FromLogitsVariant;
        }

        CheckLossMatchesOutput(loss);
    }

    /// <summary>A table of layers, output shapes and parameter counts, one line each: a control character in a
    /// layer's name (from a hand-edited model file, say) is shown as <c>\xNN</c>.</summary>
    public string Summary()
    {
        EnsureBuilt();
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"Layer (type)",-28}{"Output shape",-18}{"Activation",-14}{"Params",12}");
        sb.AppendLine(new string('─', 72));
        foreach (var layer in _layers)
        {
            string act = layer is IHasActivation h ? h.Activation.ToString() : string.Empty;
            string outShape = "(N, " + string.Join(", ", layer.OutputShape) + ")";
            sb.AppendLine(CultureInfo.InvariantCulture, $"{$"{VisibleText.Of(layer.Name ?? string.Empty)} ({layer.TypeName})",-28}{outShape,-18}{act,-14}{layer.ParameterCount,12:N0}");
        }

        sb.AppendLine(new string('─', 72));
        sb.AppendLine(CultureInfo.InvariantCulture, $"Total parameters: {ParameterCount:N0}");
        return sb.ToString();
    }

    /// <summary>Copies of every parameter value (into <paramref name="into"/> when it has the right shapes).</summary>
    public Tensor[] CopyWeights(Tensor[]? into = null)
    {
        EnsureBuilt();
        into ??= new Tensor[_parameters.Length];
        for (int i = 0; i < _parameters.Length; i++)
        {
            into[i] ??= Tensor.Zeros(_parameters[i].Value.Shape, _parameters[i].Value.DType);
            _parameters[i].Value.CopyTo(into[i]);
        }

        return into;
    }

    /// <summary>Sets every parameter value from <paramref name="weights"/> (same order and shapes as <see cref="Parameters"/>).</summary>
    public void SetWeights(IReadOnlyList<Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        EnsureBuilt();
        if (weights.Count != _parameters.Length)
        {
            throw new ArgumentException($"Expected {_parameters.Length} weight tensors, got {weights.Count}.", nameof(weights));
        }

        for (int i = 0; i < _parameters.Length; i++)
        {
            if (weights[i].Shape != _parameters[i].Value.Shape)
            {
                throw new ArgumentException($"Weight {i} ({_parameters[i].Name}) has shape {weights[i].Shape}; expected {_parameters[i].Value.Shape}.", nameof(weights));
            }

            weights[i].CopyTo(_parameters[i].Value);
        }

        IsInitialized = true;
    }

    /// <summary>Runs a batch through every layer. With a fused loss compiled and <paramref name="training"/>
    /// set, the output is the pre-activation of the last layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal Tensor ForwardBatch(Tensor x, bool training)
    {
        Tensor h = x;
        foreach (var layer in _layers)
        {
            h = layer.Forward(h, training);
        }

        return h;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void BackwardBatch(Tensor outputGradient)
    {
        Tensor g = outputGradient;
        for (int i = _layers.Count - 1; i >= 1; i--)
        {
            g = _layers[i].Backward(g);
        }
    }

    /// <summary>The outputs as the user sees them: applies the deferred output activation (softmax/sigmoid) if any.</summary>
    internal Tensor ToProbabilities(Tensor output)
    {
        if (_deferredOutput is null)
        {
            return output;
        }

        Tensor p = _probabilities.Get(output.Rows, OutputShape, DType);
        Backend.ActivationForward(_deferredOutput.Activation.Function, _deferredOutput.Activation.Alpha, output, p);
        return p;
    }

    /// <summary>
    /// The training cost of a batch and its gradient and, with <paramref name="wantProbabilities"/> (for metrics),
    /// the outputs as the user sees them — taken from the loss when it computes them anyway (softmax fused with
    /// cross-entropy), else from <see cref="ToProbabilities"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal double TrainingCost(Tensor output, Tensor targets, Tensor gradient, bool wantProbabilities, out Tensor? probabilities)
    {
        if (!wantProbabilities || _deferredOutput is null)
        {
            probabilities = wantProbabilities ? output : null;
            return TrainingLoss.Compute(Backend, output, targets, gradient);
        }

        Tensor p = _probabilities.Get(output.Rows, OutputShape, DType);
        bool written = TrainingLoss.ComputeWithProbabilities(Backend, output, targets, gradient, p, out double cost);
        probabilities = written ? p : ToProbabilities(output);
        return cost;
    }

    internal Loss TrainingLoss => _trainingLoss ?? throw new InvalidOperationException("Call Compile before training or evaluating.");

    internal void EnsureInitialized(ulong? seed)
    {
        EnsureBuilt();
        if (!IsInitialized)
        {
            Initialize(seed ?? (ulong)Random.Shared.NextInt64());
        }
    }

    private void EnsureBuilt()
    {
        if (!IsBuilt)
        {
            Build();
        }
    }

    private void Warn(string message)
    {
        _warnings.Add(message);
        Console.Error.WriteLine("warning: " + message);
    }

    private void CheckHiddenStepLayers()
    {
        for (int i = 1; i < _layers.Count - 1; i++)
        {
            if (_layers[i] is IHasActivation { Activation.Function: ActivationFunction.Step })
            {
                Warn($"Layer {_layers[i].Name} uses the step activation, whose derivative is zero: no error can flow back through it, " +
                     "so the layers before it will not learn by gradient descent. Use sigmoid, tanh or ReLU in hidden layers.");
            }
        }
    }
}
