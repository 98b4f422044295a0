using System.IO.Compression;
using System.Security;
using System.Text;

namespace ContactImport.Tests.Reading.Excel;

/// <summary>
/// Writes small .xlsx workbooks part by part (as Excel lays them out), so tests control every cell's XML.
/// Cell styles: 0 General, 1 built-in date format 14, 2 custom <c>dd.mm.yyyy</c>, 3 custom <c>0.00</c>.
/// </summary>
internal sealed class XlsxFile
{
    private readonly List<(string Name, bool Hidden, StringBuilder Rows)> _sheets = [];
    private readonly List<string> _strings = [];

    public XlsxFile Sheet(string name, bool hidden = false)
    {
        _sheets.Add((name, hidden, new StringBuilder()));
        return this;
    }

    /// <summary>A row of shared-string cells (empty strings are left out, as Excel does).</summary>
    public XlsxFile Row(int number, params string[] values)
    {
        var cells = new StringBuilder();
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i].Length > 0)
            {
                cells.Append($"<c r=\"{Column(i)}{number}\" t=\"s\"><v>{Shared(values[i])}</v></c>");
            }
        }

        return RawRow(number, cells.ToString());
    }

    /// <summary>A row written as given: <c>&lt;c&gt;</c> elements.</summary>
    public XlsxFile RawRow(int number, string cellsXml)
    {
        _sheets[^1].Rows.Append($"<row r=\"{number}\">{cellsXml}</row>");
        return this;
    }

    public int Shared(string value)
    {
        _strings.Add(value);
        return _strings.Count - 1;
    }

    public static string Column(int index) =>
        index < 26 ? ((char)('A' + index)).ToString() : Column(index / 26 - 1) + (char)('A' + index % 26);

    public string Write(string path)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        Part(zip, "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
            "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>");
        var sheets = new StringBuilder();
        var rels = new StringBuilder();
        for (var i = 0; i < _sheets.Count; i++)
        {
            var (name, hidden, rows) = _sheets[i];
            // Relationship ids and part names deliberately differ from the sheet order: the reader must follow the rels.
            var part = $"worksheets/data{_sheets.Count - i}.xml";
            sheets.Append($"<sheet name=\"{SecurityElement.Escape(name)}\" sheetId=\"{i + 1}\"{(hidden ? " state=\"hidden\"" : "")} r:id=\"rId{i + 10}\"/>");
            rels.Append($"<Relationship Id=\"rId{i + 10}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"{part}\"/>");
            Part(zip, "xl/" + part,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" +
                $"<sheetData>{rows}</sheetData></worksheet>");
        }

        Part(zip, "xl/workbook.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " +
            $"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><workbookPr/><sheets>{sheets}</sheets></workbook>");
        Part(zip, "xl/_rels/workbook.xml.rels",
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rels}</Relationships>");
        Part(zip, "xl/styles.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" +
            "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy;@\"/><numFmt numFmtId=\"165\" formatCode=\"&quot;Day &quot;0.00\"/></numFmts>" +
            "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/></cellXfs></styleSheet>");
        using (var stream = zip.CreateEntry("xl/sharedStrings.xml").Open())
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"{_strings.Count}\" uniqueCount=\"{_strings.Count}\">");
            foreach (var s in _strings)
            {
                writer.Write($"<si><t xml:space=\"preserve\">{SecurityElement.Escape(s)}</t></si>");
            }

            writer.Write("</sst>");
        }

        return path;
    }

    private static void Part(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }
}
