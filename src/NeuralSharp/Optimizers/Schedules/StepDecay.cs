namespace NeuralSharp.Optimizers.Schedules;

/// <summary>η(e) = η₀·γ^⌊e/stepSize⌋.</summary>
public sealed class StepDecay : LearningRateSchedule
{
    public StepDecay(int stepSize, double gamma)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSize);
        if (!(gamma > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be positive.");
        }

        StepSize = stepSize;
        Gamma = gamma;
    }

    public int StepSize { get; }

    public double Gamma { get; }

    public override double RateAt(int epoch, double initialRate) => initialRate * Math.Pow(Gamma, epoch / StepSize);
}
