using NeuralSharp.Tensors;

namespace NeuralSharp.Data;

/// <summary>The contents of one IDX file: its element type, its shape and its values as float32, row-major.</summary>
public sealed class IdxArray
{
    public IdxArray(IdxDataType dataType, int[] shape, float[] values)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(values);
        long count = 1;
        foreach (int d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            count *= d;
        }

        if (count != values.Length)
        {
            throw new ArgumentException($"Shape holds {count} elements but {values.Length} values were given.", nameof(values));
        }

        DataType = dataType;
        Shape = shape;
        Values = values;
    }

    /// <summary>Element type the file stored.</summary>
    public IdxDataType DataType { get; }

    /// <summary>Dimension sizes (1 to 4 of them), outermost first.</summary>
#pragma warning disable CA1819 // a plain array is the point: this is a raw file image
    public int[] Shape { get; }

    /// <summary>All elements converted to float32, row-major.</summary>
    public float[] Values { get; }
#pragma warning restore CA1819

    /// <summary>Size of the first dimension (the number of items).</summary>
    public int Count => Shape[0];

    /// <summary>A tensor over <see cref="Values"/> (no copy) with the file's shape.</summary>
    public Tensor ToTensor() => Tensor.FromArray(Values, Shape);
}
