using NeuralSharp.Data;

namespace NeuralSharp.Tests.Data;

public class ShippedCsvTests
{
    private static string DataFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string path = Path.Combine(dir.FullName, "data", name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException(name);
    }

    [Fact]
    public void Churn_loads_with_an_id_warning_and_a_binary_target()
    {
        var table = CsvTable.Load(DataFile("churn.csv"), new CsvOptions { Target = "exited" });
        Assert.Equal(2000, table.RowCount);
        Assert.Contains(table.Warnings, w => w.Contains("--drop customer_id", StringComparison.Ordinal));
        Assert.Equal(ColumnKind.Categorical, table["country"].Kind);
        Assert.Equal(ColumnKind.Numeric, table["balance"].Kind);
        Assert.Equal(TargetTask.Classification, Preprocessor.InferTask(table["exited"]));

        var dropped = CsvTable.Load(DataFile("churn.csv"), new CsvOptions { Target = "exited", Drop = ["customer_id"] });
        Assert.Empty(dropped.Warnings);
        var (train, _) = DataSplit.Split(dropped, 0.2, seed: 1, stratifyBy: "exited");
        var p = Preprocessor.Fit(dropped, train);
        Assert.Equal(["0", "1"], p.ClassLabels);
        Assert.Equal(13, p.FeatureNames.Count);
        Assert.Equal(1600, p.Transform(dropped, train).Rows);
    }

    [Fact]
    public void Salary_is_a_regression_table()
    {
        var table = CsvTable.Load(DataFile("salary.csv"), new CsvOptions { Target = "salary" });
        Assert.Equal(500, table.RowCount);
        Assert.Empty(table.Warnings);
        var p = Preprocessor.Fit(table);
        Assert.Equal(TargetTask.Regression, p.Task);
        Assert.Equal(["age", "experience", "education=bachelor", "education=master", "education=phd"], p.FeatureNames);
    }
}
