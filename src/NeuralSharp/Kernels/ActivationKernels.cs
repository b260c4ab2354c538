using System.Runtime.CompilerServices;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using NeuralSharp.Compute;

namespace NeuralSharp.Kernels;

/// <summary>
/// Activation functions and their derivatives over spans. Shape legend: a batch is <c>rows × cols</c>;
/// only softmax looks at rows, the others are element-wise.
/// </summary>
/// <remarks>
/// Forward / derivative used by backward (y = f(x)):
/// linear y = x, 1; step y = [x &gt; 0], 0 (no gradient flows); sigmoid y = 1/(1+e⁻ˣ), y(1−y);
/// tanh, 1−y²; ReLU max(0, x), [x &gt; 0]; leaky ReLU x or αx, 1 or α; ELU x or α(eˣ−1), 1 or y+α;
/// softmax yᵢ = e^(xᵢ−max)/Σ e^(xⱼ−max), dxᵢ = yᵢ(dyᵢ − Σⱼ dyⱼyⱼ).
/// Kinks (x = 0 for step, ReLU, leaky ReLU, ELU) take the left derivative.
/// </remarks>
internal static partial class ActivationKernels
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward<T>(ActivationFunction function, T alpha, ReadOnlySpan<T> x, Span<T> y, int cols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (function)
        {
            case ActivationFunction.Linear:
                x.CopyTo(y);
                break;
            case ActivationFunction.Step:
                for (int i = 0; i < x.Length; i++)
                {
                    y[i] = x[i] > T.Zero ? T.One : T.Zero;
                }

                break;
            case ActivationFunction.Sigmoid:
                Sigmoid(x, y);
                break;
            case ActivationFunction.Tanh:
                Tanh(x, y);
                break;
            case ActivationFunction.ReLU:
                ReluForward(x, y);
                break;
            case ActivationFunction.LeakyReLU:
                for (int i = 0; i < x.Length; i++)
                {
                    T v = x[i];
                    y[i] = v > T.Zero ? v : alpha * v;
                }

                break;
            case ActivationFunction.ELU:
                for (int i = 0; i < x.Length; i++)
                {
                    T v = x[i];
                    y[i] = v > T.Zero ? v : alpha * (T.Exp(v) - T.One);
                }

                break;
            case ActivationFunction.Softmax:
                RowSoftmax(x, y, cols);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(function), function, "Unknown activation function.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<T>(ActivationFunction function, T alpha, ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int cols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (function)
        {
            case ActivationFunction.Linear:
                dy.CopyTo(dx);
                break;
            case ActivationFunction.Step:
                dx[..dy.Length].Clear();
                break;
            case ActivationFunction.Sigmoid:
                for (int i = VectorSigmoidBackward(y, dy, dx); i < dy.Length; i++)
                {
                    dx[i] = dy[i] * y[i] * (T.One - y[i]);
                }

                break;
            case ActivationFunction.Tanh:
                for (int i = VectorTanhBackward(y, dy, dx); i < dy.Length; i++)
                {
                    dx[i] = dy[i] * (T.One - (y[i] * y[i]));
                }

                break;
            case ActivationFunction.ReLU:
                ReluBackward(x, dy, dx);
                break;
            case ActivationFunction.LeakyReLU:
                for (int i = 0; i < dy.Length; i++)
                {
                    dx[i] = x[i] > T.Zero ? dy[i] : alpha * dy[i];
                }

                break;
            case ActivationFunction.ELU:
                for (int i = 0; i < dy.Length; i++)
                {
                    dx[i] = x[i] > T.Zero ? dy[i] : dy[i] * (y[i] + alpha);
                }

                break;
            case ActivationFunction.Softmax:
                for (int r = 0; r < dy.Length / Math.Max(1, cols); r++)
                {
                    var yr = y.Slice(r * cols, cols);
                    var dyr = dy.Slice(r * cols, cols);
                    var dxr = dx.Slice(r * cols, cols);
                    T dot = TensorPrimitives.Dot(dyr, yr);
                    for (int j = 0; j < cols; j++)
                    {
                        dxr[j] = yr[j] * (dyr[j] - dot);
                    }
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(function), function, "Unknown activation function.");
        }
    }

    /// <summary>
    /// y = max(x, 0) with IEEE 754 maximum semantics, as <c>T.Max</c>: NaN stays NaN and −0 becomes +0.
    /// Why not TensorPrimitives.Max: its generic instantiation is not precompiled, so a short training run
    /// (TABULAR-SMALL's whole run is under the runtime's 100 ms tier-up delay) would execute it as tier-0 code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReluForward<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        y = y[..x.Length];
        int i = 0;
        if (KernelDispatch.UseVectors<T>())
        {
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector.Max(new Vector<T>(x[i..]), Vector<T>.Zero).CopyTo(y[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = T.Max(x[i], T.Zero);
        }
    }

    /// <summary>dx = [x &gt; 0]·dy (0 at the kink).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (KernelDispatch.UseVectors<T>())
        {
            for (; i <= dy.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var positive = Vector.GreaterThan(new Vector<T>(x[i..]), Vector<T>.Zero);
                Vector.ConditionalSelect(positive, new Vector<T>(dy[i..]), Vector<T>.Zero).CopyTo(dx[i..]);
            }
        }

        for (; i < dy.Length; i++)
        {
            dx[i] = x[i] > T.Zero ? dy[i] : T.Zero;
        }
    }

    /// <summary>dx = dy·y·(1 − y) over whole vectors; returns where the scalar tail starts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int VectorSigmoidBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (KernelDispatch.UseVectors<T>())
        {
            for (; i <= dy.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var yv = new Vector<T>(y[i..]);
                (new Vector<T>(dy[i..]) * yv * (Vector<T>.One - yv)).CopyTo(dx[i..]);
            }
        }

        return i;
    }

    /// <summary>dx = dy·(1 − y²) over whole vectors; returns where the scalar tail starts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int VectorTanhBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (KernelDispatch.UseVectors<T>())
        {
            for (; i <= dy.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var yv = new Vector<T>(y[i..]);
                (new Vector<T>(dy[i..]) * (Vector<T>.One - (yv * yv))).CopyTo(dx[i..]);
            }
        }

        return i;
    }

    /// <summary>
    /// TensorPrimitives.Tanh, with a span shorter than one 64-byte vector computed in a zero-padded copy. Why:
    /// TensorPrimitives computes a span shorter than its narrowest vector with the scalar tanh, whose bits differ from
    /// its vector algorithm's, so a unit's activation depended on how many values were in the call: a single example's
    /// prediction (one row of a narrow layer) differed in its last bits from the same row in a batch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tanh<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int padded = 64 / Unsafe.SizeOf<T>();
        if (x.Length >= padded)
        {
            TensorPrimitives.Tanh(x, y);
            return;
        }

        Span<T> buffer = stackalloc T[padded];
        buffer.Clear();
        x.CopyTo(buffer);
        TensorPrimitives.Tanh(buffer, buffer);
        buffer[..x.Length].CopyTo(y);
    }

    /// <summary>y = 1/(1 + e⁻ˣ) through <see cref="ExpInPlace{T}"/>'s exponential: the bits of TensorPrimitives.Sigmoid.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        y = y[..x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = -x[i];
        }

        ExpInPlace(y);
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = T.One / (T.One + y[i]);
        }
    }
}
