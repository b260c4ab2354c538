using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuralSharp.Tensors;

namespace NeuralSharp.Tests.Storage;

/// <summary>Where a tensor's elements live: buffers allocated by the library start on a 64-byte boundary.</summary>
public sealed class TensorStorageTests
{
    /// <summary>The first element's address (the buffers are pinned, so it does not move).</summary>
    private static long Address<T>(Span<T> span)
        where T : unmanaged =>
        Unsafe.ByteOffset(ref Unsafe.NullRef<T>(), ref MemoryMarshal.GetReference(span));

    [Theory]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1000)]
    [InlineData(784 * 256)]
    public void Allocated_buffers_start_on_a_64_byte_boundary_and_hold_zeros(int length)
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            // Several allocations: the heap's own alignment (8 bytes) would put some of them on the boundary by chance.
            var f = Tensor.Zeros(length);
            var d = Tensor.Zeros(new Shape(length), DType.Float64);
            Assert.Equal(0, Address(f.Float32Span) % 64);
            Assert.Equal(0, Address(d.Float64Span) % 64);
            Assert.Equal(length, f.Float32Span.Length);
            Assert.All(f.ToArray(), v => Assert.Equal(0f, v));
            Assert.All(d.ToDoubleArray(), v => Assert.Equal(0.0, v));
        }
    }

    [Fact]
    public void Views_and_row_prefixes_share_the_aligned_elements()
    {
        var t = Tensor.Zeros(10, 100);
        t[0] = 1;
        t[999] = 2;
        var view = t.View(new Shape(1000));
        var prefix = t.FirstRows(3);
        Assert.Equal(Address(t.Float32Span), Address(view.Float32Span));
        Assert.Equal(Address(t.Float32Span), Address(prefix.Float32Span));
        Assert.Equal(1f, prefix[0]);
        Assert.Equal(2f, view[999]);
        Assert.True(t.Capacity >= t.Length);
        Assert.Throws<ArgumentException>(() => t.View(new Shape(t.Capacity + 1)));
    }

    [Fact]
    public void A_wrapped_array_is_used_in_place_from_its_first_element()
    {
        float[] data = new float[300];
        var t = Tensor.FromArray(data, 3, 100);
        t[0] = 5;
        t[299] = 7;
        Assert.Equal(5f, data[0]);
        Assert.Equal(7f, data[299]);
        Assert.Equal(300, t.Capacity);
        Assert.Equal(data, t.Float32Segment.ToArray());
    }
}
