using NeuralSharp.Optimizers.Schedules;

namespace NeuralSharp.Tests.Optimizers;

/// <summary>Learning-rate schedules at a few epochs, η₀ = 0.1.</summary>
public sealed class ScheduleTests
{
    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(1, 0.1)]
    [InlineData(2, 0.05)]
    [InlineData(3, 0.05)]
    [InlineData(4, 0.025)]
    [InlineData(7, 0.0125)]
    public void Step_decay_halves_every_two_epochs(int epoch, double expected)
        => Assert.Equal(expected, LearningRateSchedule.Step(2, 0.5).RateAt(epoch, 0.1), 1e-15);

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(1, 0.09)]
    [InlineData(2, 0.081)]
    [InlineData(10, 0.034867844010000006)]
    public void Exponential_decay(int epoch, double expected)
        => Assert.Equal(expected, new ExponentialDecay(0.9).RateAt(epoch, 0.1), 1e-15);

    [Theory]
    [InlineData(0, 0.1)]

    // 0.001 + 0.5·0.099·(1 + cos(0.2π)) = 0.001 + 0.0495·1.80901699 = 0.0905463412.
    [InlineData(2, 0.0905463412)]

    // Half way: cos(π/2) = 0 → 0.001 + 0.0495 = 0.0505.
    [InlineData(5, 0.0505)]
    [InlineData(10, 0.001)]
    [InlineData(15, 0.001)]
    public void Cosine_decay(int epoch, double expected)
        => Assert.Equal(expected, LearningRateSchedule.Cosine(10, 0.001).RateAt(epoch, 0.1), 1e-9);

    [Fact]
    public void Invalid_schedule_arguments_throw()
    {
        Assert.ThrowsAny<ArgumentException>(() => new StepDecay(0, 0.5));
        Assert.ThrowsAny<ArgumentException>(() => new StepDecay(2, 0));
        Assert.ThrowsAny<ArgumentException>(() => new ExponentialDecay(0));
        Assert.ThrowsAny<ArgumentException>(() => new ExponentialDecay(double.NaN));
        Assert.ThrowsAny<ArgumentException>(() => new CosineDecay(0, 0));
        Assert.ThrowsAny<ArgumentException>(() => new CosineDecay(10, -0.1));
    }
}
