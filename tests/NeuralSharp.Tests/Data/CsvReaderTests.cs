using NeuralSharp.Data;

namespace NeuralSharp.Tests.Data;

public class CsvReaderTests
{
    private static List<string[]> ReadAll(CsvReader reader, List<long>? lines = null)
    {
        var rows = new List<string[]>();
        while (reader.Read())
        {
            lines?.Add(reader.RecordLine);
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        }

        return rows;
    }

    private static DataException Fails(string text, char? delimiter = null)
    {
        using var temp = new TempCsv();
        string path = temp.Write("bad.csv", text);
        return Assert.Throws<DataException>(() =>
        {
            using var reader = CsvReader.Open(path, delimiter);
            ReadAll(reader);
        });
    }

    [Fact]
    public void Quoted_fields_hold_delimiters_quotes_and_newlines_and_line_numbers_stay_physical()
    {
        string text = "id,text,n\n1,\"a,b\",2\n2,\"say \"\"hi\"\"\",3\n3,\"two\nlines\",4\n4,plain,5\n";
        using var reader = new CsvReader(new StringReader(text), "t.csv");
        var lines = new List<long>();
        var rows = ReadAll(reader, lines);
        Assert.Equal(["id", "text", "n"], reader.Header);
        Assert.Equal("a,b", rows[0][1]);
        Assert.Equal("say \"hi\"", rows[1][1]);
        Assert.Equal("two\nlines", rows[2][1]);
        Assert.Equal(["4", "plain", "5"], rows[3]);
        Assert.Equal([2L, 3, 4, 6], lines);
    }

