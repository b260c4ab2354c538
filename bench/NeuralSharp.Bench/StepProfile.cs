using System.Diagnostics;
using System.Globalization;
using NeuralSharp.Compute;
using NeuralSharp.Kernels;
using NeuralSharp.Tensors;

namespace NeuralSharp.Bench;

/// <summary>Time of each kind of operation in one FMNIST-MLP training step (batch 128), per epoch of 469 steps.</summary>
internal static class StepProfile
{
    public static void Run(int threads)
    {
        var backend = new CpuBackend(threads);
        var rng = new RandomSource(1);
        Tensor R(params int[] shape)
        {
            var t = Tensor.Zeros(shape);
            for (int i = 0; i < t.Length; i++)
            {
                t[i] = (float)rng.NextUniform(-1, 1);
            }

            return t;
        }

        int b = 128;
        Tensor x = R(b, 784), w1 = R(784, 256), h1 = R(b, 256), w2 = R(256, 128), h2 = R(b, 128), w3 = R(128, 10), o = R(b, 10);
        Tensor dw1 = R(784, 256), dw2 = R(256, 128), dw3 = R(128, 10), dh1 = R(b, 256), dh2 = R(b, 128), bias1 = R(256), y = Tensor.Zeros(b, 1);
        Tensor m1 = R(784, 256), v1 = R(784, 256);
        for (int i = 0; i < b; i++)
        {
            y[i] = i % 10;
        }

        void Time(string name, Action step)
        {
            for (int i = 0; i < 20; i++)
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
    }
}
