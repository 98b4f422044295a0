using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;
using CsvHelper;

namespace ContactImport.Bench;

/// <summary>
/// The generated CSV's contacts as an Excel workbook and as a vCard file: the same rows in the same order, so each
/// import must end with the same counts as the CSV's. Both are written row by row from the CSV (never the whole file
/// in memory) and cached next to it.
/// </summary>
internal static class FormatFiles
{
    /// <summary>Distinct strings the workbook writer shares at most; later repeats are stored again (memory stays bounded).</summary>
    private const int MaxSharedDistinct = 200_000;

    private static readonly string[] Columns =
        ["first_name", "last_name", "email", "phone", "company", "job_title", "city", "country", "tags", "notes"];

    public static GeneratedFile Ensure(GeneratedFile csv, string extension, bool regenerate)
    {
        var path = Path.ChangeExtension(csv.Path, extension);
        if (regenerate || !File.Exists(path) || File.GetLastWriteTimeUtc(path) < File.GetLastWriteTimeUtc(csv.Path))
        {
            var tmp = path + ".tmp";
            if (extension == ".xlsx")
            {
                WriteXlsx(csv.Path, tmp);
            }
            else
            {
                WriteVcf(csv.Path, tmp);
            }

            File.Move(tmp, path, overwrite: true);
        }

        return csv with { Path = path, Bytes = new FileInfo(path).Length };
    }

    private static IEnumerable<string[]> CsvRows(string csvPath)
    {
        using var reader = new StreamReader(csvPath, Encoding.UTF8);
        using var parser = new CsvParser(reader, CultureInfo.InvariantCulture);
        if (!parser.Read() || !parser.Record!.SequenceEqual(Columns))
        {
            throw new InvalidDataException($"{csvPath} does not have the generator's columns");
        }

        while (parser.Read())
        {
            yield return parser.Record!;
        }
    }

    // ---- vCard 3.0 as an iPhone exports it: CRLF, folded at 75 octets, item-grouped address, typed e-mail and phone ----

    private static void WriteVcf(string csvPath, string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        var line = new StringBuilder();
        foreach (var r in CsvRows(csvPath))
        {
            var (first, last, email, phone, company, job, city, country, tags, notes) =
                (r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]);
            w.Write("BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.4//EN\r\n");
            Property(w, line, "N", $"{Escape(last)};{Escape(first)};;;");
            Property(w, line, "FN", Escape($"{first} {last}".Trim()));
            if (company.Length > 0)
            {
                Property(w, line, "ORG", Escape(company) + ";");
            }

            if (job.Length > 0)
            {
                Property(w, line, "TITLE", Escape(job));
            }

            if (email.Length > 0)
            {
                Property(w, line, "EMAIL;type=INTERNET;type=HOME;type=pref", Escape(email));
            }

            if (phone.Length > 0)
            {
                Property(w, line, "TEL;type=CELL;type=VOICE;type=pref", Escape(phone));
            }

            if (city.Length > 0 || country.Length > 0)
            {
                Property(w, line, "item1.ADR;type=HOME;type=pref", $";;;{Escape(city)};;;{Escape(country)}");
                w.Write("item1.X-ABADR:us\r\n");
            }

            if (notes.Length > 0)
            {
                Property(w, line, "NOTE", Escape(notes));
            }

            if (tags.Length > 0)
            {
                Property(w, line, "CATEGORIES", string.Join(',', tags.Split(';').Select(Escape)));
            }

            w.Write("END:VCARD\r\n");
        }
    }

    private static string Escape(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Writes NAME:VALUE folded as RFC 6350 says: lines of at most 75 octets, continued after CRLF + space.</summary>
    private static void Property(StreamWriter w, StringBuilder line, string name, string value)
    {
        line.Clear().Append(name).Append(':').Append(value);
        var octets = 0;
        var limit = 75;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            var size = c < 0x80 ? 1 : c < 0x800 ? 2 : char.IsSurrogate(c) ? 2 : 3;
            if (octets + size > limit)
            {
                w.Write("\r\n ");
                octets = 0;
                limit = 74; // the leading space counts
            }

            w.Write(c);
            octets += size;
        }

        w.Write("\r\n");
    }

    // ---- .xlsx as Excel writes it: every text cell a shared string, cell references, the string table after the sheet ----

    private static void WriteXlsx(string csvPath, string path)
    {
        var stringsPath = path + ".sst";
        var shared = new Dictionary<string, int>(StringComparer.Ordinal);
        long references = 0;
        var count = 0;
        using (var zip = new ZipArchive(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20), ZipArchiveMode.Create))
        {
            Part(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>
                """);
            Part(zip, "_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """);
            Part(zip, "xl/workbook.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>
                """);
            Part(zip, "xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>
                """);
            Part(zip, "xl/styles.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1"/></xf></cellXfs></styleSheet>
                """);

            using (var strings = new StreamWriter(stringsPath, false, new UTF8Encoding(false), 1 << 16))
            using (var sheet = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open(), new UTF8Encoding(false), 1 << 16))
            {
                sheet.Write("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>""" + "\r\n");
                sheet.Write("""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>""");
                var row = 0L;
                foreach (var cells in CsvRows(csvPath).Prepend(Columns))
                {
                    row++;
                    sheet.Write(FormattableString.Invariant($"<row r=\"{row}\" spans=\"1:{Columns.Length}\">"));
                    for (var c = 0; c < cells.Length; c++)
                    {
                        if (cells[c].Length == 0)
                        {
                            continue;
                        }

                        if (!shared.TryGetValue(cells[c], out var index))
                        {
                            index = count++;
                            if (shared.Count < MaxSharedDistinct)
                            {
                                shared[cells[c]] = index;
                            }

                            var text = SecurityElement.Escape(cells[c]).Replace("\r\n", "\n", StringComparison.Ordinal);
                            strings.Write(text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
                                ? $"<si><t xml:space=\"preserve\">{text}</t></si>"
                                : $"<si><t>{text}</t></si>");
                        }

                        references++;
                        var style = cells[c].Contains('\n', StringComparison.Ordinal) ? " s=\"1\"" : "";
                        sheet.Write(FormattableString.Invariant($"<c r=\"{(char)('A' + c)}{row}\"{style} t=\"s\"><v>{index}</v></c>"));
                    }

                    sheet.Write("</row>");
                }

                sheet.Write("</sheetData></worksheet>");
            }

            using (var sst = zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Fastest).Open())
            {
                sst.Write(Encoding.UTF8.GetBytes(FormattableString.Invariant(
                    $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"{references}\" uniqueCount=\"{count}\">")));
                using (var body = File.OpenRead(stringsPath))
                {
                    body.CopyTo(sst);
                }

                sst.Write("</sst>"u8);
            }
        }

        File.Delete(stringsPath);
    }

    private static void Part(ZipArchive zip, string name, string xml)
    {
        using var w = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        w.Write(xml);
    }
}
