namespace ContactImport.Core.Reading.Excel;

/// <summary>Which sheet of a workbook is read: named or numbered (1-based) by the user, else the first visible one.</summary>
internal static class SheetChoice
{
    /// <exception cref="ImportFileException">No sheet has that name or number.</exception>
    public static T Choose<T>(IReadOnlyList<T> sheets, string? wanted, Func<T, string> name, Func<T, bool> visible)
    {
        if (string.IsNullOrWhiteSpace(wanted))
        {
            foreach (var sheet in sheets)
            {
                if (visible(sheet))
                {
                    return sheet;
                }
            }

            return sheets[0];
        }

        var trimmed = wanted.Trim();
        foreach (var sheet in sheets)
        {
            if (string.Equals(name(sheet), trimmed, StringComparison.Ordinal))
            {
                return sheet;
            }
        }

        foreach (var sheet in sheets)
        {
            if (string.Equals(name(sheet).Trim(), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return sheet;
            }
        }

        if (int.TryParse(trimmed, out var number) && number >= 1 && number <= sheets.Count)
        {
            return sheets[number - 1];
        }

        throw new ImportFileException(
            $"The workbook has no sheet '{wanted}'; its sheets are: {string.Join(", ", sheets.Select((s, i) => $"{i + 1} '{name(s)}'"))}.");
    }
}
