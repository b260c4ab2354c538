namespace NeuralSharp.Tensors;

/// <summary>Element type of a <see cref="Tensor"/>. Training runs in <see cref="Float32"/>;
/// <see cref="Float64"/> exists so that gradients can be checked against finite differences in double.</summary>
public enum DType
{
    Float32,
    Float64,
}
