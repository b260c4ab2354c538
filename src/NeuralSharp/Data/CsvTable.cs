using System.Globalization;

namespace NeuralSharp.Data;

/// <summary>
/// A CSV file loaded into typed columns with two streaming passes: the first infers each column's kind (numeric when
/// every non-missing value parses as a number, else categorical; <see cref="CsvOptions.ColumnKinds"/> overrides), the
/// second parses into <c>float[]</c> or <c>int[]</c> codes, so memory is about the parsed data. Also warns about
/// ID-like columns (a distinct categorical or integer value on every row), which a model can only memorise.
/// </summary>
public sealed class CsvTable
{
    private const int IdMinRows = 20;

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
                .Select(p => new ColumnScan(p.name, p.i, options.ColumnKinds.TryGetValue(p.name, out var k) ? k : null))
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

            if (scans[c].LooksLikeId(rows) && scans[c].Name != target)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"column '{scans[c].Name}' has a different value on every one of the {rows} rows and looks like an ID; consider --drop {scans[c].Name}"));
            }
        }

        return new CsvTable(fileName, delimiter, columns, lines, target, warnings);
    }

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
    private sealed class ColumnScan(string name, int index, ColumnKind? forced)
    {
        private bool _integers = true;
        private bool _anyMissing;
        private HashSet<string>? _distinct = [];
        private int _numbers;
        private int _texts;
        private string? _firstText;
        private long _firstTextLine;

        public string Name { get; } = name;

        public int Index { get; } = index;

        public ColumnKind Kind => Numeric ? ColumnKind.Numeric : ColumnKind.Categorical;

        /// <summary>Numeric unless forced categorical or a value was text (text is only counted when the kind is not forced).</summary>
        private bool Numeric => forced != ColumnKind.Categorical && _texts == 0;

        /// <summary>A warning when the column was inferred categorical although most of its values are numbers
        /// (a typo or an unlisted missing marker turned a numeric column into categories).</summary>
        public string? MostlyNumericText() =>
            _texts > 0 && _numbers >= _texts
                ? string.Create(CultureInfo.InvariantCulture,
                    $"column '{Name}' is read as categorical because '{_firstText}' (line {_firstTextLine}) is not a number, though {_numbers} of its {_numbers + _texts} values are; fix or blank such values, or force the kind (--numeric {Name} or --categorical {Name})")
                : null;

        public bool LooksLikeId(int rows) =>
            rows > IdMinRows && !_anyMissing && _distinct is not null && _distinct.Count == rows && (!Numeric || _integers);

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
                    if (!float.IsFinite((float)d))
                    {
                        throw new DataException(
                            $"value '{field}' is outside the range of 32-bit floats (±3.4e38)", fileName, reader.RecordLine, Index + 1, Name);
                    }

                    _integers &= d == Math.Floor(d) && Math.Abs(d) < 1e15;
                    _numbers++;
                }
                else if (forced == ColumnKind.Numeric)
                {
                    throw new DataException(
                        $"value '{field}' is not a number but the column is forced numeric", fileName, reader.RecordLine, Index + 1, Name);
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
