using System.IO.Compression;
using System.Security;
using System.Text;

namespace ContactImport.IntegrationTests.Infrastructure;

/// <summary>
/// Writes a small .xlsx as Excel lays it out (workbook, rels, one part per sheet, shared strings), so upload tests
/// need no spreadsheet library. Every cell is text.
/// </summary>
public static class XlsxWorkbook
{
    public static byte[] Create(params (string Name, string[][] Rows)[] sheets)
    {
        var strings = new List<string>();
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Part(zip, "[Content_Types].xml",
                "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
                "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>");
            var list = new StringBuilder();
            var rels = new StringBuilder();
            for (var i = 0; i < sheets.Length; i++)
            {
                list.Append($"<sheet name=\"{SecurityElement.Escape(sheets[i].Name)}\" sheetId=\"{i + 1}\" r:id=\"rId{i + 1}\"/>");
                rels.Append($"<Relationship Id=\"rId{i + 1}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i + 1}.xml\"/>");
                Part(zip, $"xl/worksheets/sheet{i + 1}.xml",
                    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" +
                    $"<sheetData>{Rows(sheets[i].Rows, strings)}</sheetData></worksheet>");
            }

            Part(zip, "xl/workbook.xml",
                "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " +
                $"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>{list}</sheets></workbook>");
            Part(zip, "xl/_rels/workbook.xml.rels",
                $"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rels}</Relationships>");
            Part(zip, "xl/sharedStrings.xml",
                $"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"{strings.Count}\" uniqueCount=\"{strings.Count}\">" +
                string.Concat(strings.Select(s => $"<si><t xml:space=\"preserve\">{SecurityElement.Escape(s)}</t></si>")) + "</sst>");
        }

        return buffer.ToArray();
    }

    private static string Rows(string[][] rows, List<string> strings)
    {
        var xml = new StringBuilder();
        for (var r = 0; r < rows.Length; r++)
        {
            xml.Append($"<row r=\"{r + 1}\">");
            for (var c = 0; c < rows[r].Length; c++)
            {
                if (rows[r][c].Length > 0)
                {
                    strings.Add(rows[r][c]);
                    xml.Append($"<c r=\"{(char)('A' + c)}{r + 1}\" t=\"s\"><v>{strings.Count - 1}</v></c>");
                }
            }

            xml.Append("</row>");
        }

        return xml.ToString();
    }

    private static void Part(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" + content);
    }
}
