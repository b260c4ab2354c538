namespace NeuralSharp.Kernels;

/// <summary>Image resampling over channel-last (H × W × C) pixel buffers.</summary>
internal static class ImageResize
{
    /// <summary>
    /// Bilinear resize of <paramref name="src"/> (srcHeight × srcWidth × channels) into <paramref name="dst"/>
    /// (dstHeight × dstWidth × channels), sampling at pixel centres (x_src = (x + ½)·srcW/dstW − ½, clamped to the
    /// edge; the "align corners = false" convention). Halving a size averages 2×2 blocks; equal sizes copy.
    /// </summary>
    public static void Bilinear(ReadOnlySpan<float> src, int srcWidth, int srcHeight, int channels, Span<float> dst, int dstWidth, int dstHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(srcWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(srcHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dstWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dstHeight);
        if (src.Length < (long)srcWidth * srcHeight * channels)
        {
            throw new ArgumentException("Source is smaller than srcWidth × srcHeight × channels.", nameof(src));
        }

        if (dst.Length < (long)dstWidth * dstHeight * channels)
        {
            throw new ArgumentException("Destination is smaller than dstWidth × dstHeight × channels.", nameof(dst));
        }

        int[] x0 = new int[dstWidth];
        int[] x1 = new int[dstWidth];
        float[] fx = new float[dstWidth];
        Weights(srcWidth, dstWidth, x0, x1, fx);
        int srcRow = srcWidth * channels;
        int dstRow = dstWidth * channels;
        for (int y = 0; y < dstHeight; y++)
        {
            Sample(srcHeight, dstHeight, y, out int y0, out int y1, out float fy);
            ReadOnlySpan<float> top = src.Slice(y0 * srcRow, srcRow);
            ReadOnlySpan<float> bottom = src.Slice(y1 * srcRow, srcRow);
            Span<float> outRow = dst.Slice(y * dstRow, dstRow);
            for (int x = 0; x < dstWidth; x++)
            {
                int a = x0[x] * channels;
                int b = x1[x] * channels;
                float wx = fx[x];
                for (int c = 0; c < channels; c++)
                {
                    float t = top[a + c] + (wx * (top[b + c] - top[a + c]));
                    float u = bottom[a + c] + (wx * (bottom[b + c] - bottom[a + c]));
                    outRow[(x * channels) + c] = t + (fy * (u - t));
                }
            }
        }
    }

    private static void Weights(int srcSize, int dstSize, int[] i0, int[] i1, float[] f)
    {
        for (int i = 0; i < dstSize; i++)
        {
            Sample(srcSize, dstSize, i, out i0[i], out i1[i], out f[i]);
        }
    }

    private static void Sample(int srcSize, int dstSize, int i, out int i0, out int i1, out float f)
    {
        double s = ((i + 0.5) * srcSize / dstSize) - 0.5;
        if (s <= 0)
        {
            i0 = 0;
            i1 = 0;
            f = 0;
            return;
        }

        i0 = (int)s;
        if (i0 >= srcSize - 1)
        {
            i0 = srcSize - 1;
            i1 = i0;
            f = 0;
            return;
        }

        i1 = i0 + 1;
        f = (float)(s - i0);
    }
}
