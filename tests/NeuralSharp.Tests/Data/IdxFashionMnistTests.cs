using NeuralSharp.Data;
using NeuralSharp.Tensors;
using static NeuralSharp.Tests.Data.IdxTestFiles;

namespace NeuralSharp.Tests.Data;

public sealed class IdxFashionMnistTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Class_names_are_the_ten_fashion_mnist_classes()
    {
        Assert.Equal(10, FashionMnist.ClassNames.Count);
        Assert.Equal("T-shirt/top", FashionMnist.ClassNames[0]);
        Assert.Equal("Ankle boot", FashionMnist.ClassNames[9]);
    }

    [Fact]
    public void Loads_the_four_files_from_a_folder_plain_or_gzipped()
    {
        _dir.Write("train-images-idx3-ubyte.gz", Gzip(Images(3, 28, 28, i => (byte)(i % 256))));
        _dir.Write("train-labels-idx1-ubyte.gz", Gzip(Labels(0, 5, 9)));
        _dir.Write("t10k-images-idx3-ubyte", Images(2, 28, 28, _ => 255));
        _dir.Write("t10k-labels-idx1-ubyte", Labels(7, 1));

        (Tensor trainX, Tensor trainY, Tensor testX, Tensor testY) = FashionMnist.Load(_dir.Path);

        Assert.Equal((3, 784), (trainX.Rows, trainX.RowSize));
        Assert.Equal([0f, 5f, 9f], trainY.ToArray());
        Assert.Equal((2, 784), (testX.Rows, testX.RowSize));
        Assert.All(testX.ToArray(), v => Assert.Equal(1f, v));
        Assert.Equal([7f, 1f], testY.ToArray());
    }

    [Fact]
    public void A_folder_without_the_files_names_the_folder_and_every_missing_file()
    {
        var ex = Assert.Throws<DataException>(() => FashionMnist.Load(_dir.Path));
        Assert.Equal(
            $"{_dir.Path}: missing train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz), t10k-labels-idx1-ubyte(.gz)",
            ex.Message);

        _dir.Write("train-images-idx3-ubyte.gz", Gzip(Images(1, 28, 28, i => 0)));
        _dir.Write("t10k-labels-idx1-ubyte", Labels(1));
        ex = Assert.Throws<DataException>(() => FashionMnist.Load(_dir.Path));
        Assert.Equal($"{_dir.Path}: missing train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz)", ex.Message);
    }

    [Fact]
    public void A_folder_that_does_not_exist_is_named()
    {
        string missing = Path.Combine(_dir.Path, "nowhere");
        var ex = Assert.Throws<DataException>(() => FashionMnist.Load(missing));
        Assert.Equal($"{missing}: no such folder", ex.Message);
    }

    [Fact]
    public void Real_fashion_mnist_loads_or_test_returns_early_when_package_absent()
    {
        string? dir = FashionMnist.Locate();
        if (dir is null)
        {
            Console.WriteLine("Fashion-MNIST not installed (apt-get install dataset-fashion-mnist): real-data check not run.");
            return;
        }

        (Tensor trainX, Tensor trainY, Tensor testX, Tensor testY) = FashionMnist.Load();

        Assert.Equal((60000, 784), (trainX.Rows, trainX.RowSize));
        Assert.Equal((60000, 1), (trainY.Rows, trainY.RowSize));
        Assert.Equal((10000, 784), (testX.Rows, testX.RowSize));
        Assert.Equal((10000, 1), (testY.Rows, testY.RowSize));
        foreach (Tensor x in new[] { trainX, testX })
        {
            float[] v = x.ToArray();
            Assert.Equal(0f, v.Min());
            Assert.Equal(1f, v.Max());
        }

        foreach (Tensor y in new[] { trainY, testY })
        {
            int[] counts = new int[10];
            foreach (float label in y.ToArray())
            {
                Assert.True(label is >= 0 and <= 9 && label == MathF.Floor(label), $"label {label}");
                counts[(int)label]++;
            }

            Assert.All(counts, c => Assert.Equal(y.Rows / 10, c)); // Fashion-MNIST is exactly balanced
        }
    }
}
