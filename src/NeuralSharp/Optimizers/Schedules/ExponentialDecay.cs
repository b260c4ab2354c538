namespace NeuralSharp.Optimizers.Schedules;

/// <summary>η(e) = η₀·γ^e.</summary>
public sealed class ExponentialDecay : LearningRateSchedule
{
    public ExponentialDecay(double gamma)
    {
        if (!(gamma > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be positive.");
        }

        Gamma = gamma;
    }

    public double Gamma { get; }

    public override double RateAt(int epoch, double initialRate) => initialRate * Math.Pow(Gamma, epoch);
}
