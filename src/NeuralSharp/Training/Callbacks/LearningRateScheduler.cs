using NeuralSharp.Optimizers.Schedules;

namespace NeuralSharp.Training.Callbacks;

/// <summary>Sets the optimizer's learning rate from <see cref="Schedule"/> at the start of every epoch and logs it as <c>lr</c>.</summary>
public sealed class LearningRateScheduler(LearningRateSchedule schedule) : ITrainingCallback
{
    public LearningRateSchedule Schedule { get; } = schedule ?? throw new ArgumentNullException(nameof(schedule));

    public void OnEpochBegin(TrainingContext context, int epoch)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Optimizer.LearningRate = Schedule.RateAt(epoch, context.Optimizer.InitialLearningRate);
    }
}
