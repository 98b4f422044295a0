namespace ContactImport.Core.Reading;

/// <summary>Picks the separator among <c>, ; \t |</c> from the header line and the lines after it.</summary>
internal static class SeparatorDetector
{
    private static readonly byte[] Candidates = [(byte)',', (byte)';', (byte)'\t', (byte)'|'];
    private const int MaxLines = 30;

    /// <summary>
    /// The candidate found on the header line whose count is repeated by most following lines
    /// (ties: more columns, then the order above). A comma when none appears (one column).
    /// </summary>
    public static byte Detect(ReadOnlySpan<byte> sample)
    {
        var counts = new int[MaxLines, Candidates.Length];
        var lines = CountPerLine(sample, counts);

        var best = (byte)',';
        (int Agreeing, int Columns) bestScore = (-1, 0);
        for (var c = 0; c < Candidates.Length; c++)
        {
            var header = counts[0, c];
            if (header == 0)
            {
                continue;
            }

            var agreeing = 0;
            for (var line = 1; line < lines; line++)
            {
                if (counts[line, c] == header)
                {
                    agreeing++;
                }
            }

            if (agreeing > bestScore.Agreeing || (agreeing == bestScore.Agreeing && header > bestScore.Columns))
            {
                bestScore = (agreeing, header);
                best = Candidates[c];
            }
        }

        return best;
    }

    /// <summary>Counts each candidate outside quotes, per non-blank record line; returns the number of lines.</summary>
    private static int CountPerLine(ReadOnlySpan<byte> sample, int[,] counts)
    {
        var line = 0;
        var inQuotes = false;
        var lineHasContent = false;
        foreach (var b in sample)
        {
            if (b == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes && b is (byte)'\r' or (byte)'\n')
            {
                if (lineHasContent && ++line == MaxLines)
                {
                    return line;
                }

                lineHasContent = false;
                continue;
            }
            else if (!inQuotes)
            {
                var c = Array.IndexOf(Candidates, b);
                if (c >= 0)
                {
                    counts[line, c]++;
                }
            }

            lineHasContent = true;
        }

        // The last line of the sample may be cut short: count it only when it is the first.
        return line == 0 && lineHasContent ? 1 : line;
    }
}
