using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralSharp.Kernels;

/// <summary>
/// Register-tile kernels: one 12×32 tile of C (+)= A_tile·B_panel over kc steps.
/// </summary>
/// <remarks>
/// A tile element (r, p) is at a[r·rowStride + p·stepStride]; one of the two strides is 1: either A read in
/// place row-major (stepStride = 1; also the edge strip copied from A) or k-major (rowStride = 1: Aᵀ in place, or the
/// edge strip copied from Aᵀ).
/// B panel element (p, j) is at b[p·ldb + j]: ldb = 32 for a packed panel, B's row length when read in place.
/// C tile element (r, j) is at c[r·ldc + j].
/// Every path computes each C element as the same chain c ← fma(a[r,p], b[p,j], c) for p = 0, 1, …, starting
/// from C (<see cref="TileStore.Continue"/>) or +0, and with <see cref="TileStore.Add"/> stores C + chain; so all paths
/// and all thread counts give bitwise identical results.
/// </remarks>
// Why: kernels, packing and the driver loop are AggressiveOptimization so early calls never run tier-0 code.
internal static unsafe class GemmMicroKernels
{
    /// <summary>
    /// One 12×32 tile. <paramref name="narrow"/>: only C's left 16 columns are wanted (a panel at most 16 wide, written
    /// to a scratch tile), and the AVX-512 path leaves out the right half's multiply-adds, whose results are then not
    /// meaningful. Why: a 10-class output layer's products ran as 32-wide tiles, two-thirds padding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile(GemmPath path, float* a, nint rowStride, nint stepStride, float* b, nint ldb, int kc, float* c, nint ldc, TileStore store, bool narrow = false)
    {
        bool load = store == TileStore.Continue;
        bool add = store == TileStore.Add;
        if (path == GemmPath.Avx512)
        {
            if (stepStride == 1)
            {
                Avx512Rows(a, rowStride, b, ldb, kc, c, ldc, load, add, narrow);
            }
            else
            {
                Avx512Steps(a, stepStride, b, ldb, kc, c, ldc, load, add, narrow);
            }

            return;
        }

        if (add)
        {
            // The other paths compute the fresh chain in a scratch tile and add it: the same operations.
            float* tile = stackalloc float[Gemm.TileRows * Gemm.PanelWidth];
            Tile(path, a, rowStride, stepStride, b, ldb, kc, tile, Gemm.PanelWidth, TileStore.Overwrite);
            for (int r = 0; r < Gemm.TileRows; r++)
            {
                GemmKHalves.AddInto(c + (r * ldc), tile + (r * Gemm.PanelWidth), Gemm.PanelWidth, path);
            }

            return;
        }

        if (path == GemmPath.Vector256)
        {
            // Why: 16 ymm registers hold a 6×16 tile (12 accumulators), so the 12×32 tile runs as four quarters.
            for (int r = 0; r < Gemm.TileRows; r += 6)
            {
                for (int j = 0; j < Gemm.PanelWidth; j += 16)
                {
                    float* cq = c + (r * ldc) + j;
                    if (stepStride == 1)
                    {
                        V256Rows(a + (r * rowStride), rowStride, b + j, ldb, kc, cq, ldc, load);
                    }
                    else
                    {
                        V256Steps(a + r, stepStride, b + j, ldb, kc, cq, ldc, load);
                    }
                }
            }

            return;
        }

        Scalar(a, rowStride, stepStride, b, ldb, kc, c, ldc, load);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scalar(float* a, nint rowStride, nint stepStride, float* b, nint ldb, int kc, float* c, nint ldc, bool load)
    {
        float* acc = stackalloc float[Gemm.PanelWidth];
        for (int r = 0; r < Gemm.TileRows; r++)
        {
            float* cRow = c + (r * ldc);
            for (int j = 0; j < Gemm.PanelWidth; j++)
            {
                acc[j] = load ? cRow[j] : 0f;
            }

            float* ar = a + (r * rowStride);
            float* bp = b;
            for (int p = 0; p < kc; p++)
            {
                float x = ar[p * stepStride];
                for (int j = 0; j < Gemm.PanelWidth; j++)
                {
                    acc[j] = MathF.FusedMultiplyAdd(x, bp[j], acc[j]);
                }

                bp += ldb;
            }

            for (int j = 0; j < Gemm.PanelWidth; j++)
            {
                cRow[j] = acc[j];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Avx512Rows(float* a, nint rowStride, float* b, nint ldb, int kc, float* c, nint ldc, bool load, bool add, bool narrow)
    {
        Vector512<float> c0L, c0H;
        Vector512<float> c1L, c1H;
        Vector512<float> c2L, c2H;
        Vector512<float> c3L, c3H;
        Vector512<float> c4L, c4H;
        Vector512<float> c5L, c5H;
        Vector512<float> c6L, c6H;
        Vector512<float> c7L, c7H;
        Vector512<float> c8L, c8H;
        Vector512<float> c9L, c9H;
        Vector512<float> c10L, c10H;
        Vector512<float> c11L, c11H;
        if (load)
        {
            c0L = Vector512.Load(c);
            c0H = Vector512.Load(c + 16);
            c1L = Vector512.Load(c + (1 * ldc));
            c1H = Vector512.Load(c + (1 * ldc) + 16);
            c2L = Vector512.Load(c + (2 * ldc));
            c2H = Vector512.Load(c + (2 * ldc) + 16);
            c3L = Vector512.Load(c + (3 * ldc));
            c3H = Vector512.Load(c + (3 * ldc) + 16);
            c4L = Vector512.Load(c + (4 * ldc));
            c4H = Vector512.Load(c + (4 * ldc) + 16);
            c5L = Vector512.Load(c + (5 * ldc));
            c5H = Vector512.Load(c + (5 * ldc) + 16);
            c6L = Vector512.Load(c + (6 * ldc));
            c6H = Vector512.Load(c + (6 * ldc) + 16);
            c7L = Vector512.Load(c + (7 * ldc));
            c7H = Vector512.Load(c + (7 * ldc) + 16);
            c8L = Vector512.Load(c + (8 * ldc));
            c8H = Vector512.Load(c + (8 * ldc) + 16);
            c9L = Vector512.Load(c + (9 * ldc));
            c9H = Vector512.Load(c + (9 * ldc) + 16);
            c10L = Vector512.Load(c + (10 * ldc));
            c10H = Vector512.Load(c + (10 * ldc) + 16);
            c11L = Vector512.Load(c + (11 * ldc));
            c11H = Vector512.Load(c + (11 * ldc) + 16);
        }
        else
        {
            c0L = c0H = Vector512<float>.Zero;
            c1L = c1H = Vector512<float>.Zero;
            c2L = c2H = Vector512<float>.Zero;
            c3L = c3H = Vector512<float>.Zero;
            c4L = c4H = Vector512<float>.Zero;
            c5L = c5H = Vector512<float>.Zero;
            c6L = c6H = Vector512<float>.Zero;
            c7L = c7H = Vector512<float>.Zero;
            c8L = c8H = Vector512<float>.Zero;
            c9L = c9H = Vector512<float>.Zero;
            c10L = c10H = Vector512<float>.Zero;
            c11L = c11H = Vector512<float>.Zero;
        }

        // Why: row r of the tile sits at base + r·s (s = row stride in bytes); four bases and the
        // x86 index scales 1, 2, 4, 8 reach all twelve rows without per-row pointers.
        nint s = rowStride * sizeof(float);
        byte* row0 = (byte*)a;
        byte* row3 = row0 + (3 * s);
        byte* row6 = row0 + (6 * s);
        byte* row9 = row0 + (9 * s);
        for (int p = 0; narrow && p < kc; p++)
        {
            // Only the left 16 columns hold C (a panel at most 16 wide): half the multiply-adds.
            Vector512<float> b0 = Vector512.Load(b);
            c0L = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)row0), b0, c0L);
            c1L = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)(row0 + s)), b0, c1L);
            c2L = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)(row0 + (2 * s))), b0, c2L);
            c3L = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)row3), b0, c3L);
            c4L = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)(row0 + (4 * s))), b0, c4L);
            c5L = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)(row3 + (2 * s))), b0, c5L);
            c6L = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)row6), b0, c6L);
            c7L = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)(row3 + (4 * s))), b0, c7L);
            c8L = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)(row0 + (8 * s))), b0, c8L);
            c9L = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)row9), b0, c9L);
            c10L = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)(row6 + (4 * s))), b0, c10L);
            c11L = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)(row3 + (8 * s))), b0, c11L);
            row0 += sizeof(float);
            row3 += sizeof(float);
            row6 += sizeof(float);
            row9 += sizeof(float);
            b += ldb;
        }

        for (int p = 0; !narrow && p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> x0 = Vector512.Create(*(float*)row0);
            c0L = Vector512.FusedMultiplyAdd(x0, b0, c0L);
            c0H = Vector512.FusedMultiplyAdd(x0, b1, c0H);
            Vector512<float> x1 = Vector512.Create(*(float*)(row0 + s));
            c1L = Vector512.FusedMultiplyAdd(x1, b0, c1L);
            c1H = Vector512.FusedMultiplyAdd(x1, b1, c1H);
            Vector512<float> x2 = Vector512.Create(*(float*)(row0 + (2 * s)));
            c2L = Vector512.FusedMultiplyAdd(x2, b0, c2L);
            c2H = Vector512.FusedMultiplyAdd(x2, b1, c2H);
            Vector512<float> x3 = Vector512.Create(*(float*)row3);
            c3L = Vector512.FusedMultiplyAdd(x3, b0, c3L);
            c3H = Vector512.FusedMultiplyAdd(x3, b1, c3H);
            Vector512<float> x4 = Vector512.Create(*(float*)(row0 + (4 * s)));
            c4L = Vector512.FusedMultiplyAdd(x4, b0, c4L);
            c4H = Vector512.FusedMultiplyAdd(x4, b1, c4H);
            Vector512<float> x5 = Vector512.Create(*(float*)(row3 + (2 * s)));
            c5L = Vector512.FusedMultiplyAdd(x5, b0, c5L);
            c5H = Vector512.FusedMultiplyAdd(x5, b1, c5H);
            Vector512<float> x6 = Vector512.Create(*(float*)row6);
            c6L = Vector512.FusedMultiplyAdd(x6, b0, c6L);
            c6H = Vector512.FusedMultiplyAdd(x6, b1, c6H);
            Vector512<float> x7 = Vector512.Create(*(float*)(row3 + (4 * s)));
            c7L = Vector512.FusedMultiplyAdd(x7, b0, c7L);
            c7H = Vector512.FusedMultiplyAdd(x7, b1, c7H);
            Vector512<float> x8 = Vector512.Create(*(float*)(row0 + (8 * s)));
            c8L = Vector512.FusedMultiplyAdd(x8, b0, c8L);
            c8H = Vector512.FusedMultiplyAdd(x8, b1, c8H);
            Vector512<float> x9 = Vector512.Create(*(float*)row9);
            c9L = Vector512.FusedMultiplyAdd(x9, b0, c9L);
            c9H = Vector512.FusedMultiplyAdd(x9, b1, c9H);
            Vector512<float> x10 = Vector512.Create(*(float*)(row6 + (4 * s)));
            c10L = Vector512.FusedMultiplyAdd(x10, b0, c10L);
            c10H = Vector512.FusedMultiplyAdd(x10, b1, c10H);
            Vector512<float> x11 = Vector512.Create(*(float*)(row3 + (8 * s)));
            c11L = Vector512.FusedMultiplyAdd(x11, b0, c11L);
            c11H = Vector512.FusedMultiplyAdd(x11, b1, c11H);
            row0 += sizeof(float);
            row3 += sizeof(float);
            row6 += sizeof(float);
            row9 += sizeof(float);
            b += ldb;
        }

        if (add)
        {
            // C = C + (the fresh chain): the second K half (TileStore.Add).
            c0L = Vector512.Load(c) + c0L;
            c0H = Vector512.Load(c + 16) + c0H;
            c1L = Vector512.Load(c + (1 * ldc)) + c1L;
            c1H = Vector512.Load(c + (1 * ldc) + 16) + c1H;
            c2L = Vector512.Load(c + (2 * ldc)) + c2L;
            c2H = Vector512.Load(c + (2 * ldc) + 16) + c2H;
            c3L = Vector512.Load(c + (3 * ldc)) + c3L;
            c3H = Vector512.Load(c + (3 * ldc) + 16) + c3H;
            c4L = Vector512.Load(c + (4 * ldc)) + c4L;
            c4H = Vector512.Load(c + (4 * ldc) + 16) + c4H;
            c5L = Vector512.Load(c + (5 * ldc)) + c5L;
            c5H = Vector512.Load(c + (5 * ldc) + 16) + c5H;
            c6L = Vector512.Load(c + (6 * ldc)) + c6L;
            c6H = Vector512.Load(c + (6 * ldc) + 16) + c6H;
            c7L = Vector512.Load(c + (7 * ldc)) + c7L;
            c7H = Vector512.Load(c + (7 * ldc) + 16) + c7H;
            c8L = Vector512.Load(c + (8 * ldc)) + c8L;
            c8H = Vector512.Load(c + (8 * ldc) + 16) + c8H;
            c9L = Vector512.Load(c + (9 * ldc)) + c9L;
            c9H = Vector512.Load(c + (9 * ldc) + 16) + c9H;
            c10L = Vector512.Load(c + (10 * ldc)) + c10L;
            c10H = Vector512.Load(c + (10 * ldc) + 16) + c10H;
            c11L = Vector512.Load(c + (11 * ldc)) + c11L;
            c11H = Vector512.Load(c + (11 * ldc) + 16) + c11H;
        }

        Vector512.Store(c0L, c);
        Vector512.Store(c0H, c + 16);
        Vector512.Store(c1L, c + (1 * ldc));
        Vector512.Store(c1H, c + (1 * ldc) + 16);
        Vector512.Store(c2L, c + (2 * ldc));
        Vector512.Store(c2H, c + (2 * ldc) + 16);
        Vector512.Store(c3L, c + (3 * ldc));
        Vector512.Store(c3H, c + (3 * ldc) + 16);
        Vector512.Store(c4L, c + (4 * ldc));
        Vector512.Store(c4H, c + (4 * ldc) + 16);
        Vector512.Store(c5L, c + (5 * ldc));
        Vector512.Store(c5H, c + (5 * ldc) + 16);
        Vector512.Store(c6L, c + (6 * ldc));
        Vector512.Store(c6H, c + (6 * ldc) + 16);
        Vector512.Store(c7L, c + (7 * ldc));
        Vector512.Store(c7H, c + (7 * ldc) + 16);
        Vector512.Store(c8L, c + (8 * ldc));
        Vector512.Store(c8H, c + (8 * ldc) + 16);
        Vector512.Store(c9L, c + (9 * ldc));
        Vector512.Store(c9H, c + (9 * ldc) + 16);
        Vector512.Store(c10L, c + (10 * ldc));
        Vector512.Store(c10H, c + (10 * ldc) + 16);
        Vector512.Store(c11L, c + (11 * ldc));
        Vector512.Store(c11H, c + (11 * ldc) + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Avx512Steps(float* a, nint stepStride, float* b, nint ldb, int kc, float* c, nint ldc, bool load, bool add, bool narrow)
    {
        Vector512<float> c0L, c0H;
        Vector512<float> c1L, c1H;
        Vector512<float> c2L, c2H;
        Vector512<float> c3L, c3H;
        Vector512<float> c4L, c4H;
        Vector512<float> c5L, c5H;
        Vector512<float> c6L, c6H;
        Vector512<float> c7L, c7H;
        Vector512<float> c8L, c8H;
        Vector512<float> c9L, c9H;
        Vector512<float> c10L, c10H;
        Vector512<float> c11L, c11H;
        if (load)
        {
            c0L = Vector512.Load(c);
            c0H = Vector512.Load(c + 16);
            c1L = Vector512.Load(c + (1 * ldc));
            c1H = Vector512.Load(c + (1 * ldc) + 16);
            c2L = Vector512.Load(c + (2 * ldc));
            c2H = Vector512.Load(c + (2 * ldc) + 16);
            c3L = Vector512.Load(c + (3 * ldc));
            c3H = Vector512.Load(c + (3 * ldc) + 16);
            c4L = Vector512.Load(c + (4 * ldc));
            c4H = Vector512.Load(c + (4 * ldc) + 16);
            c5L = Vector512.Load(c + (5 * ldc));
            c5H = Vector512.Load(c + (5 * ldc) + 16);
            c6L = Vector512.Load(c + (6 * ldc));
            c6H = Vector512.Load(c + (6 * ldc) + 16);
            c7L = Vector512.Load(c + (7 * ldc));
            c7H = Vector512.Load(c + (7 * ldc) + 16);
            c8L = Vector512.Load(c + (8 * ldc));
            c8H = Vector512.Load(c + (8 * ldc) + 16);
            c9L = Vector512.Load(c + (9 * ldc));
            c9H = Vector512.Load(c + (9 * ldc) + 16);
            c10L = Vector512.Load(c + (10 * ldc));
            c10H = Vector512.Load(c + (10 * ldc) + 16);
            c11L = Vector512.Load(c + (11 * ldc));
            c11H = Vector512.Load(c + (11 * ldc) + 16);
        }
        else
        {
            c0L = c0H = Vector512<float>.Zero;
            c1L = c1H = Vector512<float>.Zero;
            c2L = c2H = Vector512<float>.Zero;
            c3L = c3H = Vector512<float>.Zero;
            c4L = c4H = Vector512<float>.Zero;
            c5L = c5H = Vector512<float>.Zero;
            c6L = c6H = Vector512<float>.Zero;
            c7L = c7H = Vector512<float>.Zero;
            c8L = c8H = Vector512<float>.Zero;
            c9L = c9H = Vector512<float>.Zero;
            c10L = c10H = Vector512<float>.Zero;
            c11L = c11H = Vector512<float>.Zero;
        }

        for (int p = 0; narrow && p < kc; p++)
        {
            // Only the left 16 columns hold C (a panel at most 16 wide): half the multiply-adds.
            Vector512<float> b0 = Vector512.Load(b);
            c0L = Vector512.FusedMultiplyAdd(Vector512.Create(a[0]), b0, c0L);
            c1L = Vector512.FusedMultiplyAdd(Vector512.Create(a[1]), b0, c1L);
            c2L = Vector512.FusedMultiplyAdd(Vector512.Create(a[2]), b0, c2L);
            c3L = Vector512.FusedMultiplyAdd(Vector512.Create(a[3]), b0, c3L);
            c4L = Vector512.FusedMultiplyAdd(Vector512.Create(a[4]), b0, c4L);
            c5L = Vector512.FusedMultiplyAdd(Vector512.Create(a[5]), b0, c5L);
            c6L = Vector512.FusedMultiplyAdd(Vector512.Create(a[6]), b0, c6L);
            c7L = Vector512.FusedMultiplyAdd(Vector512.Create(a[7]), b0, c7L);
            c8L = Vector512.FusedMultiplyAdd(Vector512.Create(a[8]), b0, c8L);
            c9L = Vector512.FusedMultiplyAdd(Vector512.Create(a[9]), b0, c9L);
            c10L = Vector512.FusedMultiplyAdd(Vector512.Create(a[10]), b0, c10L);
            c11L = Vector512.FusedMultiplyAdd(Vector512.Create(a[11]), b0, c11L);
            a += stepStride;
            b += ldb;
        }

        for (int p = 0; !narrow && p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> x0 = Vector512.Create(a[0]);
            c0L = Vector512.FusedMultiplyAdd(x0, b0, c0L);
            c0H = Vector512.FusedMultiplyAdd(x0, b1, c0H);
            Vector512<float> x1 = Vector512.Create(a[1]);
            c1L = Vector512.FusedMultiplyAdd(x1, b0, c1L);
            c1H = Vector512.FusedMultiplyAdd(x1, b1, c1H);
            Vector512<float> x2 = Vector512.Create(a[2]);
            c2L = Vector512.FusedMultiplyAdd(x2, b0, c2L);
            c2H = Vector512.FusedMultiplyAdd(x2, b1, c2H);
            Vector512<float> x3 = Vector512.Create(a[3]);
            c3L = Vector512.FusedMultiplyAdd(x3, b0, c3L);
            c3H = Vector512.FusedMultiplyAdd(x3, b1, c3H);
            Vector512<float> x4 = Vector512.Create(a[4]);
            c4L = Vector512.FusedMultiplyAdd(x4, b0, c4L);
            c4H = Vector512.FusedMultiplyAdd(x4, b1, c4H);
            Vector512<float> x5 = Vector512.Create(a[5]);
            c5L = Vector512.FusedMultiplyAdd(x5, b0, c5L);
            c5H = Vector512.FusedMultiplyAdd(x5, b1, c5H);
            Vector512<float> x6 = Vector512.Create(a[6]);
            c6L = Vector512.FusedMultiplyAdd(x6, b0, c6L);
            c6H = Vector512.FusedMultiplyAdd(x6, b1, c6H);
            Vector512<float> x7 = Vector512.Create(a[7]);
            c7L = Vector512.FusedMultiplyAdd(x7, b0, c7L);
            c7H = Vector512.FusedMultiplyAdd(x7, b1, c7H);
            Vector512<float> x8 = Vector512.Create(a[8]);
            c8L = Vector512.FusedMultiplyAdd(x8, b0, c8L);
            c8H = Vector512.FusedMultiplyAdd(x8, b1, c8H);
            Vector512<float> x9 = Vector512.Create(a[9]);
            c9L = Vector512.FusedMultiplyAdd(x9, b0, c9L);
            c9H = Vector512.FusedMultiplyAdd(x9, b1, c9H);
            Vector512<float> x10 = Vector512.Create(a[10]);
            c10L = Vector512.FusedMultiplyAdd(x10, b0, c10L);
            c10H = Vector512.FusedMultiplyAdd(x10, b1, c10H);
            Vector512<float> x11 = Vector512.Create(a[11]);
            c11L = Vector512.FusedMultiplyAdd(x11, b0, c11L);
            c11H = Vector512.FusedMultiplyAdd(x11, b1, c11H);
            a += stepStride;
            b += ldb;
        }

        if (add)
        {
            // C = C + (the fresh chain): the second K half (TileStore.Add).
            c0L = Vector512.Load(c) + c0L;
            c0H = Vector512.Load(c + 16) + c0H;
            c1L = Vector512.Load(c + (1 * ldc)) + c1L;
            c1H = Vector512.Load(c + (1 * ldc) + 16) + c1H;
            c2L = Vector512.Load(c + (2 * ldc)) + c2L;
            c2H = Vector512.Load(c + (2 * ldc) + 16) + c2H;
            c3L = Vector512.Load(c + (3 * ldc)) + c3L;
            c3H = Vector512.Load(c + (3 * ldc) + 16) + c3H;
            c4L = Vector512.Load(c + (4 * ldc)) + c4L;
            c4H = Vector512.Load(c + (4 * ldc) + 16) + c4H;
            c5L = Vector512.Load(c + (5 * ldc)) + c5L;
            c5H = Vector512.Load(c + (5 * ldc) + 16) + c5H;
            c6L = Vector512.Load(c + (6 * ldc)) + c6L;
            c6H = Vector512.Load(c + (6 * ldc) + 16) + c6H;
            c7L = Vector512.Load(c + (7 * ldc)) + c7L;
            c7H = Vector512.Load(c + (7 * ldc) + 16) + c7H;
            c8L = Vector512.Load(c + (8 * ldc)) + c8L;
            c8H = Vector512.Load(c + (8 * ldc) + 16) + c8H;
            c9L = Vector512.Load(c + (9 * ldc)) + c9L;
            c9H = Vector512.Load(c + (9 * ldc) + 16) + c9H;
            c10L = Vector512.Load(c + (10 * ldc)) + c10L;
            c10H = Vector512.Load(c + (10 * ldc) + 16) + c10H;
            c11L = Vector512.Load(c + (11 * ldc)) + c11L;
            c11H = Vector512.Load(c + (11 * ldc) + 16) + c11H;
        }

        Vector512.Store(c0L, c);
        Vector512.Store(c0H, c + 16);
        Vector512.Store(c1L, c + (1 * ldc));
        Vector512.Store(c1H, c + (1 * ldc) + 16);
        Vector512.Store(c2L, c + (2 * ldc));
        Vector512.Store(c2H, c + (2 * ldc) + 16);
        Vector512.Store(c3L, c + (3 * ldc));
        Vector512.Store(c3H, c + (3 * ldc) + 16);
        Vector512.Store(c4L, c + (4 * ldc));
        Vector512.Store(c4H, c + (4 * ldc) + 16);
        Vector512.Store(c5L, c + (5 * ldc));
        Vector512.Store(c5H, c + (5 * ldc) + 16);
        Vector512.Store(c6L, c + (6 * ldc));
        Vector512.Store(c6H, c + (6 * ldc) + 16);
        Vector512.Store(c7L, c + (7 * ldc));
        Vector512.Store(c7H, c + (7 * ldc) + 16);
        Vector512.Store(c8L, c + (8 * ldc));
        Vector512.Store(c8H, c + (8 * ldc) + 16);
        Vector512.Store(c9L, c + (9 * ldc));
        Vector512.Store(c9H, c + (9 * ldc) + 16);
        Vector512.Store(c10L, c + (10 * ldc));
        Vector512.Store(c10H, c + (10 * ldc) + 16);
        Vector512.Store(c11L, c + (11 * ldc));
        Vector512.Store(c11H, c + (11 * ldc) + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void V256Rows(float* a, nint rowStride, float* b, nint ldb, int kc, float* c, nint ldc, bool load)
    {
        Vector256<float> c0L, c0H;
        Vector256<float> c1L, c1H;
        Vector256<float> c2L, c2H;
        Vector256<float> c3L, c3H;
        Vector256<float> c4L, c4H;
        Vector256<float> c5L, c5H;
        if (load)
        {
            c0L = Vector256.Load(c);
            c0H = Vector256.Load(c + 8);
            c1L = Vector256.Load(c + (1 * ldc));
            c1H = Vector256.Load(c + (1 * ldc) + 8);
            c2L = Vector256.Load(c + (2 * ldc));
            c2H = Vector256.Load(c + (2 * ldc) + 8);
            c3L = Vector256.Load(c + (3 * ldc));
            c3H = Vector256.Load(c + (3 * ldc) + 8);
            c4L = Vector256.Load(c + (4 * ldc));
            c4H = Vector256.Load(c + (4 * ldc) + 8);
            c5L = Vector256.Load(c + (5 * ldc));
            c5H = Vector256.Load(c + (5 * ldc) + 8);
        }
        else
        {
            c0L = c0H = Vector256<float>.Zero;
            c1L = c1H = Vector256<float>.Zero;
            c2L = c2H = Vector256<float>.Zero;
            c3L = c3H = Vector256<float>.Zero;
            c4L = c4H = Vector256<float>.Zero;
            c5L = c5H = Vector256<float>.Zero;
        }

        nint s = rowStride * sizeof(float);
        byte* row0 = (byte*)a;
        byte* row3 = row0 + (3 * s);
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> x0 = Vector256.Create(*(float*)row0);
            c0L = Vector256.FusedMultiplyAdd(x0, b0, c0L);
            c0H = Vector256.FusedMultiplyAdd(x0, b1, c0H);
            Vector256<float> x1 = Vector256.Create(*(float*)(row0 + s));
            c1L = Vector256.FusedMultiplyAdd(x1, b0, c1L);
            c1H = Vector256.FusedMultiplyAdd(x1, b1, c1H);
            Vector256<float> x2 = Vector256.Create(*(float*)(row0 + (2 * s)));
            c2L = Vector256.FusedMultiplyAdd(x2, b0, c2L);
            c2H = Vector256.FusedMultiplyAdd(x2, b1, c2H);
            Vector256<float> x3 = Vector256.Create(*(float*)row3);
            c3L = Vector256.FusedMultiplyAdd(x3, b0, c3L);
            c3H = Vector256.FusedMultiplyAdd(x3, b1, c3H);
            Vector256<float> x4 = Vector256.Create(*(float*)(row0 + (4 * s)));
            c4L = Vector256.FusedMultiplyAdd(x4, b0, c4L);
            c4H = Vector256.FusedMultiplyAdd(x4, b1, c4H);
            Vector256<float> x5 = Vector256.Create(*(float*)(row3 + (2 * s)));
            c5L = Vector256.FusedMultiplyAdd(x5, b0, c5L);
            c5H = Vector256.FusedMultiplyAdd(x5, b1, c5H);
            row0 += sizeof(float);
            row3 += sizeof(float);
            b += ldb;
        }

        Vector256.Store(c0L, c);
        Vector256.Store(c0H, c + 8);
        Vector256.Store(c1L, c + (1 * ldc));
        Vector256.Store(c1H, c + (1 * ldc) + 8);
        Vector256.Store(c2L, c + (2 * ldc));
        Vector256.Store(c2H, c + (2 * ldc) + 8);
        Vector256.Store(c3L, c + (3 * ldc));
        Vector256.Store(c3H, c + (3 * ldc) + 8);
        Vector256.Store(c4L, c + (4 * ldc));
        Vector256.Store(c4H, c + (4 * ldc) + 8);
        Vector256.Store(c5L, c + (5 * ldc));
        Vector256.Store(c5H, c + (5 * ldc) + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void V256Steps(float* a, nint stepStride, float* b, nint ldb, int kc, float* c, nint ldc, bool load)
    {
        Vector256<float> c0L, c0H;
        Vector256<float> c1L, c1H;
        Vector256<float> c2L, c2H;
        Vector256<float> c3L, c3H;
        Vector256<float> c4L, c4H;
        Vector256<float> c5L, c5H;
        if (load)
        {
            c0L = Vector256.Load(c);
            c0H = Vector256.Load(c + 8);
            c1L = Vector256.Load(c + (1 * ldc));
            c1H = Vector256.Load(c + (1 * ldc) + 8);
            c2L = Vector256.Load(c + (2 * ldc));
            c2H = Vector256.Load(c + (2 * ldc) + 8);
            c3L = Vector256.Load(c + (3 * ldc));
            c3H = Vector256.Load(c + (3 * ldc) + 8);
            c4L = Vector256.Load(c + (4 * ldc));
            c4H = Vector256.Load(c + (4 * ldc) + 8);
            c5L = Vector256.Load(c + (5 * ldc));
            c5H = Vector256.Load(c + (5 * ldc) + 8);
        }
        else
        {
            c0L = c0H = Vector256<float>.Zero;
            c1L = c1H = Vector256<float>.Zero;
            c2L = c2H = Vector256<float>.Zero;
            c3L = c3H = Vector256<float>.Zero;
            c4L = c4H = Vector256<float>.Zero;
            c5L = c5H = Vector256<float>.Zero;
        }

        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> x0 = Vector256.Create(a[0]);
            c0L = Vector256.FusedMultiplyAdd(x0, b0, c0L);
            c0H = Vector256.FusedMultiplyAdd(x0, b1, c0H);
            Vector256<float> x1 = Vector256.Create(a[1]);
            c1L = Vector256.FusedMultiplyAdd(x1, b0, c1L);
            c1H = Vector256.FusedMultiplyAdd(x1, b1, c1H);
            Vector256<float> x2 = Vector256.Create(a[2]);
            c2L = Vector256.FusedMultiplyAdd(x2, b0, c2L);
            c2H = Vector256.FusedMultiplyAdd(x2, b1, c2H);
            Vector256<float> x3 = Vector256.Create(a[3]);
            c3L = Vector256.FusedMultiplyAdd(x3, b0, c3L);
            c3H = Vector256.FusedMultiplyAdd(x3, b1, c3H);
            Vector256<float> x4 = Vector256.Create(a[4]);
            c4L = Vector256.FusedMultiplyAdd(x4, b0, c4L);
            c4H = Vector256.FusedMultiplyAdd(x4, b1, c4H);
            Vector256<float> x5 = Vector256.Create(a[5]);
            c5L = Vector256.FusedMultiplyAdd(x5, b0, c5L);
            c5H = Vector256.FusedMultiplyAdd(x5, b1, c5H);
            a += stepStride;
            b += ldb;
        }

        Vector256.Store(c0L, c);
        Vector256.Store(c0H, c + 8);
        Vector256.Store(c1L, c + (1 * ldc));
        Vector256.Store(c1H, c + (1 * ldc) + 8);
        Vector256.Store(c2L, c + (2 * ldc));
        Vector256.Store(c2H, c + (2 * ldc) + 8);
        Vector256.Store(c3L, c + (3 * ldc));
        Vector256.Store(c3H, c + (3 * ldc) + 8);
        Vector256.Store(c4L, c + (4 * ldc));
        Vector256.Store(c4H, c + (4 * ldc) + 8);
        Vector256.Store(c5L, c + (5 * ldc));
        Vector256.Store(c5H, c + (5 * ldc) + 8);
    }
}
