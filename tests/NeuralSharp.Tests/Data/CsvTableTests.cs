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
    public void Text_columns_with_very_many_values_are_warned_about()
    {
        var text = new System.Text.StringBuilder("price;label\n");
        for (int i = 0; i < 150; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i % 90},{i % 90 % 7};{(i % 3 == 0 ? "a" : "b")}\n"); // decimal commas
        }

        // Decimal commas are named as such (below); other text with that many values gets the general warning.
        var table = CsvTable.Parse(text.ToString().Replace(",", "x", StringComparison.Ordinal), new CsvOptions { Target = "label" }, "prices.csv");
        string warning = Assert.Single(table.Warnings);
        Assert.StartsWith("column 'price' is text with 90 distinct values in 150 rows (e.g. '0x0')", warning, StringComparison.Ordinal);
        Assert.Contains("decimal commas", warning, StringComparison.Ordinal);

        // A few dozen levels, or as many as half the rows at most (60 states in 200 rows), are ordinary categories.
        var plain = CsvTable.Parse("state,label\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"s{i % 60},{i % 2}\n")), new CsvOptions { Target = "label" });
        Assert.Empty(plain.Warnings);
    }

    [Theory]
    [InlineData("1,5|2,0|2,5|1,5|3,0|10,25", "numbers written with a decimal comma or thousands separators (e.g. '1,5'), read as 5 categories")]
    [InlineData("1.234,5|2.000,0|1.234,5|999,9", "numbers written with a decimal comma or thousands separators (e.g. '1.234,5'), read as 3 categories")]
    [InlineData("57%|12 %|57%|3.5%", "percentages (e.g. '57%'), read as 3 categories")]
    [InlineData("2024-01-05|2024-02-11|2024-01-05|2023-12-31 10:30", "dates (e.g. '2024-01-05'), read as 3 categories")]
    [InlineData("05.01.2024|11/02/2024|05.01.2024", "dates (e.g. '05.01.2024'), read as 2 categories")]
    public void Numbers_written_as_text_are_warned_about_however_few_their_values(string values, string expected)
    {
        var text = new StringBuilder("size;label\n");
        foreach (string v in values.Split('|'))
        {
            text.Append(v).Append(";a\n").Append(v).Append(";b\n");
        }

        var table = CsvTable.Parse(text.ToString(), new CsvOptions { Target = "label" });
        string warning = Assert.Single(table.Warnings);
        Assert.StartsWith($"column 'size' holds {expected} (one-hot), which loses their order", warning, StringComparison.Ordinal);

        // Kept as categories on purpose: no warning.
        var forced = CsvTable.Parse(text.ToString(), new CsvOptions { Target = "label", ColumnKinds = new Dictionary<string, ColumnKind> { ["size"] = ColumnKind.Categorical } });
        Assert.Empty(forced.Warnings);

        // As the target: a quantity read as classes.
        var target = CsvTable.Parse(text.ToString(), new CsvOptions { Target = "size" });
        Assert.Contains(target.Warnings, w => w.StartsWith("target column 'size' holds ", StringComparison.Ordinal) && w.Contains("for regression", StringComparison.Ordinal));

        // Ordinary categories, codes and versions are not numbers: no warning.
        foreach (string plain in new[] { "red|green|blue", "A1|B2|C3", "1.2.3|1.10.0", "1-2|3-4", "1.10.12|1.11.13|2.0.10", "12-34-56|40-11-22", "2024-13-01|2024-02-30x", "\u0661,\u0665|\u0662,\u0660" })
        {
            var other = CsvTable.Parse("v;label\n" + string.Concat(plain.Split('|').Select(p => $"{p};a\n")), new CsvOptions { Target = "label" });
            Assert.Empty(other.Warnings);
        }
    }

    [Fact]
    public void A_file_that_is_not_utf8_fails_naming_the_line_and_utf8_with_accents_reads()
    {
        using var temp = new TempCsv();
        string good = temp.Write("good.csv", "name,label\ncafé,1\nthé,0\n");
        Assert.Equal("café", CsvTable.Load(good)["name"].GetText(0));

        // The same text in Latin-1: 'é' is the single byte E9 on data lines 2 and 3 (file lines 2, 3).
        string latin1 = good.Replace("good.csv", "latin1.csv", StringComparison.Ordinal);
        File.WriteAllBytes(latin1, System.Text.Encoding.Latin1.GetBytes("name,label\nabc,1\ncafé,1\n"));
        var e = Assert.Throws<DataException>(() => CsvTable.Load(latin1));
        Assert.Equal(3, e.Line);
        Assert.Contains("not valid UTF-8", e.Message, StringComparison.Ordinal);

        // Also after a UTF-8 byte-order mark (Excel's "CSV UTF-8", edited later in a Latin-1 editor).
        File.WriteAllBytes(latin1, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.Latin1.GetBytes("name,label\nabc,1\ncafé,1\n")]);
        Assert.Equal(3, Assert.Throws<DataException>(() => CsvTable.Load(latin1)).Line);

        // A BOM before valid UTF-8 is skipped, and a control byte before a bad byte is not mistaken for gzip's magic.
        File.WriteAllBytes(latin1, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes("name,label\ncafé,1\nthé,0\n")]);
        Assert.Equal("name", CsvTable.Load(latin1).Columns[0].Name);
        File.WriteAllBytes(latin1, [0x1F, 0xE9, (byte)',', (byte)'b', (byte)'\n', (byte)'1', (byte)',', (byte)'2', (byte)'\n']);
        Assert.Contains("not valid UTF-8", Assert.Throws<DataException>(() => CsvTable.Load(latin1)).Message, StringComparison.Ordinal);
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
        Assert.EndsWith(": no such file", e.Message, StringComparison.Ordinal);
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
    public void A_column_of_half_to_four_fifths_numbers_is_read_as_categorical_with_a_warning_naming_the_first_text_value()
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

    /// <summary>A table whose column <c>x</c> holds <paramref name="numbers"/> numbers, then <paramref name="texts"/>
    /// (one per row, from line <paramref name="numbers"/> + 2), then a last number; <c>y</c> alternates 0 and 1.</summary>
    private static string NumbersWith(int numbers, params string[] texts)
    {
        var sb = new StringBuilder("x,y\n");
        for (int i = 0; i < numbers; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{i * 0.5},{i % 2}\n");
        }

        foreach (string text in texts)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{text},1\n");
        }

        return sb.Append("7.5,0\n").ToString();
    }

    [Fact]
    public void A_typo_in_a_mostly_numeric_column_fails_naming_line_column_value_and_how_to_proceed()
    {
        // 99 numbers and 'abc' on line 51 (the trial's nonnum.csv): a typo, not 100 categories.
        var e = Fails(NumbersWith(49, "abc") + string.Concat(Enumerable.Range(0, 49).Select(i => $"{i},0\n")));
        Assert.Equal(51, e.Line);
        Assert.Equal(1, e.Column);
        Assert.Equal("x", e.ColumnName);
        Assert.Contains(":51:1: column 'x': value 'abc' is not a number, though 99 of the column's 100 values are;", e.Message, StringComparison.Ordinal);
        Assert.Contains("--categorical x", e.Message, StringComparison.Ordinal);
        Assert.Contains("CsvOptions.ColumnKinds", e.Message, StringComparison.Ordinal);

        // Several text values: the first is named, with how many there are; missing markers do not count.
        var several = Fails(NumbersWith(20, "1.2.3", "NA", "oops", ""));
        Assert.Equal(22, several.Line);
        Assert.Contains("value '1.2.3' is not a number, though 21 of the column's 23 values are (2 are not; this is the first)", several.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_declared_categorical_or_mostly_text_stays_categorical()
    {
        string text = NumbersWith(9, "abc");
        var declared = CsvTable.Parse(text, new CsvOptions { ColumnKinds = new Dictionary<string, ColumnKind> { ["x"] = ColumnKind.Categorical } });
        Assert.Equal(ColumnKind.Categorical, declared["x"].Kind);
        Assert.Equal(11, declared["x"].Levels.Count);
        Assert.Empty(declared.Warnings);

        // Sizes with a few numbers among them are text: no error, no warning.
        var sizes = CsvTable.Parse("size,y\nS,1\nM,0\nL,1\n42,0\nXL,1\n");
        Assert.Equal(ColumnKind.Categorical, sizes["size"].Kind);
        Assert.Empty(sizes.Warnings);
    }

    [Theory]
    [InlineData("inf")]
    [InlineData("-inf")]
    [InlineData("+inf")]
    [InlineData("INF")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("+infinity")]
    [InlineData("1e400")]
    [InlineData("-1e39")]
    public void Every_spelling_of_infinity_and_numbers_beyond_float32_get_the_same_rejection(string value)
    {
        // Inferred, declared numeric, and (at prediction) numeric in training: the same message each time.
        foreach (var options in new CsvOptions?[]
        {
            null,
            new() { ColumnKinds = new Dictionary<string, ColumnKind> { ["x"] = ColumnKind.Numeric } },
            new() { ColumnKinds = new Dictionary<string, ColumnKind> { ["x"] = ColumnKind.Numeric }, ColumnKindsFromTraining = true },
        })
        {
            var e = Fails($"x,y\n1.5,1\n{value},0\n2.5,1\n", options);
            Assert.Equal(3, e.Line);
            Assert.Equal(1, e.Column);
            Assert.EndsWith($"column 'x': value '{value}' is not a finite number; numeric values must lie within ±3.4e38 (32-bit floats)", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-INF", double.NegativeInfinity)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-infinity", double.NegativeInfinity)]
    [InlineData(" Infinity ", double.PositiveInfinity)]
    public void Infinity_parses_as_a_number_in_every_spelling(string text, double expected)
    {
        Assert.True(CsvColumn.TryParseNumber(text, out double value));
        Assert.Equal(expected, value);
        Assert.False(CsvColumn.TryParseNumber("info", out _));
        Assert.False(CsvColumn.TryParseNumber("-", out _));
    }

    [Fact]
    public void Nan_in_any_spelling_is_a_missing_value_and_inf_among_words_is_a_category()
    {
        var table = CsvTable.Parse("x,word\n1.5,alpha\nnan,beta\nNaN,inf\n-nan,gamma\n+NaN,delta\n2.5,alpha\n");
        Assert.Equal(ColumnKind.Numeric, table["x"].Kind);
        Assert.Equal(4, table["x"].MissingCount);
        Assert.Equal(ColumnKind.Categorical, table["word"].Kind);
        Assert.Contains("inf", table["word"].Levels);
    }

    [Fact]
    public void A_text_value_in_a_numeric_column_says_who_made_it_numeric()
    {
        var kinds = new Dictionary<string, ColumnKind> { ["x"] = ColumnKind.Numeric };
        var declared = Fails("x,y\n1,2\nthirty,4\n", new CsvOptions { ColumnKinds = kinds });
        Assert.Contains(":3:1: column 'x': value 'thirty' is not a number, but the column is declared numeric", declared.Message, StringComparison.Ordinal);

        var trained = Fails("x,y\n1,2\nthirty,4\n", new CsvOptions { ColumnKinds = kinds, ColumnKindsFromTraining = true });
        Assert.Contains(":3:1: column 'x': value 'thirty' is not a number, but the column was numeric in training; fix the value", trained.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("declared", trained.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("forced", trained.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", trained.Message, StringComparison.Ordinal);
    }
}
