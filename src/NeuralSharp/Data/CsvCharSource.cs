namespace NeuralSharp.Data;

/// <summary>Buffered characters from a <see cref="TextReader"/> for <see cref="CsvReader"/>, byte-order mark skipped.</summary>
internal sealed class CsvCharSource : IDisposable
{
    private const int BufferSize = 1 << 16;

    private readonly TextReader _reader;
    private readonly bool _ownsReader;
    private readonly string _fileName;
    private readonly Func<long> _line;
    private readonly char[] _buffer = new char[BufferSize];
    private int _pos;
    private int _end;
    private bool _eof;

    /// <param name="reader">The text; a file's reader marks bytes that are not UTF-8 (<see cref="CsvReader.MarkingUtf8"/>).</param>
    /// <param name="ownsReader">Whether disposing this disposes <paramref name="reader"/>.</param>
    /// <param name="fileName">Names the input in an error.</param>
    /// <param name="line">The reader's line so far, for an error.</param>
    public CsvCharSource(TextReader reader, bool ownsReader, string fileName, Func<long> line)
    {
        _reader = reader;
        _ownsReader = ownsReader;
        _fileName = fileName;
        _line = line;
        Fill();
        if (_pos < _end && _buffer[_pos] == '\uFEFF')
        {
            _pos++;
        }
    }

    /// <summary>The characters buffered now (the first block right after construction).</summary>
    public ReadOnlySpan<char> Sample => _buffer.AsSpan(_pos, _end - _pos);

    /// <summary>The next character, or −1 at the end of the input.</summary>
    public int Peek()
    {
        if (_pos >= _end)
        {
            Fill();
            if (_pos >= _end)
            {
                return -1;
            }
        }

        char c = _buffer[_pos];
        if (c == CsvReader.Undecodable)
        {
            // Why: decoding with a replacement would turn 'é' in a Latin-1 file into another character in names and
            // labels silently; the reader's encoding marks such bytes, and here is the line they are on.
            throw new DataException("not valid UTF-8 text (a Latin-1 or Windows-1252 file?); save it as UTF-8", _fileName, _line());
        }

        return c;
    }

    /// <summary>Moves past the character <see cref="Peek"/> returned.</summary>
    public void Advance() => _pos++;

    public void Dispose()
    {
        if (_ownsReader)
        {
            _reader.Dispose();
        }
    }

    private void Fill()
    {
        if (_eof)
        {
            return;
        }

        _pos = 0;
        _end = 0;
        while (_end < _buffer.Length)
        {
            int n = _reader.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                _eof = true;
                break;
            }

            _end += n;
        }
    }
}
