using NeuralSharp.Models;
using NeuralSharp.Optimizers;

namespace NeuralSharp.Training;

/// <summary>What callbacks see and may change during <c>Fit</c>.</summary>
public sealed class TrainingContext
{
    internal TrainingContext(Sequential model, Optimizer optimizer, History history, int epochs, int batchesPerEpoch, int trainingExamples, bool hasValidation)
    {
        Model = model;
        Optimizer = optimizer;
        History = history;
        Epochs = epochs;
        BatchesPerEpoch = batchesPerEpoch;
        TrainingExamples = trainingExamples;
        HasValidation = hasValidation;
    }

    public Sequential Model { get; }

    public Optimizer Optimizer { get; }

    public History History { get; }

    /// <summary>Epochs requested.</summary>
    public int Epochs { get; }

    public int BatchesPerEpoch { get; }

    public int TrainingExamples { get; }

    public bool HasValidation { get; }

    /// <summary>Set by a callback to end training after the current epoch.</summary>
    public bool StopTraining { get; private set; }

    /// <summary>Asks <c>Fit</c> to stop after this epoch, recording <paramref name="reason"/> in the history.</summary>
    public void RequestStop(string reason)
    {
        StopTraining = true;
        History.StopReason ??= reason;
    }
}
