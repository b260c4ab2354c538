using System.Runtime.CompilerServices;
using NeuralSharp.Compute;
using NeuralSharp.Data;
using NeuralSharp.Layers;
using NeuralSharp.Metrics;
using NeuralSharp.Tensors;
using NeuralSharp.Training;

namespace NeuralSharp.Models;

/// <summary>Loss and metrics of a model on a data set: the loss is the cost, the mean over every example.</summary>
public sealed record Evaluation(double Loss, IReadOnlyDictionary<string, double> Metrics, int Examples)
{
    /// <summary>The loss (<c>"loss"</c>) or a compiled metric by name.</summary>
    /// <exception cref="KeyNotFoundException">No metric of that name was compiled; the message lists those that were.</exception>
    public double this[string name] => name == "loss" ? Loss
        : Metrics.TryGetValue(name, out double value) ? value
        : throw new KeyNotFoundException($"The evaluation has no '{name}'. It holds: {string.Join(", ", ["loss", .. Metrics.Keys])} (compile the model with a metric to have it evaluated).");
}

public sealed partial class Sequential
{
    private readonly BatchBuffer _evalX = new();
    private readonly BatchBuffer _evalY = new();

    /// <summary>
    /// Trains the model by gradient descent for <paramref name="epochs"/> passes over (<paramref name="x"/>, <paramref name="y"/>).
    /// </summary>
    /// <param name="x">Inputs, N × features (or N × any example shape).</param>
    /// <param name="y">Targets, N × outputs; for categorical cross-entropy, one-hot rows or one class index per row.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="batchSize">Examples per update: 1 is stochastic gradient descent (an update after every example),
    /// N mini-batch, 0 (or ≥ the set size) full-batch descent (one update per epoch from the cost over all data).</param>
    /// <param name="validationSplit">Fraction of examples, taken from the end of the data before shuffling
    /// (as Keras does), held out to compute <c>val_loss</c> and <c>val_{metric}</c> each epoch.</param>
    /// <param name="validationData">Held-out (inputs, targets) instead of a split.</param>
    /// <param name="shuffle">Shuffle the training examples every epoch (seeded).</param>
    /// <param name="seed">Seeds the initial weights (when the model is not yet initialized) and the shuffling.
    /// The same seed gives bitwise-identical trained weights. Null: a random seed, recorded in <see cref="Seed"/>.</param>
    /// <param name="callbacks">Early stopping, schedules, targets, progress, … (a NaN guard is always added).</param>
    /// <param name="verbose">Print one line per epoch to standard output.</param>
    public History Fit(
        Tensor x,
        Tensor y,
        int epochs = 1,
        int batchSize = 32,
        double validationSplit = 0,
        (Tensor X, Tensor Y)? validationData = null,
        bool shuffle = true,
        ulong? seed = null,
        IEnumerable<ITrainingCallback>? callbacks = null,
        bool verbose = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        ArgumentOutOfRangeException.ThrowIfNegative(batchSize);
        if (validationSplit is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(validationSplit), validationSplit, "The validation split must be in [0, 1).");
        }

        if (Optimizer is null)
        {
            throw new InvalidOperationException("Call Compile(loss, optimizer, metrics) before Fit.");
        }

        CheckData(x, y, nameof(x));
        Tensor trainX = x, trainY = y;
        (Tensor X, Tensor Y)? validation = validationData;
        if (validationData is { } vd)
        {
            CheckData(vd.X, vd.Y, nameof(validationData));
        }
        else if (validationSplit > 0)
        {
            int valRows = (int)Math.Ceiling(x.Rows * validationSplit);
            int trainRows = x.Rows - valRows;
            if (trainRows < 1 || valRows < 1)
            {
                throw new ArgumentException($"A validation split of {validationSplit} leaves no examples for training or validation out of {x.Rows}.", nameof(validationSplit));
            }

            trainX = RowGather.Slice(x, 0, trainRows);
            trainY = RowGather.Slice(y, 0, trainRows);
            validation = (RowGather.Slice(x, trainRows, valRows), RowGather.Slice(y, trainRows, valRows));
        }

