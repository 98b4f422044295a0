using System.Globalization;
using System.Text;
using System.Xml;

namespace ContactImport.Core.Reading.Excel;

/// <summary>Streams the rows of one worksheet part with an <see cref="XmlReader"/>: one row in memory at a time.</summary>
internal static class XlsxSheetReader
{
    /// <summary>
    /// The sheet's non-empty rows. After the first <paramref name="fullRows"/>, rows come without their cells
    /// (<see cref="SheetRow.Cells"/> empty): the pre-pass only counts them, and telling an empty row from a
    /// non-empty one needs no text decoded.
    /// </summary>
    public static IEnumerable<SheetRow> Rows(XlsxWorkbook workbook, XlsxWorkbook.SheetEntry sheet, long fullRows = long.MaxValue)
    {
        using var reader = XmlReader.Create(workbook.OpenPart(sheet.Part),
            new XmlReaderSettings { IgnoreComments = true, DtdProcessing = DtdProcessing.Prohibit, CloseInput = true, CheckCharacters = false });
        var cells = new List<string>(64);
        var text = new StringBuilder();
        long line = 0, yielded = 0;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "row")
            {
                continue;
            }

            line = long.TryParse(reader.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : line + 1;
            if (reader.IsEmptyElement)
            {
                continue;
            }

            if (yielded >= fullRows)
            {
                if (RowHasValue(reader, workbook))
                {
                    yield return new SheetRow(line, []);
                }

                continue;
            }

            cells.Clear();
            ReadRow(reader, workbook, cells, text);
            var last = cells.FindLastIndex(c => c.Length > 0);
            if (last >= 0)
            {
                yielded++;
                cells.RemoveRange(last + 1, cells.Count - last - 1);
                yield return new SheetRow(line, cells.ToArray());
            }
        }
    }

    /// <summary>Reads past a row; true when a cell of it shows text (what <see cref="ReadRow"/> would keep, without decoding it).</summary>
    private static bool RowHasValue(XmlReader reader, XlsxWorkbook workbook)
    {
        var depth = reader.Depth;
        var found = false;
        string? type = null;
        while (reader.Read() && reader.Depth > depth)
        {
            if (found || reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "c":
                    type = reader.GetAttribute("t");
                    break;
                case "v" when !reader.IsEmptyElement:
                    var raw = reader.ReadElementContentAsString();
                    found = type == "s" && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                        ? workbook.Strings.LengthOf(index) > 0
                        : raw.Length > 0 || type == "b"; // an empty boolean shows FALSE
                    break;
                case "t" when !reader.IsEmptyElement:
                    found = reader.ReadElementContentAsString().Length > 0; // an inline string's text
                    break;
            }
        }

        return found;
    }

    private static void ReadRow(XmlReader reader, XlsxWorkbook workbook, List<string> cells, StringBuilder text)
    {
        var depth = reader.Depth;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "c")
            {
                continue;
            }

            var column = ColumnIndex(reader.GetAttribute("r")) ?? cells.Count;
            var type = reader.GetAttribute("t");
            // The style only tells whether a number is a date: text cells (most of a contact sheet) skip reading it.
            var style = type is null or "n" && int.TryParse(reader.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
            var value = reader.IsEmptyElement ? "" : ReadCell(reader, workbook, type, style, text);
            while (cells.Count < column)
            {
                cells.Add("");
            }

            if (column < cells.Count)
            {
                cells[column] = value;
            }
            else
            {
                cells.Add(value);
            }
        }
    }

    private static string ReadCell(XmlReader reader, XlsxWorkbook workbook, string? type, int style, StringBuilder text)
    {
        var depth = reader.Depth;
        string? raw = null;
        text.Clear();
        var inline = false;
        if (!reader.Read())
        {
            return "";
        }

        while (reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "v")
            {
                raw = reader.ReadElementContentAsString();
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "is")
            {
                inline = true;
                XlsxWorkbook.ReadItemText(reader, text);
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "f")
            {
                reader.Skip(); // the formula; its cached value is in <v>
            }
            else if (!reader.Read())
            {
                break;
            }
        }

        if (inline)
        {
            return text.ToString();
        }

        if (raw is null)
        {
            return "";
        }

        switch (type)
        {
            case "s":
                return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? workbook.Strings[index] : raw;
            case "str" or "e":
                return raw;
            case "b":
                return CellText.Boolean(raw.Trim() is "1" or "true");
            case "d":
                return DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date) ? CellText.Date(date) : raw;
        }

        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return raw;
        }

        var dateStyles = workbook.DateStyles;
        return style < dateStyles.Length && dateStyles[style]
            ? CellText.SerialDate(number, workbook.Date1904)
            : CellText.Number(number);
    }

    /// <summary>The 0-based column of a cell reference (<c>B12</c> → 1); null when absent.</summary>
    internal static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var column = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            var upper = char.ToUpperInvariant(c);
            if (upper is < 'A' or > 'Z')
            {
                break;
            }

            column = column * 26 + (upper - 'A' + 1);
            letters++;
        }

        return letters == 0 || column > 16384 ? null : column - 1;
    }
}
