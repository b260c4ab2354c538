using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralSharp.Kernels;

// Softmax and the row reductions and exponential it is built from, which the losses share (see ActivationKernels.cs).
internal static partial class ActivationKernels
{
    /// <summary>
    /// Softmax of every row of <c>x</c> (rows of <paramref name="cols"/> values) into <c>y</c>:
    /// e^(xⱼ − max)/Σ e^(x − max). The exponential runs once over the whole matrix, so a batch of short rows
    /// (10 classes) is as vectorised as one long row. <see cref="LossKernels"/> uses the same steps, so the
    /// probabilities a loss reports equal these bitwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowSoftmax<T>(ReadOnlySpan<T> x, Span<T> y, int cols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = cols == 0 ? 0 : x.Length / cols;
        if (rows == 0)
        {
            return;
        }

        if (typeof(T) == typeof(float) && rows == 1 && cols <= Vector512<float>.Count && Vector512.IsHardwareAccelerated && KernelDispatch.UseVectors<float>())
        {
            OneShortRowSoftmax(MemoryMarshal.Cast<T, float>(x)[..cols], MemoryMarshal.Cast<T, float>(y)[..cols]);
            return;
        }

        ShiftByRowMax(x, y, rows, cols);
        Span<T> e = y[..(rows * cols)];
        ExpInPlace(e);
        for (int r = 0; r < rows; r++)
        {
            Span<T> yr = e.Slice(r * cols, cols);
            T sum = Sum<T>(yr);
            for (int j = 0; j < yr.Length; j++)
            {
                yr[j] /= sum;
            }
        }
    }

    /// <summary>
    /// Softmax of one row of at most 16 values in one AVX-512 register: a single example's class probabilities. The
    /// same steps as the rows above (scalar max, x − max, the runtime's vector exponential, the sum in index order,
    /// one division each), so the same bits. Why: for 10 classes the general path's 8-wide exponential, two one-lane
    /// exponentials and ten scalar divisions took 115 ns, a tenth of a whole prediction's budget.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OneShortRowSoftmax(ReadOnlySpan<float> x, Span<float> y)
    {
        Span<float> lanes = stackalloc float[Vector512<float>.Count];
        lanes.Clear();
        x.CopyTo(lanes);
        var e = Vector512.Exp(Vector512.Create<float>(lanes) - Vector512.Create(Max(x)));
        e.CopyTo(lanes);
        float sum = Sum<float>(lanes[..x.Length]);
        (e / Vector512.Create(sum)).CopyTo(lanes);
        lanes[..x.Length].CopyTo(y);
    }

    /// <summary>yᵣ = xᵣ − max(xᵣ) for each row: the first step of a stable softmax.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ShiftByRowMax<T>(ReadOnlySpan<T> x, Span<T> y, int rows, int cols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> xr = x.Slice(r * cols, cols);
            Span<T> yr = y.Slice(r * cols, cols);
            T max = Max(xr);
            for (int j = 0; j < xr.Length; j++)
            {
                yr[j] = xr[j] - max;
            }
        }
    }

    /// <summary>
    /// log Σ exp(xⱼ − max) with <paramref name="max"/> = max(x); log Σ exp(xⱼ) is max plus this. Kept apart from
    /// max because lse − x_label loses float32 precision at logits near ±1000, where (max − x_label) + this does not.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T LogSumExpShifted<T>(ReadOnlySpan<T> x, out T max)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        max = Max(x);
        T sum = T.Zero;
        for (int j = 0; j < x.Length; j++)
        {
            sum += T.Exp(x[j] - max);
        }

        return T.Log(sum);
    }

    /// <summary>
    /// The natural logarithm; for float32 the runtime's vector logarithm on one lane, the algorithm its 512-bit form
    /// runs on 16 lanes in <see cref="SoftmaxCrossEntropyBlocks"/>, so the row-by-row and the 16-row paths of the
    /// cross-entropy give the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Log<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            float log = Vector128.Log(Vector128.CreateScalar(float.CreateTruncating(x))).ToScalar();
            return T.CreateTruncating(log);
        }

        return T.Log(x);
    }

    /// <summary>Σ x in index order (one fixed order, so every path gives the same bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Sum<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int j = 0; j < x.Length; j++)
        {
            sum += x[j];
        }

        return sum;
    }

    /// <summary>The largest value, NaN when any is NaN (as <c>T.Max</c>); the row must not be empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T Max<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = x[0];
        for (int j = 1; j < x.Length; j++)
        {
            max = T.Max(max, x[j]);
        }

        return max;
    }

    /// <summary>
    /// e = exp(e) in place with the runtime's vector exponential. Why not TensorPrimitives.Exp: its generic
    /// instantiations are not precompiled, so the first epochs of a run executed them as slow tier-0 code. The
    /// 512-, 256- and 128-bit <c>Exp</c> share one algorithm (the one TensorPrimitives uses for float), and the tail
    /// goes through it one lane at a time, so every width, and the scalar path, gives the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ExpInPlace<T>(Span<T> e)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            Span<float> f = MemoryMarshal.Cast<T, float>(e);
            int i = 0;
            if (KernelDispatch.UseVectors<float>())
            {
                for (; Vector512.IsHardwareAccelerated && i <= f.Length - Vector512<float>.Count; i += Vector512<float>.Count)
                {
                    Vector512.Exp(Vector512.Create<float>(f[i..])).CopyTo(f[i..]);
                }

                for (; i <= f.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    Vector256.Exp(Vector256.Create<float>(f[i..])).CopyTo(f[i..]);
                }
            }

            for (; i < f.Length; i++)
            {
                f[i] = Vector128.Exp(Vector128.CreateScalar(f[i])).ToScalar();
            }
        }
        else if (typeof(T) == typeof(double))
        {
            Span<double> d = MemoryMarshal.Cast<T, double>(e);
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = Vector128.Exp(Vector128.CreateScalar(d[i])).ToScalar();
            }
        }
        else
        {
            for (int i = 0; i < e.Length; i++)
            {
                e[i] = T.Exp(e[i]);
            }
        }
    }
}
