using NeuralSharp.Optimizers;
using static NeuralSharp.Tests.Optimizers.OptimizerTestData;

namespace NeuralSharp.Tests.Optimizers;

/// <summary>RMSProp against torch.optim.RMSprop (alpha = ρ, centered = false), by hand.</summary>
/// <remarks>
/// With constant g and ρ = 0.9: s₁ = 0.1g², u₁ = g/(√0.1·|g|) = sign(g)·3.16227766; s₂ = 0.19g², u₂ = sign(g)·2.29415734.
/// </remarks>
public sealed class RmsPropTests
{
    private const double Eps = 1e-8;

    private static double U(double g, double sFactor) => g / (Math.Sqrt(sFactor * g * g) + Eps);

    [Fact]
    public void Without_momentum_two_steps()
    {
        // w = w₀ − 0.01(u₁ + u₂) = [1 − 0.0316227766 − 0.0229415734, −2 + 0.0545643500] = [0.94543565, −1.94543565].
        var rms = new RmsProp(0.01, rho: 0.9, momentum: 0, epsilon: Eps);
        double[] w = Run(rms, Weight());
        Near([1 - (0.01 * (U(0.5, 0.1) + U(0.5, 0.19))), -2 - (0.01 * (U(-1, 0.1) + U(-1, 0.19)))], w);
        Near([0.94543565, -1.94543565], w, 1e-8);

        // s = 0.19g² = [0.0475, 0.19]; no velocity buffer.
        Near([0.0475, 0.19], rms.State["w.mean_square"].ToDoubleArray(), 1e-15);
        Assert.False(rms.State.ContainsKey("w.velocity"));
    }

    [Fact]
    public void With_momentum_two_steps()
    {
        // (Decimals ignore ε = 1e−8, hence the 1e−6 tolerance on them; the formula check is exact.)
        // μ = 0.5: b₁ = u₁ = 3.16227766; b₂ = 0.5·3.16227766 + 2.29415734 = 3.87529617.
        // w = w₀ − 0.01(b₁ + b₂) = [1 − 0.0316227766 − 0.0387529617, …] = [0.92962426, −1.92962426].
        var rms = new RmsProp(0.01, rho: 0.9, momentum: 0.5, epsilon: Eps);
        double[] w = Run(rms, Weight());
        double b1 = U(0.5, 0.1), b2 = (0.5 * b1) + U(0.5, 0.19);
        double c1 = U(-1, 0.1), c2 = (0.5 * c1) + U(-1, 0.19);
        Near([1 - (0.01 * (b1 + b2)), -2 - (0.01 * (c1 + c2))], w);
        Near([0.92962426, -1.92962426], w, 1e-6);
        Near([3.87529617, -3.87529617], rms.State["w.velocity"].ToDoubleArray(), 1e-6);
    }

    [Fact]
    public void Weight_decay_is_added_to_the_gradient()
    {
        // λ = 0.1 on one step: g' = [0.5 + 0.1, −1 − 0.2] = [0.6, −1.2]; u = g'/√(0.1g'²) = ±3.16227766.
        var rms = new RmsProp(0.01, rho: 0.9, epsilon: Eps) { WeightDecay = 0.1 };
        Near([1 - (0.01 * U(0.6, 0.1)), -2 - (0.01 * U(-1.2, 0.1))], Run(rms, Weight(), steps: 1));
    }

    [Theory]
    [InlineData(1.0, 0.0, 1e-7)]
    [InlineData(-0.1, 0.0, 1e-7)]
    [InlineData(0.9, 1.0, 1e-7)]
    [InlineData(0.9, -0.1, 1e-7)]
    [InlineData(0.9, 0.0, 0.0)]
    public void Invalid_hyperparameters_throw(double rho, double momentum, double epsilon)
        => Assert.ThrowsAny<ArgumentException>(() => new RmsProp(0.001, rho, momentum, epsilon));
}
