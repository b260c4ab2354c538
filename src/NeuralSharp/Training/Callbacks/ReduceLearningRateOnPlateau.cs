namespace NeuralSharp.Training.Callbacks;

/// <summary>
/// Multiplies the learning rate by <see cref="Factor"/> when <see cref="Monitor"/> (default <c>val_loss</c>, or
/// <c>loss</c> without validation) has not improved for <see cref="Patience"/> epochs, never below <see cref="MinimumRate"/>.
/// </summary>
public sealed class ReduceLearningRateOnPlateau(double factor = 0.1, int patience = 10, string? monitor = null, double minDelta = 1e-4, double minimumRate = 0) : ITrainingCallback
{
    private MonitoredQuantity _quantity;
    private double _best;
    private int _wait;

    public double Factor { get; } = factor is > 0 and < 1 ? factor : throw new ArgumentOutOfRangeException(nameof(factor), factor, "Factor must be in (0, 1).");

    public int Patience { get; } = patience >= 0 ? patience : throw new ArgumentOutOfRangeException(nameof(patience), patience, "Patience must be ≥ 0.");

    public string? Monitor { get; } = monitor;

    public double MinDelta { get; } = minDelta;

    public double MinimumRate { get; } = minimumRate;

    public void OnTrainBegin(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _quantity = MonitoredQuantity.For(Monitor ?? (context.HasValidation ? "val_loss" : "loss"));
        _best = _quantity.Worst;
        _wait = 0;
    }

    public void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(context);
        double value = _quantity.Read(logs);
        if (_quantity.Improves(value, _best, MinDelta))
        {
            _best = value;
            _wait = 0;
            return;
        }

        if (++_wait >= Patience)
        {
            double reduced = Math.Max(MinimumRate, context.Optimizer.LearningRate * Factor);
            if (reduced > 0 && reduced < context.Optimizer.LearningRate)
            {
                context.Optimizer.LearningRate = reduced;
            }

            _wait = 0;
        }
    }
}
