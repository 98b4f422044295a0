namespace ContactImport.Core.Normalization;

/// <summary>Small text normalizations shared by the row mapper; allocation-free when nothing changes.</summary>
public static class TextValues
{
    private const string GoogleSystemGroupPrefix = "* ";

    /// <summary>
    /// Trims and collapses every run of inner whitespace (spaces, tabs, newlines) to one space.
    /// Returns the input instance when it is already clean.
    /// </summary>
    public static string Clean(string value)
    {
        var span = value.AsSpan();
        var trimmed = span.Trim();
        var needsWork = trimmed.Length != span.Length;
        if (!needsWork)
        {
            for (var i = 0; i < span.Length; i++)
            {
                if (char.IsWhiteSpace(span[i]) && (span[i] != ' ' || (i + 1 < span.Length && char.IsWhiteSpace(span[i + 1]))))
                {
                    needsWork = true;
                    break;
                }
            }
        }

        if (!needsWork)
        {
            return value;
        }

        // First pass sizes the result exactly, so the second writes it without a scratch buffer.
        var length = 0;
        var previousWasSpace = false;
        foreach (var c in trimmed)
        {
            var isSpace = char.IsWhiteSpace(c);
            if (!(isSpace && previousWasSpace))
            {
                length++;
            }

            previousWasSpace = isSpace;
        }

        return string.Create(length, value, static (dest, source) =>
        {
            var written = 0;
            var previousWasSpace = false;
            foreach (var c in source.AsSpan().Trim())
            {
                var isSpace = char.IsWhiteSpace(c);
                if (!(isSpace && previousWasSpace))
                {
                    dest[written++] = isSpace ? ' ' : c;
                }

                previousWasSpace = isSpace;
            }
        });
    }

    /// <summary>
    /// Reverses the error report's formula-injection guard: a leading <c>'</c> before <c>= + - @</c>, tab or CR
    /// is removed so a corrected error file re-imports cleanly. Any other value (formulas included) is kept verbatim.
    /// </summary>
    public static string StripFormulaGuard(string value) =>
        value.Length >= 2 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' or '\t' or '\r'
            ? value[1..]
            : value;

    /// <summary>True for null, empty or whitespace-only cells (treated as absent).</summary>
    public static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);

    /// <summary>
    /// Splits a tags cell on <c>;</c>, <c>,</c> and <c>:::</c> (Google's multi-value separator), trims each tag and
    /// appends the new ones to <paramref name="into"/>, skipping case-insensitive duplicates (the first spelling wins).
    /// Google's system group <c>* myContacts</c> is dropped; other <c>* Name</c> system groups become <c>Name</c>.
    /// Returns the first tag longer than <see cref="FieldLimits.Tag"/>, or null; the caller decides what that means.
    /// </summary>
    public static string? AddTags(string cell, List<string> into)
    {
        string? tooLong = null;
        var rest = cell.AsSpan();
        while (!rest.IsEmpty)
        {
            var cut = NextTagSeparator(rest, out var skip);
            var tag = rest[..cut].Trim();
            rest = rest[Math.Min(rest.Length, cut + skip)..];
            if (tag.StartsWith(GoogleSystemGroupPrefix))
            {
                tag = tag[GoogleSystemGroupPrefix.Length..].Trim();
                if (tag.Equals("myContacts", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
            }

            if (tag.IsEmpty || Contains(into, tag))
            {
                continue;
            }

            var text = tag.ToString();
            if (tag.Length > FieldLimits.Tag)
            {
                tooLong ??= text;
            }

            into.Add(text);
        }

        return tooLong;
    }

    /// <summary>
    /// Splits a full name: "First Middle Last" → ("First Middle", "Last"); "Last, First" → ("First", "Last");
    /// a single word is a first name.
    /// </summary>
    public static (string? First, string? Last) SplitFullName(string cleanName)
    {
        var comma = cleanName.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0)
        {
            var last = cleanName[..comma].Trim();
            var first = cleanName[(comma + 1)..].Trim();
            return (first.Length == 0 ? null : first, last.Length == 0 ? null : last);
        }

        var space = cleanName.LastIndexOf(' ');
        return space < 0 ? (cleanName, null) : (cleanName[..space], cleanName[(space + 1)..]);
    }

    /// <summary>Iterates the values of a multi-value cell (Google's <c> ::: </c>), trimmed, skipping empty ones.</summary>
    public static MultiValueEnumerator MultiValues(string cell) => new(cell);

    // ';' and ',' separate tags, and so does ":::"; a single ':' belongs to the tag ("vip:gold").
    private static int NextTagSeparator(ReadOnlySpan<char> text, out int length)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is ';' or ',')
            {
                length = 1;
                return i;
            }

            if (c == ':' && text[i..].StartsWith(":::"))
            {
                length = 3;
                return i;
            }
        }

        length = 0;
        return text.Length;
    }

    private static bool Contains(List<string> tags, ReadOnlySpan<char> tag)
    {
        foreach (var existing in tags)
        {
            if (tag.Equals(existing, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Allocation-free enumerator of <c>:::</c>-separated values; yields the cell itself when it has one value.</summary>
    public struct MultiValueEnumerator(string cell)
    {
        private int _position;

        public string Current { get; private set; } = string.Empty;

        public readonly MultiValueEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (_position <= cell.Length)
            {
                var rest = cell.AsSpan(_position);
                var cut = rest.IndexOf(":::", StringComparison.Ordinal);
                var end = cut < 0 ? rest.Length : cut;
                var start = _position;
                _position = cut < 0 ? cell.Length + 1 : _position + cut + 3;

                var piece = cell.AsSpan(start, end).Trim();
                if (piece.IsEmpty)
                {
                    continue;
                }

                // Whole cell, already trimmed: reuse it.
                Current = piece.Length == cell.Length ? cell : piece.ToString();
                return true;
            }

            return false;
        }
    }
}
