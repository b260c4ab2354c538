using NeuralSharp.Kernels;
using static NeuralSharp.Tests.Kernels.KernelTestData;

namespace NeuralSharp.Tests.Kernels;

/// <summary>Optimizer kernels in float32 against scalar double references of PyTorch's update rules, two steps each.</summary>
public sealed class OptimizerKernelTests
{
    private const double Lr = 0.05;

    public static TheoryData<int, bool, bool, double> SgdCases()
    {
        var data = new TheoryData<int, bool, bool, double>();
        foreach (int n in (int[])[0, 1, 7, 33, 257])
        {
            data.Add(n, false, false, 0);
            data.Add(n, false, false, 0.1);
            data.Add(n, true, false, 0.1);
            data.Add(n, true, true, 0);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SgdCases))]
    public void Sgd(int n, bool momentum, bool nesterov, double decay)
    {
        const double Mu = 0.9;
        float[] w = Random(n, 1);
        double[] rw = [.. w.Select(v => (double)v)];
        float[] velocity = momentum ? new float[n] : [];
        double[] rv = new double[n];
        for (int step = 0; step < 2; step++)
        {
            float[] g = Random(n, 10 + (ulong)step);
            OptimizerKernels.Sgd<float>(w, g, velocity, (float)Lr, momentum ? (float)Mu : 0f, nesterov, (float)decay);
            for (int i = 0; i < n; i++)
            {
                double grad = g[i] + (decay * rw[i]);
                if (momentum)
                {
                    rv[i] = (Mu * rv[i]) + grad;
                    grad = nesterov ? grad + (Mu * rv[i]) : rv[i];
                }

                rw[i] -= Lr * grad;
            }
        }

        Close(rw, w, what: "w");
        if (momentum)
        {
            Close(rv, velocity, what: "velocity");
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(7, true)]
    [InlineData(33, false)]
    [InlineData(33, true)]
    [InlineData(257, false)]
    [InlineData(257, true)]
    public void Adam(int n, bool decoupled)
    {
        const double B1 = 0.9, B2 = 0.999, Eps = 1e-7, Decay = 0.01;
        float[] w = Random(n, 2);
        double[] rw = [.. w.Select(v => (double)v)];
        float[] m = new float[n], v = new float[n];
        double[] rm = new double[n], rv = new double[n];
        for (int step = 1; step <= 2; step++)
        {
            float[] g = Random(n, 20 + (ulong)step);
            OptimizerKernels.Adam<float>(w, g, m, v, (float)Lr, (float)B1, (float)B2, (float)Eps, step, (float)Decay, decoupled);
            for (int i = 0; i < n; i++)
            {
                double grad = g[i];
                if (decoupled)
                {
                    rw[i] *= 1 - (Lr * Decay);
                }
                else
                {
                    grad += Decay * rw[i];
                }

                rm[i] = (B1 * rm[i]) + ((1 - B1) * grad);
                rv[i] = (B2 * rv[i]) + ((1 - B2) * grad * grad);
                double mHat = rm[i] / (1 - Math.Pow(B1, step));
                double vHat = rv[i] / (1 - Math.Pow(B2, step));
                rw[i] -= Lr * mHat / (Math.Sqrt(vHat) + Eps);
            }
        }

        Close(rw, w, what: "w");
        Close(rm, m, what: "m");
        Close(rv, v, what: "v");
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(7, false)]
    [InlineData(33, true)]
    [InlineData(257, false)]
    [InlineData(257, true)]
    public void RmsProp(int n, bool momentum)
    {
        const double Rho = 0.9, Mu = 0.5, Eps = 1e-7, Decay = 0.02;
        float[] w = Random(n, 3);
        double[] rw = [.. w.Select(x => (double)x)];
        float[] s = new float[n];
        float[] b = momentum ? new float[n] : [];
        double[] rs = new double[n], rb = new double[n];
        for (int step = 0; step < 2; step++)
        {
            float[] g = Random(n, 30 + (ulong)step);
            OptimizerKernels.RmsProp<float>(w, g, s, b, (float)Lr, (float)Rho, momentum ? (float)Mu : 0f, (float)Eps, (float)Decay);
            for (int i = 0; i < n; i++)
            {
                double grad = g[i] + (Decay * rw[i]);
                rs[i] = (Rho * rs[i]) + ((1 - Rho) * grad * grad);
                double u = grad / (Math.Sqrt(rs[i]) + Eps);
                if (momentum)
                {
                    rb[i] = (Mu * rb[i]) + u;
                    u = rb[i];
                }

                rw[i] -= Lr * u;
            }
        }

        Close(rw, w, what: "w");
        Close(rs, s, what: "mean square");
        if (momentum)
        {
            Close(rb, b, what: "velocity");
        }
    }
}
