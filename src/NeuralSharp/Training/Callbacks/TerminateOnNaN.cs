namespace NeuralSharp.Training.Callbacks;

/// <summary>The NaN guard: stops training as soon as a batch cost is NaN or infinite (a diverging learning rate,
/// usually), instead of running on with weights that are already lost. Always installed by <c>Fit</c>.</summary>
public sealed class TerminateOnNaN : ITrainingCallback
{
    private bool _diverged;
    private int _batch;

    public void OnEpochBegin(TrainingContext context, int epoch) => _diverged = false;

    public void OnBatchEnd(TrainingContext context, int batch, double loss)
    {
        if (!_diverged && !double.IsFinite(loss))
        {
            _diverged = true;
            _batch = batch;
        }
    }

    public void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_diverged)
        {
            context.RequestStop($"loss became NaN or infinite at epoch {epoch + 1}, batch {_batch + 1}: lower the learning rate");
        }
    }
}
