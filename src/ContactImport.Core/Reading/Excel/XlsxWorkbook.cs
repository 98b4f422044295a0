using System.IO.Compression;
using System.Xml;

namespace ContactImport.Core.Reading.Excel;

/// <summary>
/// An open .xlsx package: its sheets (from workbook.xml and its relationships), which cell styles show dates,
/// and the shared strings. Sheet rows are then streamed by <see cref="XlsxSheetReader"/>.
/// </summary>
internal sealed class XlsxWorkbook : IDisposable
{
    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private readonly ZipArchive _zip;
    private readonly SharedStringTable _strings;

    internal sealed record SheetEntry(string Name, string Part, bool Visible);

    private XlsxWorkbook(ZipArchive zip, int maxInMemoryStringBytes)
    {
        _zip = zip;
        _strings = new SharedStringTable(maxInMemoryStringBytes);
    }

    public IReadOnlyList<SheetEntry> Sheets { get; private set; } = [];

    public bool Date1904 { get; private set; }

    /// <summary>Per cell style (the <c>s</c> attribute), whether its number format shows a date.</summary>
    public bool[] DateStyles { get; private set; } = [];

    public SharedStringTable Strings => _strings;

    /// <exception cref="ImportFileException">The package is not a readable workbook.</exception>
    public static XlsxWorkbook Open(string path, int maxInMemoryStringBytes = SharedStringTable.DefaultMaxInMemoryBytes)
    {
        var zip = ZipFile.OpenRead(path);
        var workbook = new XlsxWorkbook(zip, maxInMemoryStringBytes);
        try
        {
            workbook.ReadWorkbook();
            workbook.ReadStyles();
            workbook.ReadSharedStrings();
            return workbook;
        }
        catch (Exception e) when (e is XmlException or InvalidDataException)
        {
            workbook.Dispose();
            throw new ImportFileException($"The Excel workbook cannot be read: {e.Message}");
        }
        catch
        {
            workbook.Dispose();
            throw;
        }
    }

    /// <summary>The sheet chosen by name or 1-based number; the first visible sheet when <paramref name="sheet"/> is null.</summary>
    public SheetEntry Choose(string? sheet) => SheetChoice.Choose(Sheets, sheet, s => s.Name, s => s.Visible);

    public Stream OpenPart(string part) =>
        (_zip.GetEntry(part) ?? throw new ImportFileException($"The Excel workbook has no part '{part}': the file is damaged.")).Open();

    public void Dispose()
    {
        _strings.Dispose();
        _zip.Dispose();
    }

    private static XmlReader Xml(Stream stream) =>
        // CheckCharacters off: the parts are machine-written and checking every character costs the parse a share of its time.
        XmlReader.Create(stream, new XmlReaderSettings { IgnoreComments = true, IgnoreWhitespace = false, DtdProcessing = DtdProcessing.Prohibit, CloseInput = true, CheckCharacters = false });

    private void ReadWorkbook()
    {
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_zip.GetEntry("xl/_rels/workbook.xml.rels") is { } rels)
        {
            using var reader = Xml(rels.Open());
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship"
                    && reader.GetAttribute("Id") is { } id && reader.GetAttribute("Target") is { } target)
                {
                    targets[id] = target.StartsWith('/') ? target[1..] : "xl/" + target;
                }
            }
        }

        var sheets = new List<SheetEntry>();
        using (var reader = Xml(OpenPart("xl/workbook.xml")))
        {
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (reader.LocalName == "workbookPr")
                {
                    Date1904 = reader.GetAttribute("date1904") is "1" or "true";
                }
                else if (reader.LocalName == "sheet")
                {
                    var name = reader.GetAttribute("name") ?? $"Sheet{sheets.Count + 1}";
                    var id = reader.GetAttribute("id", RelNs);
                    var part = id is not null && targets.TryGetValue(id, out var t) ? t : $"xl/worksheets/sheet{sheets.Count + 1}.xml";
                    var visible = reader.GetAttribute("state") is null or "visible";
                    sheets.Add(new SheetEntry(name, part, visible));
                }
            }
        }

        if (sheets.Count == 0)
        {
            throw new ImportFileException("The Excel workbook has no sheets.");
        }

        Sheets = sheets;
    }

    private void ReadStyles()
    {
        if (_zip.GetEntry("xl/styles.xml") is not { } entry)
        {
            return;
        }

        var customFormats = new Dictionary<int, string>();
        var styles = new List<bool>();
        using var reader = Xml(entry.Open());
        var inCellXfs = false;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "cellXfs")
            {
                inCellXfs = false;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "numFmt" when int.TryParse(reader.GetAttribute("numFmtId"), out var id):
                    customFormats[id] = reader.GetAttribute("formatCode") ?? "";
                    break;
                case "cellXfs":
                    inCellXfs = !reader.IsEmptyElement;
                    break;
                case "xf" when inCellXfs:
                    var formatId = int.TryParse(reader.GetAttribute("numFmtId"), out var f) ? f : 0;
                    styles.Add(CellText.IsDateFormat(formatId, customFormats.GetValueOrDefault(formatId)));
                    break;
            }
        }

        DateStyles = [.. styles];
    }

    private void ReadSharedStrings()
    {
        if (_zip.GetEntry("xl/sharedStrings.xml") is not { } entry)
        {
            _strings.Complete();
            return;
        }

        using var reader = Xml(entry.Open());
        var text = new System.Text.StringBuilder();
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si" && reader.NamespaceURI == MainNs)
            {
                text.Clear();
                if (!reader.IsEmptyElement)
                {
                    ReadItemText(reader, text);
                }

                _strings.Add(text.ToString());
            }
        }

        _strings.Complete();
    }

    /// <summary>The text of an <c>si</c> or <c>is</c> element: its <c>t</c> and rich-text runs, without phonetic guides.</summary>
    internal static void ReadItemText(XmlReader reader, System.Text.StringBuilder text)
    {
        var depth = reader.Depth;
        if (!reader.Read())
        {
            return;
        }

        while (reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "rPh")
            {
                reader.Skip(); // Japanese reading aids, not shown in the cell
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "t" && !reader.IsEmptyElement)
            {
                text.Append(reader.ReadElementContentAsString());
            }
            else if (!reader.Read())
            {
                return;
            }
        }
    }
}
