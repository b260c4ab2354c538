using System.Globalization;

namespace NeuralSharp.Data;

/// <summary>
/// A CSV file loaded into typed columns with two streaming passes: the first infers each column's kind, the second
/// parses into <c>float[]</c> or <c>int[]</c> codes, so memory is about the parsed data. A column is numeric when
/// every non-missing value parses as a number, and categorical when fewer than 4 in 5 do; in between (a few text
/// values among many numbers) loading fails, naming the first text value, because that is almost always a typo or an
/// unlisted missing marker, and reading such a column as categories would silently train on one-hot noise (pandas
/// and scikit-learn users meet the same column as a "could not convert string to float" error).
/// <see cref="CsvOptions.ColumnKinds"/> overrides inference. Also warns about ID-like columns (a distinct categorical
/// or integer value on every row), which a model can only memorise.
/// </summary>
public sealed partial class CsvTable
{
    private const int IdMinRows = 20;

    /// <summary>A column with text values is rejected, not read as categorical, while numbers are at least this many
    /// times as common as text values (4: at least 80 % of the non-missing values).</summary>
    private const int TypoRatio = 4;

    private readonly Dictionary<string, CsvColumn> _byName;

    private CsvTable(string fileName, char delimiter, IReadOnlyList<CsvColumn> columns, long[] lines, string? target, IReadOnlyList<string> warnings)
    {
        FileName = fileName;
        Delimiter = delimiter;
        Columns = columns;
        LineNumbers = lines;
        TargetName = target;
        Warnings = warnings;
        _byName = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    /// <summary>The file name used in messages.</summary>
    public string FileName { get; }

    public char Delimiter { get; }

    /// <summary>The kept columns, in file order.</summary>
    public IReadOnlyList<CsvColumn> Columns { get; }

    /// <summary>Number of data rows.</summary>
    public int RowCount => LineNumbers.Count;

    /// <summary>1-based physical line on which each data row starts.</summary>
    public IReadOnlyList<long> LineNumbers { get; }

    /// <summary>The target column's name from the options, if any.</summary>
    public string? TargetName { get; }

    /// <summary>Warnings found while loading (e.g. ID-like columns); nothing is printed.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The column named <paramref name="name"/>; a <see cref="DataException"/> listing the columns when there is none.</summary>
    public CsvColumn this[string name] => TryGetColumn(name, out var column)
        ? column
        : throw UnknownColumn(name, Columns.Select(c => c.Name), FileName);

    public bool TryGetColumn(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CsvColumn? column) =>
        _byName.TryGetValue(name, out column);

    /// <summary>Loads a CSV file (UTF-8, with or without byte-order mark).</summary>
    public static CsvTable Load(string path, CsvOptions? options = null) =>
        Load(() => CsvReader.Open(path, options?.Delimiter), path, options);

    /// <summary>Loads CSV text held in memory; <paramref name="fileName"/> names it in messages.</summary>
    public static CsvTable Parse(string text, CsvOptions? options = null, string fileName = "<input>") =>
        Load(() => new CsvReader(new StringReader(text), fileName, options?.Delimiter), fileName, options);

    private static CsvTable Load(Func<CsvReader> open, string fileName, CsvOptions? options)
    {
        options ??= new CsvOptions();
        ColumnScan[] scans;
        int rows;
        char delimiter;
        string? target;
        using (var reader = open())
        {
            delimiter = reader.Delimiter;
            var header = reader.Header;
            CheckNames(header, options.Drop, fileName);
            CheckNames(header, options.ColumnKinds.Keys, fileName);
            target = options.Target;
            if (target is not null)
            {
                CheckNames(header, [target], fileName);
                if (options.Drop.Contains(target, StringComparer.Ordinal))
                {
                    throw new DataException($"the target column '{target}' cannot be dropped", fileName);
                }
            }

            var drop = new HashSet<string>(options.Drop, StringComparer.Ordinal);
            scans = header.Select((name, i) => (name, i))
                .Where(p => !drop.Contains(p.name))
                .Select(p => new ColumnScan(p.name, p.i, options.ColumnKinds.TryGetValue(p.name, out var k) ? k : null, options.ColumnKindsFromTraining))
                .ToArray();
            rows = 0;
            while (reader.Read())
            {
                rows++;
                foreach (var scan in scans)
                {
                    scan.Observe(reader, fileName);
                }
            }

            if (rows == 0)
            {
                throw new DataException("no data rows (the file has only a header)", fileName, reader.HeaderLine + 1);
            }

            foreach (var scan in scans)
            {
                scan.Check(fileName);
            }
        }

        var values = scans.Select(s => s.Kind == ColumnKind.Numeric ? new float[rows] : null).ToArray();
        var codes = scans.Select(s => s.Kind == ColumnKind.Categorical ? new int[rows] : null).ToArray();
        var levels = scans.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        var lines = new long[rows];
        using (var reader = open())
        {
            int row = 0;
            while (row < rows && reader.Read())
            {
                lines[row] = reader.RecordLine;
                for (int c = 0; c < scans.Length; c++)
                {
                    var field = reader.GetField(scans[c].Index);
                    bool missing = CsvColumn.IsMissingText(field);
                    if (values[c] is { } v)
                    {
                        v[row] = missing || !CsvColumn.TryParseNumber(field, out double d) ? float.NaN : (float)d;
                    }
                    else
                    {
                        codes[c]![row] = missing ? -1 : Code(levels[c], field.Trim());
                    }
                }

                row++;
            }

            if (row != rows)
            {
                throw new DataException("the file changed while it was being read", fileName);
            }
        }

        var columns = new CsvColumn[scans.Length];
        var warnings = new List<string>();
        for (int c = 0; c < scans.Length; c++)
        {
            var names = levels[c].OrderBy(p => p.Value).Select(p => p.Key).ToArray();
            columns[c] = new CsvColumn(scans[c].Name, scans[c].Index, scans[c].Kind, values[c], codes[c], names);
            if (scans[c].MostlyNumericText() is { } text)
            {
                warnings.Add(text);
            }

            if (scans[c].Kind == ColumnKind.Categorical && !scans[c].Forced && NumbersAsText(names) is { } what)
            {
                // Numbers a reader could not take as numbers ('1,5', '57%', '2024-03-01'): with few distinct values
                // they are read as categories without any other warning, and the model learns nothing of their order.
                warnings.Add(scans[c].Name == target
                    ? string.Create(CultureInfo.InvariantCulture, $"target column '{target}' holds {what} (e.g. '{names[0]}'), read as {names.Length} classes; if it is a quantity, convert the values to plain numbers (1.5) for regression")
                    : string.Create(CultureInfo.InvariantCulture, $"column '{scans[c].Name}' holds {what} (e.g. '{names[0]}'), read as {names.Length} categories (one-hot), which loses their order; convert the values to {(what == "dates" ? "numbers (days since a start, a month)" : "plain numbers (1.5)")}, or give --categorical {scans[c].Name} to keep them as categories"));
            }
            else if (scans[c].LooksLikeId(rows) && scans[c].Name != target)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"column '{scans[c].Name}' has a different value on every one of the {rows} rows and looks like an ID; consider --drop {scans[c].Name}"));
            }
            else if (scans[c].Kind == ColumnKind.Categorical && names.Length > 50 && names.Length * 2 > rows)
            {
                // Text that was meant as numbers (decimal commas, thousands separators, '45%', dates) or free text:
                // one-hot it makes a feature per value, which learns nothing that carries to new rows.
                warnings.Add(scans[c].Name == target
                    ? string.Create(CultureInfo.InvariantCulture, $"target column '{target}' is text with {names.Length} distinct values in {rows} rows (e.g. '{names[0]}'): that many classes, with few rows each, rarely generalise; if these are numbers (decimal commas, thousands separators), convert them for regression")
                    : string.Create(CultureInfo.InvariantCulture, $"column '{scans[c].Name}' is text with {names.Length} distinct values in {rows} rows (e.g. '{names[0]}'): one-hot encoded, that many features rarely generalise; if these are numbers (decimal commas, thousands separators, percentages) or dates, convert them; if they are IDs or free text, --drop the column"));
            }
        }

        return new CsvTable(fileName, delimiter, columns, lines, target, warnings);
    }

    /// <summary>What every one of <paramref name="levels"/> (two or more) looks like when each is a number written in a
    /// way a plain number parser refuses: a decimal comma or thousands separators, a percentage, a date; else null.</summary>
    private static string? NumbersAsText(string[] levels)
    {
        if (levels.Length < 2)
        {
            return null;
        }

        return levels.All(l => DecimalComma().IsMatch(l)) ? "numbers written with a decimal comma or thousands separators"
            : levels.All(l => Percentage().IsMatch(l)) ? "percentages"
            : levels.All(l => Date().IsMatch(l)) ? "dates"
            : null;
    }

    // ASCII digits only ([0-9], not \d, which takes any script's digits, which no number parser here reads either).
    [System.Text.RegularExpressions.GeneratedRegex(@"^[+-]?([0-9]+|[0-9]{1,3}([.\u00A0 ][0-9]{3})+),[0-9]+$|^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")]
    private static partial System.Text.RegularExpressions.Regex DecimalComma();

    [System.Text.RegularExpressions.GeneratedRegex(@"^[+-]?[0-9]+([.,][0-9]+)?\s?%$")]
    private static partial System.Text.RegularExpressions.Regex Percentage();

    /// <summary>A calendar date: ISO (2024-01-05, with an optional time), or day and month (either order, each in
    /// range) and a four-digit year (05.01.2024, 1/31/2024). Two-digit years are left
    /// out: 1.11.13 is more often a version, and 12-34-56 a bank sort code, than a date.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^([12][0-9]{3}-(0?[1-9]|1[0-2])-(0?[1-9]|[12][0-9]|3[01])([ T][0-9:.]+Z?)?|((0?[1-9]|[12][0-9]|3[01])([./-])(0?[1-9]|1[0-2])|(0?[1-9]|1[0-2])([./-])(0?[1-9]|[12][0-9]|3[01]))[./-][12][0-9]{3})$")]
    private static partial System.Text.RegularExpressions.Regex Date();

    private static int Code(Dictionary<string, int> levels, ReadOnlySpan<char> text)
    {
        var lookup = levels.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(text, out int code))
        {
            code = levels.Count;
            lookup[text] = code;
        }

        return code;
    }

    private static void CheckNames(IReadOnlyList<string> header, IEnumerable<string> names, string fileName)
    {
        foreach (string name in names)
        {
            if (!header.Contains(name, StringComparer.Ordinal))
            {
                throw UnknownColumn(name, header, fileName);
            }
        }
    }

    private static DataException UnknownColumn(string name, IEnumerable<string> available, string? fileName) =>
        new($"unknown column '{name}'; available columns: {CsvReader.Describe(available)}", fileName);

    /// <summary>Pass-1 state for one column.</summary>
    private sealed class ColumnScan(string name, int index, ColumnKind? forced, bool forcedByTraining)
    {
        private bool _integers = true;
        private bool _anyMissing;
        private HashSet<string>? _distinct = [];
        private int _numbers;
        private int _texts;
        private string? _firstText;
        private long _firstTextLine;
        private string? _firstNonFinite;
        private long _firstNonFiniteLine;

        public string Name { get; } = name;

        public int Index { get; } = index;

        public ColumnKind Kind => Numeric ? ColumnKind.Numeric : ColumnKind.Categorical;

        /// <summary>Whether the kind was given (by the caller or the training file), not inferred.</summary>
        public bool Forced => forced is not null;

        /// <summary>Numeric unless forced categorical or a value was text (text is only counted when the kind is not forced).</summary>
        private bool Numeric => forced != ColumnKind.Categorical && _texts == 0;

        /// <summary>A warning when the column was inferred categorical although half or more of its values are
        /// numbers (too few to be sure that the text values are typos, see <see cref="Check"/>).</summary>
        public string? MostlyNumericText() =>
            _texts > 0 && _numbers >= _texts
                ? string.Create(CultureInfo.InvariantCulture,
                    $"column '{Name}' is read as categorical because '{_firstText}' (line {_firstTextLine}) is not a number, though {_numbers} of its {_numbers + _texts} values are; fix or blank such values, or force the kind (--numeric {Name} or --categorical {Name})")
                : null;

        public bool LooksLikeId(int rows) =>
            rows > IdMinRows && !_anyMissing && _distinct is not null && _distinct.Count == rows && (!Numeric || _integers);

        /// <summary>
        /// After pass 1: a column inferred numeric must hold finite numbers only, and one whose numbers outnumber its
        /// text values <see cref="TypoRatio"/> to 1 must not be read as categories. Both errors name the first value
        /// at fault. Why here and not in <see cref="Observe"/>: until the whole column is seen, an <c>inf</c> may be
        /// a category among words, and a text value may be one of many.
        /// </summary>
        public void Check(string fileName)
        {
            if (Forced)
            {
                return;
            }

            if (_texts == 0 && _firstNonFinite is not null)
            {
                throw new DataException(CsvColumn.NotFiniteMessage(_firstNonFinite), fileName, _firstNonFiniteLine, Index + 1, Name);
            }

            if (_texts > 0 && _numbers >= (long)TypoRatio * _texts)
            {
                string others = _texts > 1
                    ? string.Create(CultureInfo.InvariantCulture, $" ({_texts} are not; this is the first)")
                    : string.Empty;
                throw new DataException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"value '{_firstText}' is not a number, though {_numbers} of the column's {_numbers + _texts} values are{others}; fix it or leave it empty (missing), or declare the column categorical (--categorical {Name}, or CsvOptions.ColumnKinds)"),
                    fileName, _firstTextLine, Index + 1, Name);
            }
        }

        public void Observe(CsvReader reader, string fileName)
        {
            var field = reader.GetField(Index);
            if (CsvColumn.IsMissingText(field))
            {
                _anyMissing = true;
                _distinct = null;
                return;
            }

            field = field.Trim();
            if (forced != ColumnKind.Categorical)
            {
                if (CsvColumn.TryParseNumber(field, out double d))
                {
                    if (float.IsFinite((float)d))
                    {
                        _integers &= d == Math.Floor(d) && Math.Abs(d) < 1e15;
                    }
                    else if (forced == ColumnKind.Numeric)
                    {
                        throw new DataException(CsvColumn.NotFiniteMessage(field), fileName, reader.RecordLine, Index + 1, Name);
                    }
                    else if (_firstNonFinite is null)
                    {
                        _firstNonFinite = field.ToString();
                        _firstNonFiniteLine = reader.RecordLine;
                    }

                    _numbers++;
                }
                else if (forced == ColumnKind.Numeric)
                {
                    string why = forcedByTraining
                        ? "the column was numeric in training; fix the value"
                        : "the column is declared numeric (--numeric, or CsvOptions.ColumnKinds); fix it or leave it empty (missing)";
                    throw new DataException($"value '{field}' is not a number, but {why}", fileName, reader.RecordLine, Index + 1, Name);
                }
                else
                {
                    if (_texts++ == 0)
                    {
                        _firstText = field.ToString();
                        _firstTextLine = reader.RecordLine;
                    }
                }
            }

            if (_distinct is not null)
            {
                var lookup = _distinct.GetAlternateLookup<ReadOnlySpan<char>>();
                if (!lookup.Add(field))
                {
                    _distinct = null;
                }
            }
        }
    }
}
