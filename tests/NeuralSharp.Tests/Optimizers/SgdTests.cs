using NeuralSharp.Optimizers;
using static NeuralSharp.Tests.Optimizers.OptimizerTestData;

namespace NeuralSharp.Tests.Optimizers;

/// <summary>SGD, heavy-ball momentum and Nesterov against PyTorch's torch.optim.SGD rules (dampening 0), by hand.</summary>
public sealed class SgdTests
{
    [Fact]
    public void Plain_sgd_two_steps()
    {
        // w ← w − ηg with η = 0.1, g = [0.5, −1]: [1, −2] → [0.95, −1.9] → [0.9, −1.8].
        var sgd = new Sgd(0.1);
        Near([0.9, -1.8], Run(sgd, Weight()));
        Assert.Empty(sgd.State);
        Assert.Equal("sgd", sgd.Name);
    }

    [Fact]
    public void Momentum_two_steps()
    {
        // μ = 0.9. Step 1: v = g = [0.5, −1]; w = [1, −2] − 0.1v = [0.95, −1.9].
        // Step 2: v = 0.9·[0.5, −1] + [0.5, −1] = [0.95, −1.9]; w = [0.95, −1.9] − 0.1·[0.95, −1.9] = [0.855, −1.71].
        var sgd = new Sgd(0.1, momentum: 0.9);
        var w = Weight();
        Near([0.855, -1.71], Run(sgd, w));
        Near([0.95, -1.9], sgd.State["w.velocity"].ToDoubleArray());
        Assert.Equal("momentum", sgd.Name);
    }

    [Fact]
    public void Nesterov_two_steps()
    {
        // μ = 0.9. Step 1: v = [0.5, −1]; step = g + μv = [0.95, −1.9]; w = [1 − 0.095, −2 + 0.19] = [0.905, −1.81].
        // Step 2: v = [0.95, −1.9]; step = g + μv = [0.5 + 0.855, −1 − 1.71] = [1.355, −2.71];
        // w = [0.905 − 0.1355, −1.81 + 0.271] = [0.7695, −1.539].
        var sgd = new Sgd(0.1, momentum: 0.9, nesterov: true);
        Near([0.7695, -1.539], Run(sgd, Weight()));
        Near([0.95, -1.9], sgd.State["w.velocity"].ToDoubleArray());
        Assert.Equal("nesterov", sgd.Name);
    }

    [Fact]
    public void Weight_decay_adds_lambda_w_to_the_gradient()
    {
        // λ = 0.1. Step 1: g' = [0.5 + 0.1, −1 − 0.2] = [0.6, −1.2]; w = [0.94, −1.88].
        // Step 2: g' = [0.5 + 0.094, −1 − 0.188] = [0.594, −1.188]; w = [0.94 − 0.0594, −1.88 + 0.1188] = [0.8806, −1.7612].
        var sgd = new Sgd(0.1) { WeightDecay = 0.1 };
        Near([0.8806, -1.7612], Run(sgd, Weight()));
    }

    [Theory]
    [InlineData(0.0, 0.0, false)]
    [InlineData(-0.1, 0.0, false)]
    [InlineData(double.NaN, 0.0, false)]
    [InlineData(double.PositiveInfinity, 0.0, false)]
    [InlineData(0.1, 1.0, false)]
    [InlineData(0.1, -0.5, false)]
    [InlineData(0.1, 0.0, true)]
    public void Invalid_hyperparameters_throw(double lr, double momentum, bool nesterov)
        => Assert.ThrowsAny<ArgumentException>(() => new Sgd(lr, momentum, nesterov));
}
