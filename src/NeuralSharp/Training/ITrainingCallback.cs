namespace NeuralSharp.Training;

/// <summary>
/// Hooks into <c>Fit</c>. Each feature around the loop — progress output, early stopping, schedules,
/// stopping at a target, the NaN guard — is one small callback. All methods default to doing nothing.
/// </summary>
public interface ITrainingCallback
{
    void OnTrainBegin(TrainingContext context)
    {
    }

    void OnEpochBegin(TrainingContext context, int epoch)
    {
    }

    /// <summary>After each optimizer step; <paramref name="loss"/> is the batch's cost. Must not allocate.</summary>
    void OnBatchEnd(TrainingContext context, int batch, double loss)
    {
    }

    /// <summary>After validation, with this epoch's logs (<c>loss</c>, metrics, <c>val_*</c>).</summary>
    void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
    }

    void OnTrainEnd(TrainingContext context)
    {
    }
}
