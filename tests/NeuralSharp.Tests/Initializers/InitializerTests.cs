using NeuralSharp.Initializers;
using NeuralSharp.Tensors;

namespace NeuralSharp.Tests.Initializers;

/// <summary>Initializer bounds, moments and seeding on a 400 × 300 weight (fanIn 400, fanOut 300), and RandomSource.</summary>
public sealed class InitializerTests
{
    private const int FanIn = 400;
    private const int FanOut = 300;

    private static double[] Draw(Initializer initializer, ulong seed)
    {
        var t = Tensor.Zeros(new Shape(FanIn, FanOut), DType.Float64);
        initializer.Initialize(t, FanIn, FanOut, new RandomSource(seed));
        return t.ToDoubleArray();
    }

    /// <summary>name, expected variance, uniform limit (0 when unbounded).</summary>
    public static TheoryData<string, double, double> RandomKinds => new()
    {
        { "uniform", 0.1 * 0.1 / 12, 0.05 },
        { "normal", 0.05 * 0.05, 0 },
        { "glorot_uniform", 2.0 / (FanIn + FanOut), Math.Sqrt(6.0 / (FanIn + FanOut)) },
        { "glorot_normal", 2.0 / (FanIn + FanOut), 0 },
        { "he_uniform", 2.0 / FanIn, Math.Sqrt(6.0 / FanIn) },
        { "he_normal", 2.0 / FanIn, 0 },
    };

    [Theory]
    [MemberData(nameof(RandomKinds))]
    public void Random_kinds_have_expected_bounds_mean_and_variance(string name, double variance, double limit)
    {
        double[] w = Draw(Initializer.FromName(name), 42);
        double mean = w.Average();
        double sampleVariance = w.Sum(x => (x - mean) * (x - mean)) / (w.Length - 1);

        // Standard error of the mean is σ/√120000 ≈ 0.003σ; allow 0.015σ. Variance within 3 %.
        Assert.True(Math.Abs(mean) < 0.015 * Math.Sqrt(variance), $"{name}: mean {mean}");
        Assert.True(Math.Abs((sampleVariance / variance) - 1) < 0.03, $"{name}: variance {sampleVariance}, expected {variance}");
        if (limit > 0)
        {
            Assert.All(w, x => Assert.InRange(x, -limit, limit));
            Assert.True(w.Max() > 0.99 * limit && w.Min() < -0.99 * limit, $"{name}: draws do not reach ±{limit}");
        }
        else
        {
            // A normal sample of 120 000 reaches beyond 3σ but (almost surely) not 6σ.
            double sigma = Math.Sqrt(variance);
            Assert.True(w.Max() > 3 * sigma && w.Min() < -3 * sigma, $"{name}: tails too short");
            Assert.All(w, x => Assert.InRange(x, -6 * sigma, 6 * sigma));
        }
    }

    [Theory]
    [MemberData(nameof(RandomKinds))]
    public void Same_seed_same_values_other_seed_other_values(string name, double variance, double limit)
    {
        _ = (variance, limit);
        Initializer initializer = Initializer.FromName(name);
        Assert.Equal(Draw(initializer, 7), Draw(initializer, 7));
        Assert.NotEqual(Draw(initializer, 7), Draw(initializer, 8));
    }

    [Fact]
    public void Constant_kinds_fill_every_element()
    {
        Assert.All(Draw(Initializer.Zeros, 1), x => Assert.Equal(0, x));
        Assert.All(Draw(Initializer.Ones, 1), x => Assert.Equal(1, x));
        Assert.All(Draw(Initializer.Constant(0.25), 1), x => Assert.Equal(0.25, x));
        Assert.Equal("constant", Initializer.Constant(0.25).Name);
        Assert.Equal(Draw(Initializer.Constant(0.25), 1), Draw(Initializer.Constant(0.25), 2));
    }

    [Theory]
    [InlineData("zeros")]
    [InlineData("ones")]
    [InlineData("uniform")]
    [InlineData("normal")]
    [InlineData("glorot_uniform")]
    [InlineData("glorot_normal")]
    [InlineData("he_uniform")]
    [InlineData("he_normal")]
    public void From_name_round_trips_name(string name)
    {
        Assert.Equal(name, Initializer.FromName(name).Name);
        Assert.Equal(name, Initializer.FromName(Initializer.FromName(name).Name).ToString());
    }

    [Fact]
    public void From_name_rejects_unknown_names_and_bad_arguments()
    {
        Assert.Throws<ArgumentException>(() => Initializer.FromName("xavier_magic"));
        Assert.ThrowsAny<ArgumentException>(() => Initializer.Uniform(1, 1));
        Assert.ThrowsAny<ArgumentException>(() => Initializer.Normal(0, -1));
    }

    [Fact]
    public void Random_source_same_seed_same_sequence()
    {
        RandomSource a = new(123), b = new(123), c = new(124);
        ulong[] sa = [.. Enumerable.Range(0, 100).Select(_ => a.NextUInt64())];
        ulong[] sb = [.. Enumerable.Range(0, 100).Select(_ => b.NextUInt64())];
        ulong[] sc = [.. Enumerable.Range(0, 100).Select(_ => c.NextUInt64())];

        Assert.Equal(sa, sb);
        Assert.NotEqual(sa, sc);
        Assert.Equal(new RandomSource(5).NextGaussian(), new RandomSource(5).NextGaussian());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(7)]
    public void Random_source_next_int_is_in_range_and_unbiased(int max)
    {
        var random = new RandomSource(9);
        const int Draws = 70_000;
        int[] counts = new int[max];
        for (int i = 0; i < Draws; i++)
        {
            int k = random.NextInt(max);
            Assert.InRange(k, 0, max - 1);
            counts[k]++;
        }

        // Each count is Binomial(70000, 1/max); allow 5 standard deviations.
        double expected = (double)Draws / max;
        double sd = Math.Sqrt(Draws * (1.0 / max) * (1 - (1.0 / max)));
        Assert.All(counts, c => Assert.InRange(c, expected - (5 * sd) - 1e-9, expected + (5 * sd) + 1e-9));
        Assert.ThrowsAny<ArgumentException>(() => random.NextInt(0));
    }

    [Fact]
    public void Random_source_next_int_has_no_modulo_bias_for_huge_ranges()
    {
        // max = ⌊2⁶⁴/3⌋-ish for int: 3·2²⁹ = 1 610 612 736. With r % max on 32 bits the lower third would be
        // drawn twice as often; here the fraction below max/2 must stay near one half.
        var random = new RandomSource(10);
        const int Max = 1_610_612_736;
        int below = 0;
        const int Draws = 40_000;
        for (int i = 0; i < Draws; i++)
        {
            below += random.NextInt(Max) < Max / 2 ? 1 : 0;
        }

        Assert.InRange((double)below / Draws, 0.49, 0.51);
    }

    [Fact]
    public void Shuffle_is_a_permutation()
    {
        int[] items = [.. Enumerable.Range(0, 1000)];
        new RandomSource(3).Shuffle<int>(items);

        Assert.Equal(Enumerable.Range(0, 1000), items.Order());
        Assert.NotEqual(Enumerable.Range(0, 1000), items);

        int[] again = [.. Enumerable.Range(0, 1000)];
        new RandomSource(3).Shuffle<int>(again);
        Assert.Equal(items, again);

        int[] one = [5];
        new RandomSource(3).Shuffle<int>(one);
        Assert.Equal([5], one);
        new RandomSource(3).Shuffle<int>([]);
    }
}
