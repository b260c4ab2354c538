using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NeuralSharp.Compute;
using NeuralSharp.Kernels;

namespace NeuralSharp.Bench;

/// <summary>
/// What bounds one core's share of the first layer in a single-example predict: the rows a real image selects, read
/// from a cache-resident 784×256 weight matrix by one thread for its 128 columns (as each thread of the two-thread
/// pair does), four ways: the library's GEMV kernel (multiply-adds), the same loads with no arithmetic, the same rows
/// packed contiguously (a 784×128 copy), and a plain sequential read of as many bytes. If the loads alone take
/// nearly as long as the kernel, the arithmetic is not what bounds it; the sequential read is the most one core can
/// hope for with these bytes.
/// </summary>
internal static unsafe class GatherProfile
{
    private const int Inputs = 784, Width = 256, Half = 128, Images = 2000, Passes = 5;

    /// <summary>0, 1, 2, …: a row list that reads the packed copy from its start, as one stream.</summary>
    private static readonly int[] Ascending = [.. Enumerable.Range(0, Inputs)];

    public static int Run()
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            Console.Error.WriteLine("predict-gather: needs AVX-512 (it times the 512-bit paths)");
            return 1;
        }

        var (_, _, testX, _) = Data.FashionMnist.Load(null);
        var x = testX.AsSpan<float>();
        var lists = new int[Images][];
        var row = new int[Inputs];
        for (int i = 0; i < Images; i++)
        {
            int count = Gemv.NonZeroRows(x.Slice(i * Inputs, Inputs), row, GemmPath.Avx512);
            lists[i] = row[..count];
        }

        float* w = (float*)NativeMemory.AlignedAlloc(Inputs * Width * sizeof(float), 64);
        float* packed = (float*)NativeMemory.AlignedAlloc(Inputs * Half * sizeof(float), 64);
        float* y = (float*)NativeMemory.AlignedAlloc(Width * sizeof(float), 64);
        try
        {
            var random = new Random(1);
            for (int i = 0; i < Inputs * Width; i++)
            {
                w[i] = (float)(random.NextDouble() - 0.5);
            }

            for (int k = 0; k < Inputs; k++)
            {
                new ReadOnlySpan<float>(w + (k * Width), Half).CopyTo(new Span<float>(packed + (k * Half), Half));
            }

            double rows = 0;
            foreach (int[] list in lists)
            {
                rows += list.Length;
            }

            rows /= Images;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"predict-gather: {Images} test images, {rows:F0} nonzero pixels on average; one thread, 128 of 256 columns ({rows * Half * 4 / 1024:F0} KB of weights per image); medians"));
            string[] names = ["library GEMV kernel (Gemv.Product)", "same loads, no arithmetic", "library kernel, 784x128 copy", "loads only, as many rows in order"];
            for (int round = 0; round < 3; round++)
            {
                for (int variant = 0; variant < names.Length; variant++)
                {
                    double median = Time(variant, x, lists, w, packed, y);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {names[variant],-38} {median,6:F3} us   {rows * Half * 4 / median / 1000:F0} GB/s"));
                }
            }
        }
        finally
        {
            NativeMemory.AlignedFree(w);
            NativeMemory.AlignedFree(packed);
            NativeMemory.AlignedFree(y);
        }

        return 0;
    }

    private static double Time(int variant, ReadOnlySpan<float> x, int[][] lists, float* w, float* packed, float* y)
    {
        var times = new double[Images * Passes];
        var output = new Span<float>(y, Width);
        for (int pass = 0; pass < Passes; pass++)
        {
            for (int i = 0; i < Images; i++)
            {
                var image = x.Slice(i * Inputs, Inputs);
                int[] list = lists[i];
                long start = Stopwatch.GetTimestamp();
                switch (variant)
                {
                    case 0:
                        Gemv.Product(image, list, new ReadOnlySpan<float>(w, Inputs * Width), Width, output, 0, Half, GemmPath.Avx512);
                        break;
                    case 1:
                        LoadsOnly(list, w, Width, y);
                        break;
                    case 2:
                        Gemv.Product(image, list, new ReadOnlySpan<float>(packed, Inputs * Half), Half, output, 0, Half, GemmPath.Avx512);
                        break;
                    default:
                        LoadsOnly(Ascending.AsSpan(0, list.Length), packed, Half, y); // the same loop, rows one after another
                        break;
                }

                times[(pass * Images) + i] = (Stopwatch.GetTimestamp() - start) * 1e6 / Stopwatch.Frequency; // not TimeSpan: its 100 ns ticks
            }
        }

        Array.Sort(times);
        return times[times.Length / 2];
    }

    /// <summary>The kernel's loads (eight 512-bit lines per listed row) OR-ed together: no multiply-add chains.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void LoadsOnly(ReadOnlySpan<int> rows, float* w, int n, float* y)
    {
        Vector512<int> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        foreach (int p in rows)
        {
            int* b = (int*)(w + ((long)p * n));
            c0 |= Vector512.Load(b);
            c1 |= Vector512.Load(b + 16);
            c2 |= Vector512.Load(b + 32);
            c3 |= Vector512.Load(b + 48);
            c4 |= Vector512.Load(b + 64);
            c5 |= Vector512.Load(b + 80);
            c6 |= Vector512.Load(b + 96);
            c7 |= Vector512.Load(b + 112);
        }

        (c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7).AsSingle().Store(y);
    }
}
