using NeuralSharp.Tensors;

namespace NeuralSharp.Data;

/// <summary>
/// Small seeded data sets for learning, tests and demos (in the spirit of scikit-learn's <c>make_*</c>):
/// every generator returns inputs X (N × features) and targets Y, float32 unless asked otherwise.
/// </summary>
public static class SyntheticData
{
    /// <summary>The four XOR cases: X = {(0,0), (0,1), (1,0), (1,1)}, Y = {0, 1, 1, 0} (N × 1).</summary>
    public static (Tensor X, Tensor Y) Xor(DType dtype = DType.Float32)
    {
        var x = Tensor.FromArray(new double[] { 0, 0, 0, 1, 1, 0, 1, 1 }, 4, 2).To(dtype);
        var y = Tensor.FromArray(new double[] { 0, 1, 1, 0 }, 4, 1).To(dtype);
        return (x, y);
    }

    /// <summary>
    /// Interleaved spirals, one per class (2 by default), <paramref name="pointsPerClass"/> points each, with
    /// Gaussian <paramref name="noise"/>. Y holds the class index (N × 1). Not linearly separable: a test of
    /// what hidden layers add.
    /// </summary>
    public static (Tensor X, Tensor Y) Spirals(int pointsPerClass, int classes = 2, double noise = 0.1, double turns = 1.5, ulong seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pointsPerClass);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        var random = new RandomSource(seed);
        int n = pointsPerClass * classes;
        var x = Tensor.Zeros(n, 2);
        var y = Tensor.Zeros(n, 1);
        int row = 0;
        for (int c = 0; c < classes; c++)
        {
            for (int i = 0; i < pointsPerClass; i++, row++)
            {
                double t = (double)i / pointsPerClass;
                double radius = 0.1 + (0.9 * t);
                double angle = (2 * Math.PI * turns * t) + (2 * Math.PI * c / classes);
                x[row, 0] = (float)((radius * Math.Cos(angle)) + (noise * 0.1 * random.NextGaussian()));
                x[row, 1] = (float)((radius * Math.Sin(angle)) + (noise * 0.1 * random.NextGaussian()));
                y[row] = c;
            }
        }

        return (x, y);
    }

    /// <summary>
    /// Gaussian clusters: <paramref name="classes"/> centres drawn in [−<paramref name="spread"/>, <paramref name="spread"/>]^features,
    /// points with unit standard deviation around them. Y is one-hot (N × classes).
    /// </summary>
    public static (Tensor X, Tensor Y) Blobs(int samples, int classes = 3, int features = 2, double spread = 5, ulong seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        var random = new RandomSource(seed);
        var centres = new double[classes, features];
        for (int c = 0; c < classes; c++)
        {
            for (int f = 0; f < features; f++)
            {
                centres[c, f] = random.NextUniform(-spread, spread);
            }
        }

        var x = Tensor.Zeros(samples, features);
        var y = Tensor.Zeros(samples, classes);
        for (int i = 0; i < samples; i++)
        {
            int c = i % classes;
            for (int f = 0; f < features; f++)
            {
                x[i, f] = (float)(centres[c, f] + random.NextGaussian());
            }

            y[i, c] = 1;
        }

        return (x, y);
    }

    /// <summary>
    /// Salaries from age and years of experience: salary = 20,000 + 400·age + 2,500·experience + noise
    /// (σ = <paramref name="noise"/>), in thousands. X columns: age (years), experience (years), both standardised;
    /// Y (N × 1) in thousands. A regression that a small network should fit with R² ≈ 1 − noise²/variance.
    /// </summary>
    public static (Tensor X, Tensor Y) Salaries(int samples, double noise = 3_000, ulong seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        var random = new RandomSource(seed);
        var x = Tensor.Zeros(samples, 2);
        var y = Tensor.Zeros(samples, 1);
        for (int i = 0; i < samples; i++)
        {
            double age = random.NextUniform(22, 65);
            double experience = random.NextUniform(0, age - 21);
            double salary = 20_000 + (400 * age) + (2_500 * experience) + (noise * random.NextGaussian());
            x[i, 0] = (float)((age - 43.5) / 12.4);
            x[i, 1] = (float)((experience - 11.0) / 9.0);
            y[i] = (float)(salary / 1000);
        }

        return (x, y);
    }

    /// <summary>
    /// A bank-churn-like binary problem: <paramref name="features"/> standard-normal features, and a customer
    /// leaves (Y = 1) when a fixed nonlinear score of them plus noise is positive. Y is N × 1 of 0/1.
    /// </summary>
    public static (Tensor X, Tensor Y) Churn(int samples, int features = 12, ulong seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 3);
        var random = new RandomSource(seed);
        var x = Tensor.Zeros(samples, features);
        var y = Tensor.Zeros(samples, 1);
        for (int i = 0; i < samples; i++)
        {
            for (int f = 0; f < features; f++)
            {
                x[i, f] = (float)random.NextGaussian();
            }

            double score = (1.5 * x[i, 0]) - x[i, 1] + (0.8 * x[i, 2] * x[i, 2]) - 0.8 + (0.3 * random.NextGaussian());
            y[i] = score > 0 ? 1 : 0;
        }

        return (x, y);
    }
}
