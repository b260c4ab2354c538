using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralSharp.Kernels;

// The single-example product's Vector256 and scalar column blocks: the paths for CPUs without AVX-512 (see Gemv.cs).
internal static unsafe partial class Gemv
{
    /// <summary>The <see cref="Vector256"/> path (CPUs without AVX-512): 64 columns in 8 registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Columns64(float* x, int* rows, int count, float* w, int n, float* y)
    {
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        for (int t = 0; t < count; t++)
        {
            int p = rows[t];
            var a = Vector256.Create(x[p]);
            float* b = w + ((long)p * n);
            c0 = Vector256.FusedMultiplyAdd(a, Vector256.Load(b), c0);
            c1 = Vector256.FusedMultiplyAdd(a, Vector256.Load(b + 8), c1);
            c2 = Vector256.FusedMultiplyAdd(a, Vector256.Load(b + 16), c2);
            c3 = Vector256.FusedMultiplyAdd(a, Vector256.Load(b + 24), c3);
            c4 = Vector256.FusedMultiplyAdd(a, Vector256.Load(b + 32), c4);
            c5 = Vector256.FusedMultiplyAdd(a, Vector256.Load(b + 40), c5);
            c6 = Vector256.FusedMultiplyAdd(a, Vector256.Load(b + 48), c6);
            c7 = Vector256.FusedMultiplyAdd(a, Vector256.Load(b + 56), c7);
        }

        c0.Store(y);
        c1.Store(y + 8);
        c2.Store(y + 16);
        c3.Store(y + 24);
        c4.Store(y + 32);
        c5.Store(y + 40);
        c6.Store(y + 48);
        c7.Store(y + 56);
    }

    /// <summary>Up to 8 columns, each its own scalar chain; the chains are interleaved so they overlap in the pipeline.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ColumnsScalar(float* x, int* rows, int count, float* w, int n, float* y, int width)
    {
        float* c = stackalloc float[8];
        for (int q = 0; q < 8; q++)
        {
            c[q] = 0;
        }

        for (int t = 0; t < count; t++)
        {
            int p = rows[t];
            float a = x[p];
            float* b = w + ((long)p * n);
            for (int q = 0; q < width; q++)
            {
                c[q] = MathF.FusedMultiplyAdd(a, b[q], c[q]);
            }
        }

        for (int q = 0; q < width; q++)
        {
            y[q] = c[q];
        }
    }
}
