using System.Runtime.CompilerServices;
using NeuralSharp.Layers;
using NeuralSharp.Metrics;
using NeuralSharp.Models;
using NeuralSharp.Optimizers;
using NeuralSharp.Tensors;
using NeuralSharp.Training.Callbacks;

namespace NeuralSharp.Training;

/// <summary>
/// The training loop, kept thin: for each epoch, for each (shuffled) batch — forward, cost, backward,
/// optimizer step — then validation and callbacks. Buffers are allocated before the first step and reused,
/// so the step itself allocates nothing.
/// </summary>
internal sealed class Trainer(Sequential model, Optimizer optimizer, Metric[] metrics)
{
    private readonly BatchBuffer _xBatch = new();
    private readonly BatchBuffer _yBatch = new();
    private readonly BatchBuffer _gradient = new();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public History Run(Tensor x, Tensor y, (Tensor X, Tensor Y)? validation, int epochs, int batchSize, bool shuffle, ulong seed, IEnumerable<ITrainingCallback>? userCallbacks, bool verbose)
    {
        int n = x.Rows;
        int batch = batchSize == 0 || batchSize > n ? Math.Max(n, 1) : batchSize;
        int batches = (n + batch - 1) / batch;
        var history = new History();
        var callbacks = new List<ITrainingCallback> { new TerminateOnNaN() };
        if (userCallbacks is not null)
        {
            callbacks.AddRange(userCallbacks);
        }

        if (verbose)
        {
            callbacks.Add(new ProgressLogger());
        }

        var context = new TrainingContext(model, optimizer, history, epochs, batches, n, validation is not null);
        Metric[] validationMetrics = model.FreshMetrics();

        IReadOnlyList<Parameter> parameters = model.Parameters;
        optimizer.Prepare(parameters);
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var shuffler = new RandomSource(seed).Fork(1);
        Shape inputShape = model.InputShape;
        Shape targetShape = new(y.RowSize);
        foreach (var c in callbacks)
        {
            c.OnTrainBegin(context);
        }

        for (int epoch = 0; epoch < epochs && !context.StopTraining; epoch++)
        {
            foreach (var c in callbacks)
            {
                c.OnEpochBegin(context, epoch);
            }

            if (shuffle)
            {
                shuffler.Shuffle(order.AsSpan());
            }

            foreach (var m in metrics)
            {
                m.Reset();
            }

            double lossSum = 0;
            for (int b = 0; b < batches; b++)
            {
                int start = b * batch;
                int rows = Math.Min(batch, n - start);
                ReadOnlySpan<int> indices = order.AsSpan(start, rows);
                Tensor xb = _xBatch.Get(rows, inputShape, model.DType);
                Tensor yb = _yBatch.Get(rows, targetShape, model.DType);
                model.Backend.GatherRows(x, indices, xb);
                model.Backend.GatherRows(y, indices, yb);
                double batchLoss = Step(xb, yb, parameters);
                lossSum += batchLoss * rows;
                foreach (var c in callbacks)
                {
                    c.OnBatchEnd(context, b, batchLoss);
                }
            }

            var logs = new Dictionary<string, double>(StringComparer.Ordinal) { ["loss"] = n == 0 ? 0 : lossSum / n };
            foreach (var m in metrics)
            {
                logs[m.Name] = m.Result();
            }

            if (validation is { } v)
            {
                logs["val_loss"] = model.EvaluateInto(v.X, v.Y, Math.Max(batch, 256), validationMetrics);
                foreach (var m in validationMetrics)
                {
                    logs["val_" + m.Name] = m.Result();
                }
            }

            logs["lr"] = optimizer.LearningRate;
            history.Add(logs);
            foreach (var c in callbacks)
            {
                c.OnEpochEnd(context, epoch, logs);
            }
        }

        foreach (var c in callbacks)
        {
            c.OnTrainEnd(context);
        }

        return history;
    }

    /// <summary>One gradient-descent step on a batch; returns the batch cost.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Step(Tensor xb, Tensor yb, IReadOnlyList<Parameter> parameters)
    {
        Optimizer.ZeroGrad(parameters);
        Tensor output = model.ForwardBatch(xb, training: true);
        Tensor gradient = _gradient.Get(output.Rows, model.OutputShape, model.DType);
        double cost = model.TrainingCost(output, yb, gradient, metrics.Length > 0, out Tensor? probabilities);
        model.BackwardBatch(gradient);
        optimizer.Step(parameters);
        if (probabilities is not null)
        {
            foreach (var m in metrics)
            {
                Metric.UpdateNamed(m, probabilities, yb);
            }
        }

        return cost;
    }
}
