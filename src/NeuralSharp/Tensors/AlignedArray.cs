using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralSharp.Tensors;

/// <summary>Pinned arrays with an element on a 64-byte boundary, for tensors and the kernels' scratch memory.</summary>
/// <remarks>Why: a 512-bit load or store that starts off a 64-byte boundary touches two cache lines, and the managed
/// heap aligns arrays to 8 bytes only. Pinned, so the boundary (and a pointer to it) stays where it is.</remarks>
internal static class AlignedArray
{
    public const int Alignment = 64;

    /// <summary>Elements of <typeparamref name="T"/> an array needs beyond <c>count</c> for an aligned start.</summary>
    public static int Slack<T>()
        where T : unmanaged => (Alignment / Unsafe.SizeOf<T>()) - 1;

    /// <summary>A pinned array whose elements [offset, offset + <paramref name="count"/>) start on a 64-byte boundary;
    /// zeroed when <paramref name="zeroed"/>, else with whatever the memory held.</summary>
    public static unsafe T[] Allocate<T>(int count, bool zeroed, out int offset)
        where T : unmanaged
    {
        T[] array = zeroed
            ? GC.AllocateArray<T>(count + Slack<T>(), pinned: true)
            : GC.AllocateUninitializedArray<T>(count + Slack<T>(), pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        offset = (int)((Alignment - (address & (Alignment - 1))) & (Alignment - 1)) / sizeof(T);
        return array;
    }
}
