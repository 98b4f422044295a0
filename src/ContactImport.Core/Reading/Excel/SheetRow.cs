namespace ContactImport.Core.Reading.Excel;

/// <summary>One non-empty row of a sheet: its 1-based sheet row number and its cells as displayed (trailing empty cells dropped).</summary>
internal readonly record struct SheetRow(long Line, string[] Cells);
