using NeuralSharp.Optimizers;
using static NeuralSharp.Tests.Optimizers.OptimizerTestData;

namespace NeuralSharp.Tests.Optimizers;

/// <summary>Adam and AdamW against torch.optim.Adam / AdamW update rules, by hand.</summary>
/// <remarks>
/// With a constant gradient g the bias-corrected moments are exact: after step 1 m = 0.1g, v = 0.001g²,
/// m̂ = m/0.1 = g, v̂ = v/0.001 = g²; after step 2 m = 0.19g, v = 0.001999g², m̂ = g, v̂ = g².
/// So each step moves w by η·g/(|g| + ε).
/// </remarks>
public sealed class AdamTests
{
    private const double Eps = 1e-8;

    private static double Move(double g, double lr = 0.1) => lr * g / (Math.Abs(g) + Eps);

    [Fact]
    public void Adam_two_steps_and_moment_state()
    {
        // w = [1, −2] − 2·0.1·sign(g)·|g|/(|g| + 1e−8) ≈ [0.8, −1.8].
        var adam = new Adam(0.1, 0.9, 0.999, Eps);
        Near([1 - (2 * Move(0.5)), -2 - (2 * Move(-1))], Run(adam, Weight()));

        // m = 0.19g = [0.095, −0.19]; v = (1 − 0.999²)g² = 0.001999·[0.25, 1] = [0.00049975, 0.001999].
        Near([0.095, -0.19], adam.State["w.m"].ToDoubleArray(), 1e-15);
        Near([0.00049975, 0.001999], adam.State["w.v"].ToDoubleArray(), 1e-15);
        Assert.Equal(2, adam.Iterations);
    }

    [Fact]
    public void Adamw_decays_weights_decoupled_from_the_gradient()
    {
        // λ = 0.01, η = 0.1: w ← w·(1 − 0.001) − η·g/(|g| + ε).
        // Step 1: [0.999 − 0.1, −1.998 + 0.1] = [0.899, −1.898]; step 2: [0.899·0.999 − 0.1, −1.898·0.999 + 0.1] = [0.798101, −1.796102].
        var adamw = new AdamW(0.1, weightDecay: 0.01, epsilon: Eps);
        double w0 = (1 * 0.999) - Move(0.5), w1 = (-2 * 0.999) - Move(-1);
        Near([(w0 * 0.999) - Move(0.5), (w1 * 0.999) - Move(-1)], Run(adamw, Weight()));
        Near([0.798101, -1.796102], Run(new AdamW(0.1, weightDecay: 0.01, epsilon: Eps), Weight()), 1e-6);
        Assert.Equal("adamw", adamw.Name);
    }

    [Fact]
    public void Adam_weight_decay_is_coupled_l2_and_differs_from_adamw()
    {
        // L2: g' = g + λw with λ = 0.01.
        // Step 1: g'₁ = [0.51, −1.02]; m = 0.1g'₁, v = 0.001g'₁²; m̂ = g'₁, v̂ = g'₁² → w = [0.9, −1.9] (up to ε).
        // Step 2: g'₂ = [0.5 + 0.009, −1 − 0.019] = [0.509, −1.019];
        // m = 0.9·0.1·g'₁ + 0.1·g'₂ = [0.0968, −0.1937]; v = 0.999·0.001·g'₁² + 0.001·g'₂² = [0.0005189209, 0.0020777206];
        // w −= 0.1·(m/0.19)/(√(v/0.001999) + ε) → ≈ [0.8000052, −1.8000029].
        var adam = new Adam(0.1, 0.9, 0.999, Eps) { WeightDecay = 0.01 };
        double[] g1 = [0.51, -1.02];
        double[] w1 = [1 - Move(0.51), -2 - Move(-1.02)];
        double[] g2 = [0.5 + (0.01 * w1[0]), -1 + (0.01 * w1[1])];
        double[] expected = new double[2];
        for (int i = 0; i < 2; i++)
        {
            double m = (0.9 * 0.1 * g1[i]) + (0.1 * g2[i]);
            double v = (0.999 * 0.001 * g1[i] * g1[i]) + (0.001 * g2[i] * g2[i]);
            expected[i] = w1[i] - (0.1 * (m / 0.19) / (Math.Sqrt(v / (1 - (0.999 * 0.999))) + Eps));
        }

        double[] coupled = Run(adam, Weight());
        Near(expected, coupled, 1e-12);
        Near([0.8000052, -1.8000029], coupled, 1e-6);

        double[] decoupled = Run(new AdamW(0.1, weightDecay: 0.01, epsilon: Eps), Weight());
        Assert.True(Math.Abs(coupled[0] - decoupled[0]) > 1e-3, "L2 and decoupled decay should differ");
    }

    [Theory]
    [InlineData(1.0, 0.999, 1e-8)]
    [InlineData(-0.1, 0.999, 1e-8)]
    [InlineData(0.9, 1.0, 1e-8)]
    [InlineData(0.9, 0.999, 0.0)]
    public void Invalid_hyperparameters_throw(double beta1, double beta2, double epsilon)
        => Assert.ThrowsAny<ArgumentException>(() => new Adam(0.001, beta1, beta2, epsilon));

    [Fact]
    public void Invalid_learning_rate_throws()
    {
        Assert.ThrowsAny<ArgumentException>(() => new Adam(0));
        Assert.ThrowsAny<ArgumentException>(() => new AdamW(-1));
        Assert.ThrowsAny<ArgumentException>(() => new Adam().LearningRate = double.NaN);
    }
}
