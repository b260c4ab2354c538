namespace NeuralSharp.Optimizers.Schedules;

/// <summary>η(e) = η_min + ½(η₀ − η_min)(1 + cos(π·e/E)) for e ≤ E, then η_min.</summary>
public sealed class CosineDecay : LearningRateSchedule
{
    public CosineDecay(int totalEpochs, double minimumRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalEpochs);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumRate);
        TotalEpochs = totalEpochs;
        MinimumRate = minimumRate;
    }

    public int TotalEpochs { get; }

    public double MinimumRate { get; }

    public override double RateAt(int epoch, double initialRate)
    {
        double progress = Math.Min(1.0, (double)epoch / TotalEpochs);
        return MinimumRate + (0.5 * (initialRate - MinimumRate) * (1 + Math.Cos(Math.PI * progress)));
    }
}
