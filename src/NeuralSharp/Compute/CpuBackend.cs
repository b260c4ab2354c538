using System.Numerics;
using System.Runtime.CompilerServices;
using NeuralSharp.Kernels;
using NeuralSharp.Tensors;

namespace NeuralSharp.Compute;

/// <summary>
/// The managed CPU backend: checks shapes and dtypes, then hands spans to the kernels in
/// <see cref="NeuralSharp.Kernels"/>. Float32 matrix products use the blocked SIMD <see cref="Gemm"/>;
/// float64 (used for gradient checks) goes through generic kernels.
/// </summary>
public sealed partial class CpuBackend : IComputeBackend
{
    public CpuBackend(int maxThreads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxThreads);
        MaxThreads = maxThreads == 0 ? Environment.ProcessorCount : maxThreads;
    }

    /// <summary>A backend using every core.</summary>
    public static CpuBackend Default { get; } = new();

    public int MaxThreads { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void MatMul(Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor c, bool accumulate)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        CheckProduct(a, transposeA, b, transposeB, c, out int m, out int n, out int k);
        if (a.DType == DType.Float32)
        {
            Gemm.Multiply(transposeA, transposeB, m, n, k, a.Float32Span, b.Float32Span, c.Float32Span, accumulate, MaxThreads);
        }
        else
        {
            GemmGeneric.Multiply<double>(transposeA, transposeB, m, n, k, a.Float64Span, b.Float64Span, c.Float64Span, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckProduct(Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor c, out int m, out int n, out int k)
    {
        SameDType(a, b, c);
        (m, k) = transposeA ? (a.RowSize, a.Rows) : (a.Rows, a.RowSize);
        (int kb, n) = transposeB ? (b.RowSize, b.Rows) : (b.Rows, b.RowSize);
        if (k != kb || c.Rows != m || c.RowSize != n)
        {
            throw new ArgumentException(
                $"Cannot multiply {(transposeA ? "transpose of " : string.Empty)}{a.Shape} by {(transposeB ? "transpose of " : string.Empty)}{b.Shape} into {c.Shape}.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void DenseForward(Tensor x, Tensor weight, Tensor? bias, ActivationFunction function, double alpha, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(y);
        if (bias is not null && (bias.Length != weight.RowSize || bias.DType != y.DType))
        {
            throw new ArgumentException($"Bias {bias.Shape} does not match the {weight.RowSize} units of weight {weight.Shape}.");
        }

        bool fused = function is ActivationFunction.Linear or ActivationFunction.ReLU;
        if (x.DType == DType.Float32 && fused)
        {
            CheckProduct(x, false, weight, false, y, out int m, out int n, out int k);
            Gemm.Multiply(false, false, m, n, k, x.Float32Span, weight.Float32Span, y.Float32Span, false, MaxThreads,
                bias is null ? [] : bias.Float32Span, relu: function == ActivationFunction.ReLU);
            return;
        }

        MatMul(x, false, weight, false, y, accumulate: false);
        AddBiasAndActivate(y, bias, function, alpha);
    }

    /// <summary>y = f(y + b) in two passes: the tail of a dense forward that was not fused into its product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddBiasAndActivate(Tensor y, Tensor? bias, ActivationFunction function, double alpha)
    {
        if (bias is not null)
        {
            AddRowVector(y, bias);
        }

        if (function != ActivationFunction.Linear)
        {
            ActivationForward(function, alpha, y, y);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRowVector(Tensor y, Tensor bias)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(bias);
        SameDType(y, bias);
        if (bias.Length != y.RowSize)
        {
            throw new ArgumentException($"Bias {bias.Shape} does not match rows of {y.Shape}.");
        }

        if (y.DType == DType.Float32)
        {
            RowKernels.AddRowVector(y.Float32Span, bias.Float32Span, y.Rows);
        }
        else
        {
            RowKernels.AddRowVector(y.Float64Span, bias.Float64Span, y.Rows);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SumRows(Tensor x, Tensor sums, bool accumulate)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(sums);
        SameDType(x, sums);
        if (sums.Length != x.RowSize)
        {
            throw new ArgumentException($"Sums {sums.Shape} do not match rows of {x.Shape}.");
        }

        if (x.DType == DType.Float32)
        {
            RowKernels.SumRows(x.Float32Span, sums.Float32Span, x.Rows, accumulate);
        }
        else
        {
            RowKernels.SumRows(x.Float64Span, sums.Float64Span, x.Rows, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ActivationForward(ActivationFunction function, double alpha, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        SameDType(x, y);
        SameLength(x, y);
        if (x.DType == DType.Float32)
        {
            ActivationKernels.Forward(function, (float)alpha, x.Float32Span, y.Float32Span, x.RowSize);
        }
        else
        {
            ActivationKernels.Forward(function, alpha, x.Float64Span, y.Float64Span, x.RowSize);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ActivationBackward(ActivationFunction function, double alpha, Tensor x, Tensor y, Tensor dy, Tensor dx)
    {
        ActivationBackwardOperands(x, y, dy, dx);
        if (x.DType == DType.Float32)
        {
            ActivationKernels.Backward(function, (float)alpha, x.Float32Span, y.Float32Span, dy.Float32Span, dx.Float32Span, x.RowSize);
        }
        else
        {
            ActivationKernels.Backward(function, alpha, x.Float64Span, y.Float64Span, dy.Float64Span, dx.Float64Span, x.RowSize);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ActivationBackwardWithBiasGradient(ActivationFunction function, double alpha, Tensor x, Tensor y, Tensor dy, Tensor dx, Tensor biasGradient, bool accumulateBias)
    {
        ArgumentNullException.ThrowIfNull(biasGradient);
        ActivationBackwardOperands(x, y, dy, dx);
        if (function == ActivationFunction.ReLU && x.DType == DType.Float32)
        {
            SameDType(dx, biasGradient);
            if (biasGradient.Length != dx.RowSize)
            {
                throw new ArgumentException($"Bias gradient {biasGradient.Shape} does not match rows of {dx.Shape}.");
            }

            // [x > 0] is the ReLU's mask; x is the pre-activation or, as the dense layer passes it, y = max(x, 0).
            ReluBiasBackward.Run(x.Float32Span, dy.Float32Span, dx.Float32Span, biasGradient.Float32Span, dx.Rows, dx.RowSize, accumulateBias);
            return;
        }

        ActivationBackward(function, alpha, x, y, dy, dx);
        SumRows(dx, biasGradient, accumulateBias);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double MeanSquaredError(Tensor predictions, Tensor targets, Tensor? gradient)
    {
        LossOperands(predictions, targets, gradient);
        return predictions.DType == DType.Float32
            ? LossKernels.MeanSquaredError<float>(predictions.Float32Span, targets.Float32Span, gradient is null ? default : gradient.Float32Span)
            : LossKernels.MeanSquaredError<double>(predictions.Float64Span, targets.Float64Span, gradient is null ? default : gradient.Float64Span);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double MeanAbsoluteError(Tensor predictions, Tensor targets, Tensor? gradient)
    {
        LossOperands(predictions, targets, gradient);
        return predictions.DType == DType.Float32
            ? LossKernels.MeanAbsoluteError<float>(predictions.Float32Span, targets.Float32Span, gradient is null ? default : gradient.Float32Span)
            : LossKernels.MeanAbsoluteError<double>(predictions.Float64Span, targets.Float64Span, gradient is null ? default : gradient.Float64Span);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double BinaryCrossEntropy(Tensor predictions, Tensor targets, Tensor? gradient, bool fromLogits)
    {
        LossOperands(predictions, targets, gradient);
        return predictions.DType == DType.Float32
            ? LossKernels.BinaryCrossEntropy<float>(predictions.Float32Span, targets.Float32Span, gradient is null ? default : gradient.Float32Span, fromLogits)
            : LossKernels.BinaryCrossEntropy<double>(predictions.Float64Span, targets.Float64Span, gradient is null ? default : gradient.Float64Span, fromLogits);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double CategoricalCrossEntropy(Tensor predictions, Tensor targets, Tensor? gradient, bool fromLogits, Tensor? probabilities)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        SameDType(predictions, targets);
        if (targets.Rows != predictions.Rows)
        {
            throw new ArgumentException($"Targets {targets.Shape} and predictions {predictions.Shape} have different numbers of rows.");
        }

        if (gradient is not null)
        {
            SameDType(predictions, gradient);
            SameLength(predictions, gradient);
        }

        if (probabilities is not null)
        {
            SameDType(predictions, probabilities);
            SameLength(predictions, probabilities);
        }

        return predictions.DType == DType.Float32
            ? LossKernels.CategoricalCrossEntropy<float>(predictions.Float32Span, targets.Float32Span, gradient is null ? default : gradient.Float32Span, probabilities is null ? default : probabilities.Float32Span, predictions.Rows, predictions.RowSize, fromLogits)
            : LossKernels.CategoricalCrossEntropy<double>(predictions.Float64Span, targets.Float64Span, gradient is null ? default : gradient.Float64Span, probabilities is null ? default : probabilities.Float64Span, predictions.Rows, predictions.RowSize, fromLogits);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void GatherRows(Tensor source, ReadOnlySpan<int> indices, Tensor destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        Data.RowGather.Gather(source, indices, destination, MaxThreads);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Scale(Tensor x, double s)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.DType == DType.Float32)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(x.Float32Span, (float)s, x.Float32Span);
        }
        else
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(x.Float64Span, s, x.Float64Span);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double SumOfSquares(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.DType == DType.Float32 ? RowKernels.SumOfSquares<float>(x.Float32Span) : RowKernels.SumOfSquares<double>(x.Float64Span);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fill(Tensor x, double value)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.DType == DType.Float32)
        {
            x.Float32Span.Fill((float)value);
        }
        else
        {
            x.Float64Span.Fill(value);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Copy(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        SameDType(x, y);
        SameLength(x, y);
        if (x.DType == DType.Float32)
        {
            x.Float32Span.CopyTo(y.Float32Span);
        }
        else
        {
            x.Float64Span.CopyTo(y.Float64Span);
        }
    }

    /// <summary>x, y = f(x), dy and dx: present, of one dtype and of one length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ActivationBackwardOperands(Tensor x, Tensor y, Tensor dy, Tensor dx)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(dy);
        ArgumentNullException.ThrowIfNull(dx);
        SameDType(x, y, dy);
        SameDType(dy, dx);
        SameLength(x, y);
        SameLength(x, dy);
        SameLength(x, dx);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LossOperands(Tensor predictions, Tensor targets, Tensor? gradient)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        SameDType(predictions, targets);
        if (predictions.Length != targets.Length)
        {
            throw new ArgumentException($"Predictions {predictions.Shape} and targets {targets.Shape} differ in size.");
        }

        if (gradient is not null)
        {
            SameDType(predictions, gradient);
            SameLength(predictions, gradient);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SameDType(Tensor a, Tensor b, Tensor? c = null)
    {
        if (a.DType != b.DType || (c is not null && c.DType != a.DType))
        {
            throw new ArgumentException($"Operands mix dtypes: {a.DType}, {b.DType}{(c is null ? string.Empty : ", " + c.DType)}.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SameLength(Tensor a, Tensor b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Operands {a.Shape} and {b.Shape} differ in size.");
        }
    }
}
