using System.Globalization;
using System.Text;
using NeuralSharp.Data;

namespace NeuralSharp.Tests.Data;

public class CsvTableTests
{
    private static DataException Fails(string text, CsvOptions? options = null)
    {
        using var temp = new TempCsv();
        string path = temp.Write("t.csv", text);
        var e = Assert.Throws<DataException>(() => CsvTable.Load(path, options));
        Assert.Equal(path, e.File);
        return e;
    }

    [Fact]
    public void Columns_are_typed_by_inference_with_missing_markers()
    {
        var table = CsvTable.Parse("x,city,flag\n1.5,Paris,1\nNA,?,0\n-2e3,Oslo,n/a\n,Paris,null\n3,NaN,1\n");
        Assert.Equal(5, table.RowCount);
        var x = table["x"];
        Assert.Equal(ColumnKind.Numeric, x.Kind);
        Assert.Equal([1.5f, float.NaN, -2000f, float.NaN, 3f], x.Values!);
        Assert.Equal(2, x.MissingCount);
        var city = table["city"];
        Assert.Equal(ColumnKind.Categorical, city.Kind);
        Assert.Equal(["Paris", "Oslo"], city.Levels);
        Assert.Equal([0, -1, 1, 0, -1], city.Codes!);
        Assert.Equal(ColumnKind.Numeric, table["flag"].Kind);
        Assert.Equal(2, table["flag"].MissingCount);
        Assert.Equal([2L, 3, 4, 5, 6], table.LineNumbers);
    }

    [Fact]
    public void Numbers_use_the_invariant_culture()
    {
        var table = CsvTable.Parse("a;b\n1.25;\"1,5\"\n2;3\n");
        Assert.Equal(ColumnKind.Numeric, table["a"].Kind);
        Assert.Equal(1.25f, table["a"].Values![0]);
        Assert.Equal(ColumnKind.Categorical, table["b"].Kind);
    }

    [Fact]
    public void Overrides_force_kinds_and_bad_forced_numbers_name_line_column_and_value()
    {
        var options = new CsvOptions { ColumnKinds = new Dictionary<string, ColumnKind> { ["zip"] = ColumnKind.Categorical } };
        var table = CsvTable.Parse("zip,v\n01234,1\n75001,2\n", options);
        Assert.Equal(ColumnKind.Categorical, table["zip"].Kind);
        Assert.Equal("01234", table["zip"].Levels[0]);

        var e = Fails("a,b\n1,2\n3,x7\n", new CsvOptions { ColumnKinds = new Dictionary<string, ColumnKind> { ["b"] = ColumnKind.Numeric } });
        Assert.Equal(3, e.Line);
        Assert.Equal(2, e.Column);
        Assert.Equal("b", e.ColumnName);
        Assert.Contains(":3:2: column 'b': value 'x7'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_only_file_has_no_data_rows()
    {
        var e = Fails("a,b\n");
        Assert.Contains("no data rows", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Missing_file_is_a_data_exception()
    {
        string path = Path.Combine(Path.GetTempPath(), "neuralsharp-no-such-dir", "none.csv");
        var e = Assert.Throws<DataException>(() => CsvTable.Load(path));
        Assert.Equal(path, e.File);
        Assert.Contains("cannot open file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file_is_reported()
    {
        Assert.Contains("file is empty", Fails("").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_target_or_drop_lists_available_columns()
    {
        var e = Fails("age,city\n1,a\n", new CsvOptions { Target = "label" });
        Assert.Contains("unknown column 'label'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'age', 'city'", e.Message, StringComparison.Ordinal);
        Assert.Contains("unknown column 'zzz'", Fails("age,city\n1,a\n", new CsvOptions { Drop = ["zzz"] }).Message, StringComparison.Ordinal);
        var table = CsvTable.Parse("age,city\n1,a\n");
        Assert.Contains("available columns", Assert.Throws<DataException>(() => table["nope"]).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dropped_columns_are_left_out()
    {
        var table = CsvTable.Parse("id,x,y\na,1,2\nb,3,4\n", new CsvOptions { Drop = ["id"], Target = "y" });
        Assert.Equal(["x", "y"], table.Columns.Select(c => c.Name));
        Assert.Equal(1, table["x"].Index);
        Assert.Equal("y", table.TargetName);
    }

    [Fact]
    public void Id_like_columns_produce_a_drop_suggestion()
    {
        var sb = new StringBuilder("customer_id,code,n,x,label\n");
        for (int i = 0; i < 30; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"C{i},{i * 3},{i % 4},{i * 0.5},L{i}\n");
        }

        var table = CsvTable.Parse(sb.ToString(), new CsvOptions { Target = "label" });
        Assert.Equal(2, table.Warnings.Count);
        Assert.Contains("--drop customer_id", table.Warnings[0], StringComparison.Ordinal);
        Assert.Contains("--drop code", table.Warnings[1], StringComparison.Ordinal);

        var small = CsvTable.Parse("id,x\na,1\nb,2\nc,3\n");
        Assert.Empty(small.Warnings);
    }

    [Fact]
    public void A_mostly_numeric_column_read_as_categorical_is_warned_about_with_the_first_text_value_and_its_line()
    {
        var table = CsvTable.Parse("x,city,y\n1.5,Paris,1\n2.5,Oslo,0\nabc,Rome,1\n3.5,Oslo,0\n");
        Assert.Equal(ColumnKind.Categorical, table["x"].Kind);
        string warning = Assert.Single(table.Warnings);
        Assert.Contains("column 'x'", warning, StringComparison.Ordinal);
        Assert.Contains("'abc' (line 4)", warning, StringComparison.Ordinal);
        Assert.Contains("3 of its 4 values", warning, StringComparison.Ordinal);

        var forced = new CsvOptions { ColumnKinds = new Dictionary<string, ColumnKind> { ["x"] = ColumnKind.Categorical } };
        Assert.Empty(CsvTable.Parse("x,y\n1.5,1\nabc,0\n2.5,1\n", forced).Warnings);
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e39")]
    [InlineData("Infinity")]
    public void Numbers_beyond_float32_are_rejected_with_line_column_and_value_instead_of_becoming_infinity(string value)
    {
        var e = Fails($"x,y\n1.5,1\n{value},0\n");
        Assert.Equal(3, e.Line);
        Assert.Equal(1, e.Column);
        Assert.Contains($"value '{value}'", e.Message, StringComparison.Ordinal);
    }
}
