using NeuralSharp.Compute;
using NeuralSharp.Tensors;

namespace NeuralSharp.Tests.Kernels;

/// <summary>Adam split over threads gives the same bits as on one thread, for sizes around the split's boundaries.</summary>
[Collection(nameof(WorkerPoolCollection))]
public sealed class ParallelAdamTests
{
    [Theory]
    [InlineData(32_768)]
    [InlineData(100_003)]
    [InlineData(235_146)]
    public void Threaded_adam_update_is_bitwise_identical_to_one_thread(int n)
    {
        float[] Run(int threads)
        {
            var backend = new CpuBackend(threads);
            var rng = new RandomSource(9);
            Tensor T(double low, double high)
            {
                var t = Tensor.Zeros(n);
                for (int i = 0; i < n; i++)
                {
                    t[i] = (float)rng.NextUniform(low, high);
                }

                return t;
            }

            Tensor w = T(-1, 1), g = T(-1, 1), m = T(-0.1, 0.1), v = T(0, 0.01);
            for (long step = 1; step <= 3; step++)
            {
                backend.AdamUpdate(w, g, m, v, 1e-3, 0.9, 0.999, 1e-7, step, 0.01, decoupledWeightDecay: step % 2 == 0);
            }

            return [.. w.ToArray(), .. m.ToArray(), .. v.ToArray()];
        }

        int[] one = [.. Run(1).Select(BitConverter.SingleToInt32Bits)];
        Assert.Equal(one, Run(2).Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(one, Run(3).Select(BitConverter.SingleToInt32Bits));
    }
}
