using NeuralSharp.Kernels;

namespace NeuralSharp.Tests.Data;

public sealed class ImageResizeTests
{
    [Fact]
    public void Halving_a_4x4_image_averages_2x2_blocks()
    {
        float[] src = Enumerable.Range(0, 16).Select(i => (float)i).ToArray();
        var dst = new float[4];

        ImageResize.Bilinear(src, 4, 4, 1, dst, 2, 2);

        // blocks {0,1,4,5}, {2,3,6,7}, {8,9,12,13}, {10,11,14,15}
        Assert.Equal([2.5f, 4.5f, 10.5f, 12.5f], dst);
    }

    [Fact]
    public void Upscaling_interpolates_at_pixel_centres_and_clamps_edges()
    {
        var dst = new float[4];
        ImageResize.Bilinear([0f, 1f], 2, 1, 1, dst, 4, 1);
        Assert.Equal([0f, 0.25f, 0.75f, 1f], dst);
    }

    [Fact]
    public void Equal_sizes_copy()
    {
        float[] src = Enumerable.Range(0, 5 * 3 * 3).Select(i => i * 0.1f).ToArray();
        var dst = new float[src.Length];
        ImageResize.Bilinear(src, 5, 3, 3, dst, 5, 3);
        Assert.Equal(src, dst);
    }

    [Theory]
    [InlineData(7, 5, 1, 3, 9)]
    [InlineData(5, 7, 3, 9, 3)]
    [InlineData(13, 11, 3, 5, 7)]
    [InlineData(3, 3, 1, 11, 13)]
    [InlineData(1, 1, 3, 3, 5)]
    [InlineData(9, 1, 1, 4, 3)]
    public void Matches_a_naive_reference_at_odd_sizes(int sw, int sh, int c, int dw, int dh)
    {
        var random = new Random(sw * 1000 + sh * 100 + dw * 10 + dh);
        float[] src = Enumerable.Range(0, sw * sh * c).Select(_ => (float)random.NextDouble()).ToArray();
        var dst = new float[dw * dh * c];

        ImageResize.Bilinear(src, sw, sh, c, dst, dw, dh);

        for (int y = 0; y < dh; y++)
        {
            for (int x = 0; x < dw; x++)
            {
                for (int k = 0; k < c; k++)
                {
                    double expected = Reference(src, sw, sh, c, dw, dh, x, y, k);
                    Assert.Equal(expected, dst[(((y * dw) + x) * c) + k], 5);
                }
            }
        }
    }

    /// <summary>Textbook bilinear with half-pixel centres: weight each of the four neighbours by area.</summary>
    private static double Reference(float[] src, int sw, int sh, int c, int dw, int dh, int x, int y, int k)
    {
        double sx = Math.Clamp(((x + 0.5) * sw / dw) - 0.5, 0, sw - 1);
        double sy = Math.Clamp(((y + 0.5) * sh / dh) - 0.5, 0, sh - 1);
        double sum = 0;
        for (int j = 0; j < sh; j++)
        {
            double wy = Math.Max(0, 1 - Math.Abs(sy - j));
            for (int i = 0; i < sw; i++)
            {
                double wx = Math.Max(0, 1 - Math.Abs(sx - i));
                sum += wx * wy * src[(((j * sw) + i) * c) + k];
            }
        }

        return sum;
    }

    [Fact]
    public void Rejects_a_destination_too_small()
    {
        Assert.Throws<ArgumentException>(() => ImageResize.Bilinear(new float[4], 2, 2, 1, new float[3], 2, 2));
    }
}
