using System.Collections;
using System.Runtime.CompilerServices;

namespace NeuralSharp.Tensors;

/// <summary>An immutable list of dimension sizes, outermost first (row-major).</summary>
public readonly struct Shape : IEquatable<Shape>, IReadOnlyList<int>
{
    private readonly int[]? _dims;

    public Shape(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        foreach (int d in dims)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Shape {Format(dims)} has a negative dimension.", nameof(dims));
            }
        }

        _dims = (int[])dims.Clone();
    }

    public int Rank => _dims?.Length ?? 0;

    public int Count => Rank;

    public int this[int axis] => (_dims ?? [])[axis];

    /// <summary>Number of elements: the product of the dimensions (1 for a scalar shape).</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (int d in _dims ?? [])
            {
                n *= d;
            }

            return n;
        }
    }

    /// <summary>Elements per item of the leading (batch) dimension: the product of all dimensions after the first.</summary>
    public int InnerSize
    {
        get
        {
            int n = 1;
            for (int i = 1; i < Rank; i++)
            {
                n = checked(n * this[i]);
            }

            return n;
        }
    }

    /// <summary>This shape with a leading batch dimension prepended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Shape WithBatch(int batch)
    {
        int[] dims = new int[Rank + 1];
        dims[0] = batch;
        (_dims ?? []).CopyTo(dims, 1);
        return new Shape(dims);
    }

    /// <summary>This shape without its leading dimension.</summary>
    public Shape WithoutBatch() => new((_dims ?? [])[1..]);

    public int[] ToArray() => (int[])(_dims ?? []).Clone();

    public bool Equals(Shape other) => (_dims ?? []).AsSpan().SequenceEqual(other._dims ?? []);

    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (int d in _dims ?? [])
        {
            h.Add(d);
        }

        return h.ToHashCode();
    }

    public static bool operator ==(Shape left, Shape right) => left.Equals(right);

    public static bool operator !=(Shape left, Shape right) => !left.Equals(right);

    public override string ToString() => Format(_dims ?? []);

    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)(_dims ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static string Format(int[] dims) => "(" + string.Join(", ", dims) + ")";
}
