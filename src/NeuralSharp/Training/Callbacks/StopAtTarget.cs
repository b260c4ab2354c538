namespace NeuralSharp.Training.Callbacks;

/// <summary>
/// Stops training once <see cref="Monitor"/> reaches <see cref="Target"/>: at or below it for losses and
/// errors (for example <c>loss</c> ≤ 0.01: "until the error is small enough"), at or above it for accuracy-like metrics.
/// </summary>
public sealed class StopAtTarget(string monitor, double target) : ITrainingCallback
{
    private readonly MonitoredQuantity _quantity = MonitoredQuantity.For(monitor);

    public string Monitor { get; } = monitor;

    public double Target { get; } = target;

    public void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(context);
        double value = _quantity.Read(logs);
        bool reached = _quantity.LowerIsBetter ? value <= Target : value >= Target;
        if (reached)
        {
            context.RequestStop($"target reached: {Monitor} = {value:G6} (target {Target:G6}) at epoch {epoch + 1}");
        }
    }
}
