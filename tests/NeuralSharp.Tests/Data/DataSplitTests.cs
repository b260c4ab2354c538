using NeuralSharp.Data;

namespace NeuralSharp.Tests.Data;

public class DataSplitTests
{
    [Fact]
    public void Split_is_a_seeded_partition()
    {
        var (train, validation) = DataSplit.Split(100, 0.2, seed: 7);
        Assert.Equal(80, train.Length);
        Assert.Equal(20, validation.Length);
        Assert.Equal(Enumerable.Range(0, 100), train.Concat(validation).Order());
        var again = DataSplit.Split(100, 0.2, seed: 7);
        Assert.Equal(train, again.Train);
        Assert.Equal(validation, again.Validation);
        Assert.NotEqual(validation, DataSplit.Split(100, 0.2, seed: 8).Validation);
        Assert.NotEqual(Enumerable.Range(80, 20), validation);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_fraction_too_small_for_one_row_still_holds_out_one(bool stratified)
    {
        var classes = Enumerable.Range(0, 500).Select(i => i % 3 == 0 ? 1 : 0).ToArray();
        var (train, validation) = DataSplit.Split(500, 0.001, seed: 5, stratified ? classes : null);
        Assert.Single(validation);
        Assert.Equal(499, train.Length);
        Assert.Equal(Enumerable.Range(0, 500), train.Concat(validation).Order());
        Assert.Empty(DataSplit.Split(500, 0, seed: 5).Validation);
        if (stratified)
        {
            Assert.Equal(0, classes[validation[0]]); // from the largest class
        }
    }

    [Fact]
    public void Stratified_split_keeps_class_proportions()
    {
        // 90 of class 0, 30 of class 1, 10 of class 2, interleaved.
        var classes = Enumerable.Range(0, 130).Select(i => i < 90 ? 0 : i < 120 ? 1 : 2).ToArray();
        var (train, validation) = DataSplit.Split(130, 0.2, seed: 3, classes);
        Assert.Equal(18, validation.Count(i => classes[i] == 0));
        Assert.Equal(6, validation.Count(i => classes[i] == 1));
        Assert.Equal(2, validation.Count(i => classes[i] == 2));
        Assert.Equal(104, train.Length);
        Assert.Equal(validation, DataSplit.Split(130, 0.2, seed: 3, classes).Validation);
    }

    [Fact]
    public void Table_split_stratifies_by_a_column()
    {
        string text = "x,label\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{i},{(i % 4 == 0 ? "rare" : "common")}\n"));
        var table = CsvTable.Parse(text);
        var (train, validation) = DataSplit.Split(table, 0.2, seed: 1, stratifyBy: "label");
        Assert.Equal(8, validation.Length);
        Assert.Equal(32, train.Length);
        Assert.Equal(2, validation.Count(i => table["label"].GetText(i) == "rare"));
        Assert.Throws<DataException>(() => DataSplit.Split(table, 0.25, seed: 1, stratifyBy: "nope"));
    }

    [Fact]
    public void Fraction_must_be_below_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.Split(10, 1.0, seed: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.Split(10, -0.1, seed: 0));
    }
}
