using System.Globalization;
using System.Text;

namespace NeuralSharp.Data;

/// <summary>Text read from a file (a column or layer name, a class), made safe to print on one line.</summary>
internal static class VisibleText
{
    /// <summary>
    /// <paramref name="text"/> with every control character, line breaks included, shown as <c>\xNN</c>: printed on a
    /// report's line, it can neither break the line, drive the terminal (an ESC sequence) nor hide what it was.
    /// </summary>
    public static string Of(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            if (char.IsControl(c))
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
