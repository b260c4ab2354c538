using System.Diagnostics;
using System.Globalization;
using NeuralSharp.Compute;
using NeuralSharp.Kernels;
using NeuralSharp.Tensors;

namespace NeuralSharp.Bench;

/// <summary>Time of each kind of operation in one FMNIST-MLP training step (batch 128), per epoch of 469 steps.</summary>
internal static class StepProfile
{
    public static void Run(int threads, int b = 128)
    {
        var backend = new CpuBackend(threads);
        var rng = new RandomSource(1);
        Tensor R(params int[] shape) => Uniform(rng, shape);

        Tensor x = R(b, 784), w1 = R(784, 256), h1 = R(b, 256), w2 = R(256, 128), h2 = R(b, 128), w3 = R(128, 10), o = R(b, 10);
        Tensor dw1 = R(784, 256), dw2 = R(256, 128), dw3 = R(128, 10), dh1 = R(b, 256), dh2 = R(b, 128), bias1 = R(256), y = Tensor.Zeros(b, 1);
        Tensor m1 = R(784, 256), v1 = R(784, 256);
        for (int i = 0; i < b; i++)
        {
            y[i] = i % 10;
        }

        void Time(string name, Action step)
        {
            // Warm up long enough for tiered compilation to replace tier-0 code.
            long warmUntil = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 2);
            while (Stopwatch.GetTimestamp() < warmUntil)
            {
                step();
            }

            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < 469; i++)
            {
                step();
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-34} {Stopwatch.GetElapsedTime(start).TotalMilliseconds,8:F1} ms/epoch"));
        }

        Time("fwd X·W1 + W2 + W3", () =>
        {
            backend.MatMul(x, false, w1, false, h1, false);
            backend.MatMul(h1, false, w2, false, h2, false);
            backend.MatMul(h2, false, w3, false, o, false);
        });
        Time("dW = Hᵀ·dZ (3 layers)", () =>
        {
            backend.MatMul(x, true, h1, false, dw1, true);
            backend.MatMul(h1, true, h2, false, dw2, true);
            backend.MatMul(h2, true, o, false, dw3, true);
        });
        Time("dX = dZ·Wᵀ (2 layers)", () =>
        {
            backend.MatMul(o, false, w3, true, dh2, false);
            backend.MatMul(h2, false, w2, true, dh1, false);
        });
        Time("bias add + bias grad (3)", () =>
        {
            backend.AddRowVector(h1, bias1);
            backend.SumRows(h1, bias1, true);
        });
        Time("relu fwd+bwd (256 and 128)", () =>
        {
            backend.ActivationForward(ActivationFunction.ReLU, 0, h1, dh1);
            backend.ActivationBackward(ActivationFunction.ReLU, 0, h1, dh1, dh1, dh1);
            backend.ActivationForward(ActivationFunction.ReLU, 0, h2, dh2);
            backend.ActivationBackward(ActivationFunction.ReLU, 0, h2, dh2, dh2, dh2);
        });
        Time("softmax cross-entropy", () => backend.CategoricalCrossEntropy(o, y, dw3.View(new Shape(b, 10)), true, null));
        long step = 0;
        Time("Adam over 235,146 weights", () => backend.AdamUpdate(w1, dw1, m1, v1, 1e-3, 0.9, 0.999, 1e-7, ++step, 0, false));
        int[] idx = [.. Enumerable.Range(0, b)];
        Tensor xb = Tensor.Zeros(b, 784);
        Time("gather 128 rows", () => NeuralSharp.Data.RowGather.Gather(x, idx, xb));
    
        Tensor tx = R(32, 12), tw1 = R(12, 16), th1 = R(32, 16), tw2 = R(16, 8), th2 = R(32, 8), tw3 = R(8, 1), to = R(32, 1);
        Tensor tdw1 = R(12, 16), tdw2 = R(16, 8), tdw3 = R(8, 1), tdh1 = R(32, 16), tdh2 = R(32, 8);
        Time("tabular: 9 GEMMs of one step (×469)", () =>
        {
            backend.MatMul(tx, false, tw1, false, th1, false);
            backend.MatMul(th1, false, tw2, false, th2, false);
            backend.MatMul(th2, false, tw3, false, to, false);
            backend.MatMul(th2, true, to, false, tdw3, true);
            backend.MatMul(to, false, tw3, true, tdh2, false);
            backend.MatMul(th1, true, tdh2, false, tdw2, true);
            backend.MatMul(tdh2, false, tw2, true, tdh1, false);
            backend.MatMul(tx, true, tdh1, false, tdw1, true);
        });
        long tstep = 0;
        Time("tabular: Adam on 6 parameters (×469)", () =>
        {
            tstep++;
            foreach (var (w, g) in new[] { (tw1, tdw1), (tw2, tdw2), (tw3, tdw3) })
            {
                backend.AdamUpdate(w, g, g, g, 1e-3, 0.9, 0.999, 1e-7, tstep, 0, false);
            }
        });
    
        var model = new NeuralSharp.Models.Sequential(new NeuralSharp.Layers.Input(12), new NeuralSharp.Layers.Dense(16, NeuralSharp.Layers.Activation.ReLU), new NeuralSharp.Layers.Dense(8, NeuralSharp.Layers.Activation.ReLU), new NeuralSharp.Layers.Dense(1, NeuralSharp.Layers.Activation.Sigmoid));
        model.Build(backend: backend);
        var adam = new NeuralSharp.Optimizers.Adam();
        model.Compile(NeuralSharp.Losses.Loss.BinaryCrossEntropy, adam);
        model.Initialize(1);
        Tensor ty = Tensor.Zeros(32, 1), grad = Tensor.Zeros(32, 1);
        var ps = model.Parameters;
        Time("tabular model: zero grad", () => NeuralSharp.Optimizers.Optimizer.ZeroGrad(ps));
        Time("tabular model: forward", () => model.ForwardBatch(tx, true));
        Time("tabular model: loss", () => model.TrainingLoss.Compute(backend, to, ty, grad));
        Time("tabular model: backward", () => model.BackwardBatch(grad));
        Time("tabular model: optimizer step", () => adam.Step(ps));
    
        Tensor tb1 = R(16);
        Time("tabular: matmul 32×12·12×16", () => backend.MatMul(tx, false, tw1, false, th1, false));
        Time("tabular: bias add 32×16", () => backend.AddRowVector(th1, tb1));
        Time("tabular: relu 32×16", () => backend.ActivationForward(ActivationFunction.ReLU, 0, th1, th1));
        Time("tabular: bias grad 32×16", () => backend.SumRows(th1, tb1, true));
    
        var mlp = new NeuralSharp.Models.Sequential(new NeuralSharp.Layers.Input(784), new NeuralSharp.Layers.Dense(256, NeuralSharp.Layers.Activation.ReLU), new NeuralSharp.Layers.Dense(128, NeuralSharp.Layers.Activation.ReLU), new NeuralSharp.Layers.Dense(10, NeuralSharp.Layers.Activation.Softmax));
        mlp.Build(backend: backend);
        var mlpAdam = new NeuralSharp.Optimizers.Adam();
        mlp.Compile(NeuralSharp.Losses.Loss.CategoricalCrossEntropy, mlpAdam);
        mlp.Initialize(1);
        Tensor mx = x.FirstRows(b), my = y.FirstRows(b), mgrad = Tensor.Zeros(b, 10);
        var mps = mlp.Parameters;
        Time("mlp model: zero grad", () => NeuralSharp.Optimizers.Optimizer.ZeroGrad(mps));
        Time("mlp model: forward", () => mlp.ForwardBatch(mx, true));
        Tensor mout = mlp.ForwardBatch(mx, true);
        Time("mlp model: loss", () => mlp.TrainingLoss.Compute(backend, mout, my, mgrad));
        Time("mlp model: backward", () => mlp.BackwardBatch(mgrad));
        Time("mlp model: optimizer step", () => mlpAdam.Step(mps));
    
        PhasedFit(backend, b, shape => R(shape));

        foreach (int rows in new[] { 6400, 60000 })
        {
            Tensor fx = R(rows, 784), fy = Tensor.Zeros(rows, 1);
            for (int i = 0; i < rows; i++)
            {
                fy[i] = i % 10;
            }

            var fitModel = new NeuralSharp.Models.Sequential(new NeuralSharp.Layers.Input(784), new NeuralSharp.Layers.Dense(256, NeuralSharp.Layers.Activation.ReLU), new NeuralSharp.Layers.Dense(128, NeuralSharp.Layers.Activation.ReLU), new NeuralSharp.Layers.Dense(10, NeuralSharp.Layers.Activation.Softmax));
            fitModel.Build(backend: backend);
            fitModel.Compile(NeuralSharp.Losses.Loss.CategoricalCrossEntropy, new NeuralSharp.Optimizers.Adam());
            fitModel.Fit(fx, fy, epochs: 1, batchSize: b, seed: 1);
            long t0 = Stopwatch.GetTimestamp();
            fitModel.Fit(fx, fy, epochs: 1, batchSize: b, seed: 1);
            double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Fit on {rows} random rows: {ms / ((rows + b - 1) / b) * 1000:F0} µs/step"));
        }
    }

    /// <summary>Only the phase-by-phase replays (<see cref="PhasedFit(CpuBackend, int, Func{int[], Tensor})"/>).</summary>
    public static void Phases(int threads, int b)
    {
        var rng = new RandomSource(1);
        PhasedFit(new CpuBackend(threads), b, shape => Uniform(rng, shape));
    }

    /// <summary>A tensor of the given shape filled with U(−1, 1) draws.</summary>
    private static Tensor Uniform(RandomSource rng, int[] shape)
    {
        var t = Tensor.Zeros(shape);
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = (float)rng.NextUniform(-1, 1);
        }

        return t;
    }

    /// <summary>
    /// The trainer's step replayed phase by phase on shuffled rows of a 60,000-row set (uniform noise, or the real
    /// Fashion-MNIST images with PHASES_FMNIST=1), timed per phase; then the same for the tabular model.
    /// </summary>
    private static void PhasedFit(CpuBackend backend, int b, Func<int[], Tensor> random)
    {
        const int rows = 60000;
        Tensor fx, fy;
        if (Environment.GetEnvironmentVariable("PHASES_FMNIST") == "1")
        {
            // The real images (mostly blank pixels, values in [0, 1]) instead of uniform noise.
            (fx, fy, _, _) = TrainingBench.LoadFashionMnist();
        }
        else
        {
            fx = random([rows, 784]);
            fy = Tensor.Zeros(rows, 1);
            for (int i = 0; i < rows; i++)
            {
                fy[i] = i % 10;
            }
        }

        var model = new NeuralSharp.Models.Sequential(new NeuralSharp.Layers.Input(784), new NeuralSharp.Layers.Dense(256, NeuralSharp.Layers.Activation.ReLU), new NeuralSharp.Layers.Dense(128, NeuralSharp.Layers.Activation.ReLU), new NeuralSharp.Layers.Dense(10, NeuralSharp.Layers.Activation.Softmax));
        model.Build(backend: backend);
        model.Compile(NeuralSharp.Losses.Loss.CategoricalCrossEntropy, new NeuralSharp.Optimizers.Adam(), NeuralSharp.Metrics.Metric.Accuracy);
        PhasedFit("phased fit", model, fx, fy, b, 10);

        const int tabularRows = 8000;
        Tensor tx = random([tabularRows, 12]), ty = Tensor.Zeros(tabularRows, 1);
        for (int i = 0; i < tabularRows; i++)
        {
            ty[i] = i % 2;
        }

        var tabular = new NeuralSharp.Models.Sequential(new NeuralSharp.Layers.Input(12), new NeuralSharp.Layers.Dense(16, NeuralSharp.Layers.Activation.ReLU), new NeuralSharp.Layers.Dense(8, NeuralSharp.Layers.Activation.ReLU), new NeuralSharp.Layers.Dense(1, NeuralSharp.Layers.Activation.Sigmoid));
        tabular.Build(backend: backend);
        tabular.Compile(NeuralSharp.Losses.Loss.BinaryCrossEntropy, new NeuralSharp.Optimizers.Adam());
        PhasedFit("tabular phased fit", tabular, tx, ty, 32, 1);
        for (int i = 0; i < 3; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            tabular.Fit(tx, ty, epochs: 5, batchSize: 32, seed: 1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tabular Fit: {Stopwatch.GetElapsedTime(t0).TotalMicroseconds / (5 * tabularRows / 32):F2} µs/step"));
        }
    }

    private static void PhasedFit(string label, NeuralSharp.Models.Sequential model, Tensor fx, Tensor fy, int b, int outputs)
    {
        int rows = fx.Rows;
        var adam = (NeuralSharp.Optimizers.Optimizer)model.Optimizer!;
        model.Initialize(1);
        var ps = model.Parameters;
        adam.Prepare(ps);
        int[] order = [.. Enumerable.Range(0, rows)];
        var shuffler = new RandomSource(7);
        Tensor xb = Tensor.Zeros(b, fx.RowSize), yb = Tensor.Zeros(b, 1), grad = Tensor.Zeros(b, outputs);
        string[] names = ["gather", "zero grad", "forward", "loss", "backward", "optimizer", "metrics"];
        double[] ticks = new double[names.Length];
        int steps = rows / b;
        bool metrics = model.Metrics.Count > 0;
        for (int epoch = 0; epoch < 5; epoch++)
        {
            shuffler.Shuffle(order.AsSpan());
            Array.Clear(ticks);
            long begin = Stopwatch.GetTimestamp();
            for (int s = 0; s < steps; s++)
            {
                long t = Stopwatch.GetTimestamp();
                void Lap(int phase)
                {
                    long now = Stopwatch.GetTimestamp();
                    ticks[phase] += now - t;
                    t = now;
                }

                ReadOnlySpan<int> idx = order.AsSpan(s * b, b);
                model.Backend.GatherRows(fx, idx, xb);
                model.Backend.GatherRows(fy, idx, yb);
                Lap(0);
                NeuralSharp.Optimizers.Optimizer.ZeroGrad(ps);
                Lap(1);
                Tensor output = model.ForwardBatch(xb, training: true);
                Lap(2);
                model.TrainingCost(output, yb, grad, metrics, out Tensor? p);
                Lap(3);
                model.BackwardBatch(grad);
                Lap(4);
                adam.Step(ps);
                Lap(5);
                foreach (var m in model.Metrics)
                {
                    m.Update(p!, yb);
                }

                Lap(6);
            }

            double total = Stopwatch.GetElapsedTime(begin).TotalMilliseconds;
            if (epoch == 4)
            {
                for (int i = 0; i < names.Length; i++)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: {names[i],-22} {ticks[i] * 1e6 / Stopwatch.Frequency / steps,8:F2} µs/step"));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: total                  {total * 1000 / steps,8:F2} µs/step"));
            }
        }
    }
}
