using NeuralSharp.Compute;
using NeuralSharp.Layers;
using NeuralSharp.Tensors;

namespace NeuralSharp.Tests.Support;

/// <summary>
/// Central finite differences in double: ∂L/∂θ ≈ (L(θ + h) − L(θ − h)) / 2h, compared with the analytic
/// gradient. Points where the function has a kink inside [θ − h, θ + h] (the one-sided slopes disagree) are
/// skipped explicitly and counted, never silently compared.
/// </summary>
internal static class GradientChecker
{
    public const double Step = 1e-6;
    public const double Tolerance = 1e-6;

    public sealed record Report(int Checked, int SkippedAtKinks, double WorstRelativeError, string Worst);

    /// <summary>Checks a built Float64 layer's input and parameter gradients for L = Σ R ⊙ layer(x).</summary>
    public static Report CheckLayer(Layer layer, Tensor x, RandomSource random)
    {
        var y0 = layer.Forward(x, training: true);
        var upstream = Tensor.Zeros(y0.Shape, DType.Float64);
        for (int i = 0; i < upstream.Length; i++)
        {
            upstream.SetDouble(i, random.NextUniform(-1, 1));
        }

        double Objective()
        {
            Tensor y = layer.Forward(x, training: true);
            double s = 0;
            for (int i = 0; i < y.Length; i++)
            {
                s += y.GetDouble(i) * upstream.GetDouble(i);
            }

            return s;
        }

        foreach (var p in layer.Parameters)
        {
            p.ZeroGrad();
        }

        layer.NeedsInputGradient = true;
        layer.Forward(x, training: true);
        Tensor dx = layer.Backward(upstream).Clone();
        var targets = new List<(string Name, Tensor Value, Tensor Analytic)> { ("input", x, dx) };
        foreach (var p in layer.Parameters)
        {
            targets.Add((p.Name, p.Value, p.Gradient.Clone()));
        }

        return Compare(targets, Objective);
    }

    /// <summary>Checks ∂cost/∂predictions of a loss function.</summary>
    public static Report CheckLoss(Func<Tensor, Tensor?, double> loss, Tensor predictions)
    {
        var analytic = Tensor.Zeros(predictions.Shape, DType.Float64);
        loss(predictions, analytic);
        return Compare([("predictions", predictions, analytic)], () => loss(predictions, null));
    }

    private static Report Compare(List<(string Name, Tensor Value, Tensor Analytic)> targets, Func<double> objective)
    {
        int checkedCount = 0, skipped = 0;
        double worst = 0;
        string worstAt = "none";
        foreach (var (name, value, analytic) in targets)
        {
            for (int i = 0; i < value.Length; i++)
            {
                double original = value.GetDouble(i);
                double f0 = objective();
                value.SetDouble(i, original + Step);
                double fPlus = objective();
                value.SetDouble(i, original - Step);
                double fMinus = objective();
                value.SetDouble(i, original);

                double right = (fPlus - f0) / Step;
                double left = (f0 - fMinus) / Step;
                if (Math.Abs(right - left) > 1e-3 * Math.Max(1, Math.Abs(right) + Math.Abs(left)))
                {
                    skipped++;
                    continue;
                }

                double numeric = (fPlus - fMinus) / (2 * Step);
                double a = analytic.GetDouble(i);
                double error = Math.Abs(a - numeric) / Math.Max(1e-6, Math.Abs(a) + Math.Abs(numeric));
                checkedCount++;
                if (error > worst)
                {
                    worst = error;
                    worstAt = $"{name}[{i}]: analytic {a:G10}, numeric {numeric:G10}";
                }
            }
        }

        return new Report(checkedCount, skipped, worst, worstAt);
    }

    public static Tensor RandomTensor(Shape shape, RandomSource random, double scale = 1, DType dtype = DType.Float64)
    {
        var t = Tensor.Zeros(shape, dtype);
        for (int i = 0; i < t.Length; i++)
        {
            t.SetDouble(i, random.NextUniform(-scale, scale));
        }

        return t;
    }

    public static BuildContext DoubleContext => new(DType.Float64, new CpuBackend(1));
}
