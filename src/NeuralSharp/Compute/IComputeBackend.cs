using NeuralSharp.Tensors;

namespace NeuralSharp.Compute;

/// <summary>The element-wise functions the kernels implement (math only; layers pick one).</summary>
public enum ActivationFunction
{
    Linear,
    Step,
    Sigmoid,
    Tanh,
    ReLU,
    LeakyReLU,
    ELU,
    Softmax,
}

/// <summary>
/// Every numeric operation that layers, losses and optimizers perform goes through this interface, so that
/// another backend (CUDA, later) replaces the kernels and not the layers. Tensors are read as 2-D
/// (<see cref="Tensor.Rows"/> × <see cref="Tensor.RowSize"/>). All operands of one call share a dtype.
/// Implementations never allocate per call.
/// </summary>
public interface IComputeBackend
{
    /// <summary>Upper bound on worker threads for one operation. Results never depend on it.</summary>
    int MaxThreads { get; }

    /// <summary>C = op(A)·op(B) (+ C when <paramref name="accumulate"/>), op = transpose when the flag is set.</summary>
    void MatMul(Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor c, bool accumulate);

    /// <summary>
    /// y = f(x·W + b) for a batch: x is N × inputs, W inputs × units, b units (or null), y N × units. The values equal
    /// those of <see cref="MatMul"/>, <see cref="AddRowVector"/> and <see cref="ActivationForward"/> in turn; a backend
    /// may fuse them (the CPU backend does for the identity and ReLU, finishing each block of y while it is in cache).
    /// </summary>
    void DenseForward(Tensor x, Tensor weight, Tensor? bias, ActivationFunction function, double alpha, Tensor y);

    /// <summary>y[i, :] += bias for every row i.</summary>
    void AddRowVector(Tensor y, Tensor bias);

    /// <summary>sums[j] (+)= Σᵢ x[i, j]: the bias gradient.</summary>
    void SumRows(Tensor x, Tensor sums, bool accumulate);

    /// <summary>y = f(x) element-wise; softmax acts on each row. x and y may be the same tensor.</summary>
    void ActivationForward(ActivationFunction function, double alpha, Tensor x, Tensor y);

    /// <summary>dx = f'(x) ⊙ dy (for softmax, the row Jacobian times dy), given x, y = f(x) and dy.
    /// dx may alias dy.</summary>
    void ActivationBackward(ActivationFunction function, double alpha, Tensor x, Tensor y, Tensor dy, Tensor dx);

    /// <summary>
    /// A dense layer's activation backward and bias gradient: dz = f'(x) ⊙ dy as <see cref="ActivationBackward"/>,
    /// then biasGradient (+)= Σᵢ dz[i, :] as <see cref="SumRows"/>, with the same values; a backend may fuse them (the
    /// CPU backend does for ReLU, in one pass).
    /// </summary>
    void ActivationBackwardWithBiasGradient(ActivationFunction function, double alpha, Tensor x, Tensor y, Tensor dy, Tensor dx, Tensor biasGradient, bool accumulateBias);

    /// <summary>Mean over rows of Σⱼ (p − t)²/cols … see <see cref="Kernels.LossKernels"/>. Returns the mean loss
    /// per example; writes ∂(mean loss)/∂p into <paramref name="gradient"/> when it is not null.</summary>
    double MeanSquaredError(Tensor predictions, Tensor targets, Tensor? gradient);

    double MeanAbsoluteError(Tensor predictions, Tensor targets, Tensor? gradient);

    /// <summary>Binary cross-entropy; <paramref name="fromLogits"/> selects the stable log-sum-exp form.</summary>
    double BinaryCrossEntropy(Tensor predictions, Tensor targets, Tensor? gradient, bool fromLogits);

    /// <summary>Categorical cross-entropy. Targets are one-hot rows (same shape as predictions) or one class
    /// index per row (N × 1). From logits: softmax and the loss fused, gradient (p − y)/N, and the softmax
    /// probabilities written to <paramref name="probabilities"/> when it is not null.</summary>
    double CategoricalCrossEntropy(Tensor predictions, Tensor targets, Tensor? gradient, bool fromLogits, Tensor? probabilities);

    /// <summary>
    /// y = f(x·W + b) for a single example in host memory: x holds the inputs, W is inputs × units, b units (or
    /// null), y receives the units (x and y must not overlap). Float32. The single-example prediction path; the values
    /// equal those of <see cref="MatMul"/>, <see cref="AddRowVector"/> and <see cref="ActivationForward"/> on a batch
    /// of one. x is read where it lies, so a model can predict from the caller's span without copying it.
    /// </summary>
    void DenseRow(ReadOnlySpan<float> x, Tensor weight, Tensor? bias, ActivationFunction function, double alpha, Span<float> y);

    /// <summary>
    /// Two dense layers for a single example in one step: h = f₁(x·W₁ + b₁), y = f₂(h·W₂ + b₂), with the values of two
    /// <see cref="DenseRow"/> calls. Returns false, having done nothing, when the backend has no fused step for these
    /// operands (the default); the caller then calls <see cref="DenseRow"/> twice. y may overlap x; h may not overlap
    /// either.
    /// </summary>
    bool DenseRowPair(ReadOnlySpan<float> x, Tensor weight1, Tensor? bias1, ActivationFunction function1, double alpha1, Span<float> h,
        Tensor weight2, Tensor? bias2, ActivationFunction function2, double alpha2, Span<float> y) => false;

    /// <summary>y = f(x) for a single example in host memory (Float32; y is x itself or apart from it): the values of
    /// <see cref="ActivationForward"/> on a batch of one.</summary>
    void ActivationRow(ActivationFunction function, double alpha, ReadOnlySpan<float> x, Span<float> y);

    /// <summary>destination row i ← source row indices[i]: how a shuffled mini-batch is assembled.</summary>
    void GatherRows(Tensor source, ReadOnlySpan<int> indices, Tensor destination);

    /// <summary>x *= s.</summary>
    void Scale(Tensor x, double s);

    /// <summary>Σ x².</summary>
    double SumOfSquares(Tensor x);

    /// <summary>x = value everywhere.</summary>
    void Fill(Tensor x, double value);

    /// <summary>y = x (same dtype and length).</summary>
    void Copy(Tensor x, Tensor y);

    /// <summary>SGD with optional momentum (heavy-ball or Nesterov) and coupled L2 decay; see
    /// <see cref="Kernels.OptimizerKernels"/> for the formulas. <paramref name="velocity"/> is null without momentum.</summary>
    void SgdUpdate(Tensor value, Tensor gradient, Tensor? velocity, double learningRate, double momentum, bool nesterov, double weightDecay);

    /// <summary>Adam (or AdamW when <paramref name="decoupledWeightDecay"/>) with bias correction at step <paramref name="step"/> (1-based).</summary>
    void AdamUpdate(Tensor value, Tensor gradient, Tensor m, Tensor v, double learningRate, double beta1, double beta2, double epsilon, long step, double weightDecay, bool decoupledWeightDecay);

    /// <summary>RMSProp: s = ρ·s + (1 − ρ)·g², w −= lr·g / (√s + ε), with optional momentum buffer.</summary>
    void RmsPropUpdate(Tensor value, Tensor gradient, Tensor meanSquare, Tensor? velocity, double learningRate, double rho, double momentum, double epsilon, double weightDecay);
}