    [Fact]
    public void Error_after_a_multi_line_field_names_the_right_line()
    {
        var e = Fails("a,b\n1,\"x\ny\nz\"\n2,3,4\n");
        Assert.Equal(5, e.Line);
        Assert.Contains("bad.csv:5:3:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Crlf_line_endings_and_blank_lines_are_handled()
    {
        using var reader = new CsvReader(new StringReader("a,b\r\n1,2\r\n\r\n3,4\r\n"));
        var lines = new List<long>();
        var rows = ReadAll(reader, lines);
        Assert.Equal(2, rows.Count);
        Assert.Equal(["3", "4"], rows[1]);
        Assert.Equal([2L, 4], lines);
    }

    [Fact]
    public void Lines_of_spaces_or_tabs_only_are_blank_unless_the_tab_is_the_delimiter()
    {
        using (var reader = new CsvReader(new StringReader("a,b\n1,2\n   \n\t \n3,4\n  \n")))
        {
            var lines = new List<long>();
            var rows = ReadAll(reader, lines);
            Assert.Equal([["1", "2"], ["3", "4"]], rows);
            Assert.Equal([2L, 5], lines);
        }

        // With tabs delimiting, a line of tabs is a record of empty fields (missing values), not a blank line.
        using (var reader = new CsvReader(new StringReader("a\tb\n1\t2\n\t\n  \n3\t4\n")))
        {
            var lines = new List<long>();
            var rows = ReadAll(reader, lines);
            Assert.Equal([["1", "2"], ["", ""], ["3", "4"]], rows);
            Assert.Equal([2L, 3, 5], lines);
        }

        // A quoted field of spaces is a value.
        var e = Fails("a,b\n1,2\n\"  \"\n");
        Assert.Equal(3, e.Line);
    }

    [Theory]
    [InlineData("a;b;c\n1,5;2;3\n", ';')]
    [InlineData("a\tb\tc\n1;5\t2\t3\n", '\t')]
    [InlineData("a,b,c\n1,2,3\n", ',')]
    [InlineData("\"x;y\",b,c\n\"1;2\",2,3\n", ',')]
    public void Delimiter_is_detected_outside_quotes(string text, char expected)
    {
        using var reader = new CsvReader(new StringReader(text));
        Assert.Equal(expected, reader.Delimiter);
        Assert.Equal(3, reader.Header.Count);
        Assert.True(reader.Read());
        Assert.Equal(3, reader.FieldCount);
    }

    [Fact]
    public void Given_delimiter_overrides_detection()
    {
        using var reader = new CsvReader(new StringReader("a;b,c\n1;2,3\n"), delimiter: ',');
        Assert.Equal(["a;b", "c"], reader.Header);
    }

    [Fact]
    public void Byte_order_mark_is_skipped()
    {
        using var temp = new TempCsv();
        string path = temp.Write("bom.csv", "name,x\nA,1\n", bom: true);
        Assert.Equal(0xEF, File.ReadAllBytes(path)[0]);
        using var reader = CsvReader.Open(path);
        Assert.Equal("name", reader.Header[0]);
        Assert.Equal("name", new CsvReader(new StringReader("\uFEFFname,x\nA,1\n")).Header[0]);
    }

    [Fact]
    public void Ragged_rows_name_file_line_and_column()
    {
        var e = Fails("a,b,c\n1,2,3\n4,5\n");
        Assert.Equal(3, e.Line);
        Assert.Equal(2, e.Column);
        Assert.StartsWith(e.File + ":3:2: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("expected 3 fields", e.Message, StringComparison.Ordinal);
        Assert.Contains("found 2", e.Message, StringComparison.Ordinal);

        var extra = Fails("a,b\n1,2\n3,4\n5,6,7\n");
        Assert.Equal(4, extra.Line);
        Assert.Equal(3, extra.Column);
    }

    [Fact]
    public void A_header_ending_with_a_delimiter_has_no_unnamed_last_column()
    {
        // A spreadsheet's export: a delimiter at the end of every line, or of some.
        using (var reader = new CsvReader(new StringReader("a,b,c,\n1,2,3,\n4,5,6\n7,8,9, \n")))
        {
            Assert.Equal(["a", "b", "c"], reader.Header);
            Assert.Equal([["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"]], ReadAll(reader));
        }

        // A value under the unnamed column is an error naming it.
        var e = Fails("a,b,\n1,2,\n3,4,5\n");
        Assert.Equal(3, e.Line);
        Assert.Equal(3, e.Column);
        Assert.Contains("a value in column 3, which has no name: the header ends with a delimiter", e.Message, StringComparison.Ordinal);

        // An empty name before the last is still an error, and so are two trailing delimiters.
        Assert.Equal(2, Fails("a,,c\n1,2,3\n").Column);
        Assert.Equal(3, Fails("a,b,,\n1,2,,\n").Column);
    }

    [Fact]
    public void Unterminated_quote_names_where_it_opened()
    {
        var e = Fails("a,b\n1,2\n3,\"open\n4,5\n");
        Assert.Equal(3, e.Line);
        Assert.Equal(2, e.Column);
        Assert.Contains("unterminated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_an_error()
    {
        var e = Fails("a,b\n\"x\"y,2\n");
        Assert.Equal(2, e.Line);
        Assert.Equal(1, e.Column);
    }

    [Fact]
    public void Empty_file_and_bad_header_names_are_errors()
    {
        var empty = Fails("");
        Assert.Contains("file is empty", empty.Message, StringComparison.Ordinal);
        Assert.Equal(1, empty.Line);
        Assert.Contains("file is empty", Fails("\n\n").Message, StringComparison.Ordinal);

        var duplicate = Fails("a,b,a\n1,2,3\n");
        Assert.Equal(1, duplicate.Line);
        Assert.Equal(3, duplicate.Column);
        Assert.Contains("duplicate column name 'a'", duplicate.Message, StringComparison.Ordinal);

        var blank = Fails("a,,c\n1,2,3\n");
        Assert.Equal(2, blank.Column);
        Assert.Contains("empty column name", blank.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_input_crosses_buffer_boundaries()
    {
        var sb = new System.Text.StringBuilder("k,v\n");
        for (int i = 0; i < 20000; i++)
        {
            sb.Append(i).Append(",\"v ").Append(i).Append("\"\n");
        }

        using var reader = new CsvReader(new StringReader(sb.ToString()));
        var lines = new List<long>();
        var rows = ReadAll(reader, lines);
        Assert.Equal(20000, rows.Count);
        Assert.Equal("v 12345", rows[12345][1]);
        Assert.Equal(20001L, lines[^1]);
    }

    [Fact]
    public void A_binary_file_is_rejected_as_not_text_instead_of_read_as_a_header_of_garbage()
    {
        var e = Fails("\u007fELF\u0002\u0001\u0001\0\0\0\0,x\n1,2\n");
        Assert.Contains("not a text CSV file", e.Message, StringComparison.Ordinal);
    }
}
