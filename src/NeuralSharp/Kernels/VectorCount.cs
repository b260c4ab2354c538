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

internal readonly struct Two : IVectorCount
{
    public static int Count => 2;
}

internal readonly struct Three : IVectorCount
{
    public static int Count => 3;
}

internal readonly struct Four : IVectorCount
{
    public static int Count => 4;
}

internal readonly struct Five : IVectorCount
{
    public static int Count => 5;
}

internal readonly struct Six : IVectorCount
{
    public static int Count => 6;
}

internal readonly struct Seven : IVectorCount
{
    public static int Count => 7;
}

internal readonly struct Eight : IVectorCount
{
    public static int Count => 8;
}

internal readonly struct Nine : IVectorCount
{
    public static int Count => 9;
}

internal readonly struct Ten : IVectorCount
{
    public static int Count => 10;
}

internal readonly struct Eleven : IVectorCount
{
    public static int Count => 11;
}

internal readonly struct Twelve : IVectorCount
{
    public static int Count => 12;
}

internal readonly struct Thirteen : IVectorCount
{
    public static int Count => 13;
}

internal readonly struct Fourteen : IVectorCount
{
    public static int Count => 14;
}

internal readonly struct Fifteen : IVectorCount
{
    public static int Count => 15;
}

internal readonly struct Sixteen : IVectorCount
{
    public static int Count => 16;
}
