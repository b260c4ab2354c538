using NeuralSharp.Optimizers;
using NeuralSharp.Tensors;
using static NeuralSharp.Tests.Optimizers.OptimizerTestData;

namespace NeuralSharp.Tests.Optimizers;

/// <summary>Behaviour shared by every optimizer: global-norm clipping, named state, frozen parameters.</summary>
public sealed class OptimizerBehaviourTests
{
    private static (Parameter A, Parameter B) TwoParameters(double[] ga, double[] gb)
    {
        Parameter a = Weight("a", [1, 1]), b = Weight("b", [1, 1]);
        a.Gradient.CopyFrom((ReadOnlySpan<double>)ga);
        b.Gradient.CopyFrom((ReadOnlySpan<double>)gb);
        return (a, b);
    }

    [Fact]
    public void Clip_norm_rescales_the_global_gradient_norm_over_all_parameters()
    {
        // ‖[3, 0, 0, 4]‖ = 5 > 1: every gradient is scaled by 1/5 → global norm 1.
        var (a, b) = TwoParameters([3, 0], [0, 4]);
        var sgd = new Sgd(1) { ClipNorm = 1, Backend = new Compute.CpuBackend(1) };
        sgd.Step([a, b]);

        Assert.Equal(5, sgd.LastGradientNorm, 1e-12);
        double norm = Math.Sqrt(a.Gradient.ToDoubleArray().Concat(b.Gradient.ToDoubleArray()).Sum(g => g * g));
        Assert.Equal(1, norm, 1e-6);
        Near([1 - 0.6, 1], a.Value.ToDoubleArray(), 1e-6);
        Near([1, 1 - 0.8], b.Value.ToDoubleArray(), 1e-6);
    }

    [Fact]
    public void Clip_norm_leaves_small_gradients_untouched()
    {
        // ‖[0.3, 0, 0, 0.4]‖ = 0.5 ≤ 1.
        var (a, b) = TwoParameters([0.3, 0], [0, 0.4]);
        var sgd = new Sgd(1) { ClipNorm = 1, Backend = new Compute.CpuBackend(1) };
        sgd.Step([a, b]);

        Assert.Equal(0.5, sgd.LastGradientNorm, 1e-12);
        Assert.Equal([0.3, 0], a.Gradient.ToDoubleArray());
        Assert.Equal([0, 0.4], b.Gradient.ToDoubleArray());
        Near([0.7, 1], a.Value.ToDoubleArray());
        Near([1, 0.6], b.Value.ToDoubleArray());
    }

    [Fact]
    public void State_exposes_named_buffers()
    {
        var (a, b) = TwoParameters([1, 1], [1, 1]);
        var adam = new Adam();
        adam.Prepare([a, b]);
        Assert.Equal(["a.m", "a.v", "b.m", "b.v"], adam.State.Keys.ToArray());

        var momentum = new Sgd(0.1, momentum: 0.9);
        momentum.Step([a]);
        Assert.Equal(["a.velocity"], momentum.State.Keys.ToArray());
        Assert.Equal(a.Value.Shape, momentum.State["a.velocity"].Shape);

        var rms = new RmsProp(momentum: 0.9);
        rms.Prepare([a]);
        Assert.Equal(["a.mean_square", "a.velocity"], rms.State.Keys.ToArray());
    }

    [Fact]
    public void Non_trainable_parameters_are_not_updated()
    {
        foreach (Optimizer optimizer in (Optimizer[])[new Sgd(0.1), new Sgd(0.1, 0.9, nesterov: true), new Adam(0.1), new AdamW(0.1), new RmsProp(0.1, momentum: 0.5)])
        {
            Parameter frozen = Weight("frozen");
            frozen.Trainable = false;
            Parameter live = Weight("live");
            optimizer.Backend = new Compute.CpuBackend(1);
            frozen.Gradient.CopyFrom((ReadOnlySpan<double>)[0.5, -1]);
            live.Gradient.CopyFrom((ReadOnlySpan<double>)[0.5, -1]);

            optimizer.Step([frozen, live]);

            Assert.Equal([1.0, -2.0], frozen.Value.ToDoubleArray());
            Assert.NotEqual([1.0, -2.0], live.Value.ToDoubleArray());
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Invalid_clip_norm_throws(double clip)
        => Assert.ThrowsAny<ArgumentException>(() => new Sgd(0.1) { ClipNorm = clip });

    [Theory]
    [InlineData(-0.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Invalid_weight_decay_throws(double decay)
    {
        Assert.ThrowsAny<ArgumentException>(() => new Adam { WeightDecay = decay });
        Assert.ThrowsAny<ArgumentException>(() => new AdamW(weightDecay: decay));
    }
}
