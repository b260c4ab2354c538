using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Numerics;
using System.Numerics.Tensors;

namespace NeuralSharp.Kernels;

/// <summary>
/// Loss kernels. Predictions and targets are <c>N × C</c> (N examples, C outputs). Each returns the
/// <b>cost</b>: the mean over the N examples of the per-example loss (for MSE, MAE and BCE the per-example
/// loss is itself the mean over the C outputs, as in Keras). When <c>grad</c> is not empty it receives
/// ∂cost/∂prediction, so the 1/N of the mean is already in it.
/// </summary>
/// <remarks>
/// MSE: L = (1/NC) Σ (p − t)², ∂L/∂p = 2(p − t)/(NC).
/// MAE: L = (1/NC) Σ |p − t|, ∂L/∂p = sign(p − t)/(NC) (0 at the kink).
/// BCE from probabilities: L = −(1/NC) Σ [t log p + (1 − t) log(1 − p)], p clamped to [ε, 1 − ε];
/// ∂L/∂p = (p − t)/(p(1 − p)NC).
/// BCE from logits z: L = (1/NC) Σ [max(z, 0) − zt + log(1 + e^−|z|)] (never overflows), ∂L/∂z = (σ(z) − t)/(NC).
/// CCE from logits: L = (1/N) Σᵢ Σⱼ tᵢⱼ (logsumexp(zᵢ) − zᵢⱼ), ∂L/∂z = (softmax(z) − t)/N, stable for |z| ~ 1000.
/// CCE from probabilities: L = −(1/N) Σ t log p (p clamped to ε), ∂L/∂p = −t/(pN).
/// </remarks>
internal static class LossKernels
{
    /// <summary>Clamp for probabilities fed to a log (Keras' default epsilon).</summary>
    public const double ProbabilityEpsilon = 1e-7;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double MeanSquaredError<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, Span<T> grad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSameLength(p, t);
        double sum = 0;
        T scale = T.CreateTruncating(2.0 / Math.Max(1, p.Length));
        for (int i = 0; i < p.Length; i++)
        {
            T d = p[i] - t[i];
            sum += double.CreateTruncating(d * d);
            if (!grad.IsEmpty)
            {
                grad[i] = scale * d;
            }
        }

        return p.Length == 0 ? 0 : sum / p.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double MeanAbsoluteError<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, Span<T> grad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSameLength(p, t);
        double sum = 0;
        T scale = T.CreateTruncating(1.0 / Math.Max(1, p.Length));
        for (int i = 0; i < p.Length; i++)
        {
            T d = p[i] - t[i];
            sum += double.CreateTruncating(T.Abs(d));
            if (!grad.IsEmpty)
            {
                grad[i] = d > T.Zero ? scale : d < T.Zero ? -scale : T.Zero;
            }
        }

        return p.Length == 0 ? 0 : sum / p.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double BinaryCrossEntropy<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, Span<T> grad, bool fromLogits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSameLength(p, t);
        double sum = 0;
        T scale = T.CreateTruncating(1.0 / Math.Max(1, p.Length));
        T eps = T.CreateTruncating(ProbabilityEpsilon);
        for (int i = 0; i < p.Length; i++)
        {
            T ti = t[i];
            if (fromLogits)
            {
                T z = p[i];
                T loss = T.Max(z, T.Zero) - (z * ti) + T.Log(T.One + T.Exp(-T.Abs(z)));
                sum += double.CreateTruncating(loss);
                if (!grad.IsEmpty)
                {
                    T sig = T.One / (T.One + T.Exp(-z));
                    grad[i] = (sig - ti) * scale;
                }
            }
            else
            {
                T pi = T.Clamp(p[i], eps, T.One - eps);
                T loss = -((ti * T.Log(pi)) + ((T.One - ti) * T.Log(T.One - pi)));
                sum += double.CreateTruncating(loss);
                if (!grad.IsEmpty)
                {
                    grad[i] = (pi - ti) / (pi * (T.One - pi)) * scale;
                }
            }
        }

