namespace NeuralSharp.Optimizers.Schedules;

/// <summary>A learning rate as a function of the epoch (0-based), starting from the optimizer's initial rate.
/// Applied at the start of each epoch by <see cref="Training.Callbacks.LearningRateScheduler"/>.</summary>
public abstract class LearningRateSchedule
{
    public abstract double RateAt(int epoch, double initialRate);

    /// <summary>η·γ^⌊epoch/stepSize⌋: multiply by <paramref name="gamma"/> every <paramref name="stepSize"/> epochs.</summary>
    public static LearningRateSchedule Step(int stepSize, double gamma = 0.1) => new StepDecay(stepSize, gamma);

    /// <summary>η·γ^epoch.</summary>
    public static LearningRateSchedule Exponential(double gamma) => new ExponentialDecay(gamma);

    /// <summary>Cosine annealing from η to <paramref name="minimumRate"/> over <paramref name="totalEpochs"/>.</summary>
    public static LearningRateSchedule Cosine(int totalEpochs, double minimumRate = 0) => new CosineDecay(totalEpochs, minimumRate);
}