        EnsureInitialized(seed);
        var trainer = new Trainer(this, Optimizer, _metrics);
        return trainer.Run(trainX, trainY, validation, epochs, batchSize, shuffle, seed ?? Seed ?? 0, callbacks, verbose);
    }

    /// <summary>The cost and metrics of the model on (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public Evaluation Evaluate(Tensor x, Tensor y, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        CheckData(x, y, nameof(x));
        EnsureInitialized(null);
        Metric[] metrics = FreshMetrics();
        double loss = EvaluateInto(x, y, batchSize, metrics);
        var results = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var m in metrics)
        {
            results[m.Name] = m.Result();
        }

        return new Evaluation(loss, results, x.Rows);
    }

    /// <summary>Outputs for every row of <paramref name="x"/>: class probabilities for classification
    /// (softmax rows, or the sigmoid probability of class 1), values for regression. A model whose last layer is
    /// linear and whose loss takes logits (<c>fromLogits: true</c>) gives logits, as Keras and PyTorch do.</summary>
    public Tensor Predict(Tensor x, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        EnsureInitialized(null);
        CheckInputs(x, nameof(x));
        var result = Tensor.Zeros(OutputShape.WithBatch(x.Rows), DType);
        int cols = result.RowSize;
        for (int start = 0; start < x.Rows; start += batchSize)
        {
            int n = Math.Min(batchSize, x.Rows - start);
            Tensor xb = BatchOf(x, start, n, _evalX, InputShape);
            Tensor output = ToProbabilities(ForwardBatch(xb, training: false));
            if (DType == DType.Float32)
            {
                output.Float32Span.CopyTo(result.Float32Span.Slice(start * cols, n * cols));
            }
            else
            {
                output.Float64Span.CopyTo(result.Float64Span.Slice(start * cols, n * cols));
            }
        }

        return result;
    }

    /// <summary>
    /// Outputs for one example, without allocating: <paramref name="input"/> holds the example's features,
    /// <paramref name="output"/> receives the outputs (probabilities for classification). For low-latency
    /// serving; <see cref="Predict(Tensor, int)"/> is the batch form.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        EnsureInitialized(null);
        if (input.Length != InputShape.ElementCount || output.Length != OutputShape.ElementCount)
        {
            throw new ArgumentException($"Expected {InputShape.ElementCount} inputs and room for {OutputShape.ElementCount} outputs; got {input.Length} and {output.Length}.");
        }

        if (DType != DType.Float32)
        {
            throw new InvalidOperationException($"The span overload needs a Float32 model; this one is {DType}.");
        }

        if (RowPlan() is Tensor[] rows)
        {
            // Every layer has a single-example path: rows[i] is layer i's output. Layer 0 is always the Input (Build
            // checks it), whose output is the example itself, so the first layer reads the caller's span in place:
            // a copy would put the example in this core's cache, from where the other core would have to fetch it.
            ReadOnlySpan<float> row = input;
            for (int i = 1; i < _layers.Count; i++)
            {
                Span<float> next = rows[i].Float32Span;
                if (i + 1 < _layers.Count && _layers[i].ForwardRowPair(_layers[i + 1], row, next, rows[i + 1].Float32Span))
                {
                    row = rows[++i].Float32Span;
                    continue;
                }

                _layers[i].ForwardRow(row, next);
                row = next;
            }

            row.CopyTo(output);
            return;
        }

        Tensor x = _evalX.Get(1, InputShape, DType);
        input.CopyTo(x.Float32Span);
        ToProbabilities(ForwardBatch(x, training: false)).Float32Span.CopyTo(output);
    }

    /// <summary>
    /// The 1-row tensors of the single-example path (each layer's output, alternating over two buffers; the Input's,
    /// which is the example itself, is not used), built on first use; null when some layer has no such path.
    /// </summary>
    private Tensor[]? RowPlan()
    {
        if (_rowPlan is not null || !_layers.TrueForAll(l => l.HasRowForward))
        {
            return _rowPlan;
        }

        int widest = 0;
        foreach (var layer in _layers)
        {
            widest = Math.Max(widest, (int)layer.OutputShape.ElementCount);
        }

        var buffers = new[] { Tensor.Zeros(new Shape(widest), DType), Tensor.Zeros(new Shape(widest), DType) };
        var rows = new Tensor[_layers.Count];
        for (int i = 0; i < _layers.Count; i++)
        {
            rows[i] = buffers[i % 2].View(new Shape(1, (int)_layers[i].OutputShape.ElementCount));
        }

        return _rowPlan = rows;
    }

    /// <summary>The predicted class of every row: the most probable class (argmax) for several outputs,
    /// 1 when the probability is above <paramref name="threshold"/> for one output — the same rule the
    /// classification metrics use (<see cref="Classes.Predicted"/>). For a model compiled with a loss that takes
    /// logits (<c>new BinaryCrossEntropy(fromLogits: true)</c>) and a linear output, <see cref="Predict(Tensor, int)"/>
    /// gives logits, and the threshold applies to the probability they stand for (σ(z) &gt; threshold), not to the
    /// logit.</summary>
    public int[] PredictClasses(Tensor x, double threshold = 0.5)
    {
        Tensor p = Predict(x);
        var classes = new int[p.Rows];
        bool logits = Loss?.FromLogits == true && OutputActivation?.Function is null or ActivationFunction.Linear;
        Classes.Predicted(p, classes, threshold, fromLogits: logits);
        return classes;
    }

    /// <summary>New, reset instances of the compiled metrics (metrics are stateful; evaluation must not disturb training's).</summary>
    internal Metric[] FreshMetrics()
    {
        var metrics = new Metric[_metrics.Length];
        for (int i = 0; i < metrics.Length; i++)
        {
            metrics[i] = _metrics[i].Fresh();
        }

        return metrics;
    }

    /// <summary>Mean loss over all of (x, y), updating <paramref name="metrics"/> (which are reset first).</summary>
    internal double EvaluateInto(Tensor x, Tensor y, int batchSize, Metric[] metrics)
    {
        foreach (var m in metrics)
        {
            m.Reset();
        }

        double total = 0;
        Shape targetShape = new(y.RowSize);
        for (int start = 0; start < x.Rows; start += batchSize)
        {
            int n = Math.Min(batchSize, x.Rows - start);
            Tensor xb = BatchOf(x, start, n, _evalX, InputShape);
            Tensor yb = BatchOf(y, start, n, _evalY, targetShape);
            Tensor output = ForwardBatch(xb, training: false);
            total += TrainingLoss.Compute(Backend, output, yb, null) * n;
            if (metrics.Length > 0)
            {
                Tensor p = ToProbabilities(output);
                foreach (var m in metrics)
                {
                    Metric.UpdateNamed(m, p, yb);
                }
            }
        }

        return x.Rows == 0 ? 0 : total / x.Rows;
    }

    /// <summary>Rows [start, start + n) of <paramref name="source"/> as a batch tensor (copied into a reused buffer).</summary>
    private Tensor BatchOf(Tensor source, int start, int n, BatchBuffer buffer, Shape perExample)
    {
        Tensor batch = buffer.Get(n, perExample, DType);
        int cols = source.RowSize;
        if (source.DType == DType && DType == DType.Float32)
        {
            source.Float32Span.Slice(start * cols, n * cols).CopyTo(batch.Float32Span);
        }
        else if (source.DType == DType && DType == DType.Float64)
        {
            source.Float64Span.Slice(start * cols, n * cols).CopyTo(batch.Float64Span);
        }
        else
        {
            for (int i = 0; i < n * cols; i++)
            {
                batch.SetDouble(i, source.GetDouble((start * cols) + i));
            }
        }

        return batch;
    }
}