        return p.Length == 0 ? 0 : sum / p.Length;
    }

    /// <summary>Categorical cross-entropy over <paramref name="rows"/> rows of <paramref name="cols"/> classes;
    /// <paramref name="t"/> holds one-hot rows (length rows·cols) or class indices (length rows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double CategoricalCrossEntropy<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, Span<T> grad, Span<T> probabilities, int rows, int cols, bool fromLogits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool sparse = t.Length == rows && cols != 1;
        if (!sparse && t.Length != p.Length)
        {
            throw new ArgumentException($"Targets have {t.Length} values; expected {p.Length} (one-hot) or {rows} (class indices).");
        }

        return fromLogits
            ? CrossEntropyFromLogits(p, t, grad, probabilities, rows, cols, sparse)
            : CrossEntropyFromProbabilities(p, t, grad, rows, cols, sparse);
    }

    /// <summary>
    /// Softmax + cross-entropy of logits, row by row: the softmax exactly as <see cref="ActivationKernels.RowSoftmax"/>,
    /// the loss per row as log Σ e^(z − max) − (z_label − max), the gradient (softmax − t)/N.
    /// </summary>
    /// <remarks>Float32 rows of 2–16 classes go 16 rows at a time through <see cref="SoftmaxCrossEntropyBlocks"/>,
    /// which gives the same bits as <see cref="CrossEntropyRow{T}"/>; the rows after the last whole block, and every
    /// other case, go through that one.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double CrossEntropyFromLogits<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> t, Span<T> grad, Span<T> probabilities, int rows, int cols, bool sparse)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (rows == 0)
        {
            return 0;
        }

        if (grad.IsEmpty && probabilities.IsEmpty)
        {
            return CrossEntropyFromLogitsLossOnly(z, t, rows, cols, sparse);
        }

        if (sparse)
        {
            // Every class index is checked before anything is written.
            for (int r = 0; r < rows; r++)
            {
                ClassIndex(t[r], r, cols);
            }
        }

        // Why: probabilities as e^(z−max)/Σ rather than e^(z−lse): in float32, lse ≈ 1000.31 keeps only ~1e-4 of
        // absolute precision, z − max does not lose it. The shifted logits and then their exponentials live in the
        // probabilities buffer when there is one, else in the gradient buffer.
        Span<T> work = (probabilities.IsEmpty ? grad : probabilities)[..(rows * cols)];
        T invN = T.CreateTruncating(1.0 / rows);
        double sum = 0;
        int done = 0;
        if (typeof(T) == typeof(float) && SoftmaxCrossEntropyBlocks.Applies(cols))
        {
            done = SoftmaxCrossEntropyBlocks.Run(
                MemoryMarshal.Cast<T, float>(z), MemoryMarshal.Cast<T, float>(t), MemoryMarshal.Cast<T, float>(work),
                MemoryMarshal.Cast<T, float>(grad), float.CreateTruncating(invN), rows, cols, sparse, ref sum);
        }

        for (int r = done; r < rows; r++)
        {
            Span<T> row = work.Slice(r * cols, cols);
            CrossEntropyRow(z.Slice(r * cols, cols), sparse ? t.Slice(r, 1) : t.Slice(r * cols, cols), row, grad.IsEmpty ? default : grad.Slice(r * cols, cols), invN, sparse, ref sum);
        }

        return sum / rows;
    }

    /// <summary>
    /// One row of <see cref="CrossEntropyFromLogits{T}"/>: <paramref name="work"/> receives the probabilities and
    /// <paramref name="grad"/>, when not empty (it may be <paramref name="work"/> itself), (p − t)/N; the row's cost is
    /// added to <paramref name="sum"/> as −(each target × (z − max)) in class order, then + log Σ e^(z − max) × Σ targets.
    /// <paramref name="t"/> is the row's class index (sparse) or its targets.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void CrossEntropyRow<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> t, Span<T> work, Span<T> grad, T invN, bool sparse, ref double sum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ActivationKernels.ShiftByRowMax(z, work, 1, z.Length);
        int label = sparse ? (int)double.CreateTruncating(t[0]) : -1;
        if (sparse)
        {
            sum -= double.CreateTruncating(work[label]);
        }
        else
        {
            for (int j = 0; j < work.Length; j++)
            {
                sum -= double.CreateTruncating(t[j] * work[j]);
            }
        }

        ActivationKernels.ExpInPlace(work);
        T sumExp = ActivationKernels.Sum<T>(work);
        T logSum = ActivationKernels.Log(sumExp);
        sum += sparse ? double.CreateTruncating(logSum) : double.CreateTruncating(logSum * ActivationKernels.Sum(t));
        for (int j = 0; j < work.Length; j++)
        {
            work[j] /= sumExp;
        }

        // (p − t)/N, rounded after the subtraction and again after the scaling.
        for (int j = 0; j < grad.Length; j++)
        {
            T target = sparse ? (j == label ? T.One : T.Zero) : t[j];
            grad[j] = (work[j] - target) * invN;
        }
    }

    /// <summary>The cost alone (evaluation), with no buffer to write: log Σ e^(z − max) − (z_label − max) per row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double CrossEntropyFromLogitsLossOnly<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> t, int rows, int cols, bool sparse)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> zr = z.Slice(r * cols, cols);
            T logSum = ActivationKernels.LogSumExpShifted(zr, out T max);
            if (sparse)
            {
                sum += double.CreateTruncating(logSum - (zr[ClassIndex(t[r], r, cols)] - max));
            }
            else
            {
                ReadOnlySpan<T> tr = t.Slice(r * cols, cols);
                for (int j = 0; j < cols; j++)
                {
                    sum += double.CreateTruncating(tr[j] * (logSum - (zr[j] - max)));
                }
            }
        }

        return sum / rows;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double CrossEntropyFromProbabilities<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, Span<T> grad, int rows, int cols, bool sparse)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        T invN = T.CreateTruncating(1.0 / Math.Max(1, rows));
        T eps = T.CreateTruncating(ProbabilityEpsilon);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> tr = sparse ? default : t.Slice(r * cols, cols);
            int label = sparse ? ClassIndex(t[r], r, cols) : -1;
            for (int j = 0; j < cols; j++)
            {
                T target = sparse ? (j == label ? T.One : T.Zero) : tr[j];
                T pj = T.Max(p[(r * cols) + j], eps);
                if (target != T.Zero)
                {
                    sum -= double.CreateTruncating(target * T.Log(pj));
                }

                if (!grad.IsEmpty)
                {
                    grad[(r * cols) + j] = -target / pj * invN;
                }
            }
        }

        return rows == 0 ? 0 : sum / rows;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int ClassIndex<T>(T value, int row, int cols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double v = double.CreateTruncating(value);
        int label = (int)v;
        if (label != v || (uint)label >= (uint)cols)
        {
            ThrowBadClassIndex(v, row, cols);
        }

        return label;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadClassIndex(double v, int row, int cols) =>
        throw new ArgumentException($"Target of row {row} is {v}; a class index must be an integer in [0, {cols - 1}].");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckSameLength<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t)
    {
        if (p.Length != t.Length)
        {
            throw new ArgumentException($"Predictions have {p.Length} values but targets have {t.Length}.");
        }
    }
}
