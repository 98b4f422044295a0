using ContactImport.Core.Mapping;

namespace ContactImport.Core.Reading;

/// <summary>
/// Finds the header row past a preamble (LinkedIn's <c>Notes:</c> lines, a title, an export date): the first
/// of the first rows that maps at least one field and after which the field count holds.
/// </summary>
internal static class HeaderRowFinder
{
    /// <summary>How many non-blank rows at the start of a file may hold the header.</summary>
    public const int Window = 20;

    /// <summary>The index of the header among <paramref name="rows"/> (the file's first non-blank rows); 0 when none stands out.</summary>
    public static int Find(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var count = Math.Min(rows.Count, Window);
        if (count == 0)
        {
            return 0;
        }

        var mappedInFirst = MappedFields(rows[0]);
        for (var i = 0; i < count; i++)
        {
            var mapped = i == 0 ? mappedInFirst : MappedFields(rows[i]);
            if (mapped == 0 || !CountHolds(rows, i))
            {
                continue;
            }

            // A data row that happens to hold a word like "Notes" never beats a first row that maps more.
            return i > 0 && mappedInFirst > mapped ? 0 : i;
        }

        return 0; // ragged files (Outlook's 92 headers over 89 fields) keep their first row
    }

    private static int MappedFields(IReadOnlyList<string> row)
    {
        if (row.Count == 0)
        {
            return 0;
        }

        var mapped = 0;
        foreach (var binding in HeaderMapper.Suggest(row))
        {
            if (binding.Field is not (ContactField.Custom or ContactField.Ignore))
            {
                mapped++;
            }
        }

        return mapped;
    }

    /// <summary>More than half of the rows after <paramref name="index"/> (within the window) have its field count.</summary>
    private static bool CountHolds(IReadOnlyList<IReadOnlyList<string>> rows, int index)
    {
        var expected = rows[index].Count;
        int after = 0, same = 0;
        for (var i = index + 1; i < rows.Count && i <= index + Window; i++)
        {
            after++;
            if (rows[i].Count == expected)
            {
                same++;
            }
        }

        return after == 0 || same * 2 > after;
    }
}
