namespace NeuralSharp.Kernels;

/// <summary>A register count fixed at compile time, for <see cref="Gemv"/>'s unrolled column blocks.</summary>
internal interface IVectorCount
{
    static abstract int Count { get; }
}

internal readonly struct One : IVectorCount
{
    public static int Count => 1;
}

internal readonly struct Four : IVectorCount
{
    public static int Count => 4;
}

internal readonly struct Eight : IVectorCount
{
    public static int Count => 8;
}

internal readonly struct Sixteen : IVectorCount
{
    public static int Count => 16;
}
