namespace NeuralSharp.Data;

/// <summary>Buffered characters from a <see cref="TextReader"/> for <see cref="CsvReader"/>, byte-order mark skipped.</summary>
internal sealed class CsvCharSource : IDisposable
{
    private const int BufferSize = 1 << 16;

    private readonly TextReader _reader;
    private readonly bool _ownsReader;
    private readonly char[] _buffer = new char[BufferSize];
    private int _pos;
    private int _end;
    private bool _eof;

    public CsvCharSource(TextReader reader, bool ownsReader)
    {
        _reader = reader;
        _ownsReader = ownsReader;
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
        if (_pos < _end)
        {
            return _buffer[_pos];
        }

        Fill();
        return _pos < _end ? _buffer[_pos] : -1;
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
