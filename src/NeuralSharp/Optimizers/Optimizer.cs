using System.Runtime.CompilerServices;
using NeuralSharp.Compute;
using NeuralSharp.Tensors;

namespace NeuralSharp.Optimizers;

/// <summary>
/// Gradient descent and its refinements over any list of <see cref="Parameter"/>s: each <see cref="Step"/>
/// moves every trainable parameter against its gradient, w ← w − η·(update). Optimizers know parameters, not
/// models: state (momentum, moment estimates) lives in named buffers (<see cref="State"/>, keyed
/// <c>{parameter}.{slot}</c>), so a checkpoint can save and restore it exactly.
/// </summary>
public abstract class Optimizer
{
    private readonly Dictionary<Parameter, Tensor[]> _slots = new(ReferenceEqualityComparer.Instance);
    private readonly SortedDictionary<string, Tensor> _state = new(StringComparer.Ordinal);
    private double _learningRate;

    protected Optimizer(double learningRate)
    {
        LearningRate = learningRate;
        InitialLearningRate = learningRate;
    }

    public abstract string Name { get; }

    /// <summary>Step size η used by the next <see cref="Step"/>. Schedules change it between epochs.</summary>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            if (!(value > 0) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The learning rate must be a positive finite number.");
            }

            _learningRate = value;
        }
    }

    /// <summary>The learning rate the optimizer was created with (schedules start from it).</summary>
    public double InitialLearningRate { get; }

    /// <summary>L2 penalty λ: adds λ·w to each gradient (for <see cref="AdamW"/>: decoupled decay w ← w − ηλw).</summary>
    public double WeightDecay
    {
        get;
        init => field = value >= 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Weight decay must be a finite number ≥ 0.");
    }

    /// <summary>When set, gradients are rescaled before each step so that their global L2 norm
    /// (over all parameters together) is at most this value.</summary>
    public double? ClipNorm
    {
        get;
        init => field = value is null or > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "ClipNorm must be positive (a negative value would reverse the gradients).");
    }

    /// <summary>Number of steps taken (Adam's bias correction counts from it).</summary>
    public long Iterations { get; private set; }

    /// <summary>The backend the updates run on.</summary>
    public IComputeBackend Backend { get; set; } = CpuBackend.Default;

    /// <summary>The global gradient norm measured by the last step (before clipping).</summary>
    public double LastGradientNorm { get; private set; }

    /// <summary>Every state buffer, by name <c>{parameter}.{slot}</c>.</summary>
    public IReadOnlyDictionary<string, Tensor> State => _state;

    /// <summary>Applies one update to every trainable parameter from its current gradient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Iterations++;
        if (ClipNorm is double clip)
        {
            double sumSquares = 0;
            for (int i = 0; i < parameters.Count; i++)
            {
                sumSquares += Backend.SumOfSquares(parameters[i].Gradient);
            }

            LastGradientNorm = Math.Sqrt(sumSquares);
            if (LastGradientNorm > clip)
            {
                double scale = clip / (LastGradientNorm + 1e-6);
                for (int i = 0; i < parameters.Count; i++)
                {
                    Backend.Scale(parameters[i].Gradient, scale);
                }
            }
        }

        for (int i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].Trainable)
            {
                Update(parameters[i], Slots(parameters[i]));
            }
        }
    }

    /// <summary>Clears every parameter's gradient (gradients accumulate until this is called).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ZeroGrad(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        for (int i = 0; i < parameters.Count; i++)
        {
            parameters[i].ZeroGrad();
        }
    }

    /// <summary>Restores the step counter (state buffers are restored through <see cref="State"/>).</summary>
    public void SetIterations(long iterations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        Iterations = iterations;
    }

    /// <summary>Names of the state slots kept per parameter (for example <c>m</c>, <c>v</c>).</summary>
    protected abstract IReadOnlyList<string> SlotNames { get; }

    /// <summary>Updates one parameter; <paramref name="slots"/> are its state buffers in <see cref="SlotNames"/> order.</summary>
    protected abstract void Update(Parameter parameter, Tensor[] slots);

    /// <summary>Creates the state buffers for every parameter up front (otherwise they appear on the first step).</summary>
    public void Prepare(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var p in parameters)
        {
            Slots(p);
        }
    }

    private Tensor[] Slots(Parameter parameter)
    {
        if (_slots.TryGetValue(parameter, out Tensor[]? slots))
        {
            return slots;
        }

        slots = new Tensor[SlotNames.Count];
        for (int s = 0; s < slots.Length; s++)
        {
            slots[s] = Tensor.Zeros(parameter.Value.Shape, parameter.Value.DType);
            _state[$"{parameter.Name}.{SlotNames[s]}"] = slots[s];
        }

        _slots[parameter] = slots;
        return slots;
    }

    public override string ToString() => $"{Name}(lr={LearningRate})";
}
