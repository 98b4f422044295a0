using System.IO.Compression;

namespace ContactImport.Core.Reading;

/// <summary>Tells a workbook from text by its first bytes: a ZIP holding <c>xl/workbook.xml</c> (.xlsx) or an OLE2 file (.xls).</summary>
internal static class ContainerSniffer
{
    /// <summary>The workbook format, or null for anything else (read as text, which refuses other binary files).</summary>
    /// <exception cref="ImportFileException">A ZIP archive that is not an Excel workbook.</exception>
    public static FileFormat? Detect(string path)
    {
        Span<byte> start = stackalloc byte[8];
        int length;
        try
        {
            using var stream = File.OpenRead(path);
            length = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        }
        catch (FileNotFoundException)
        {
            return null; // the text reader names the missing file
        }

        start = start[..length];
        if (start.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return FileFormat.Xls;
        }

        if (!start.StartsWith("PK\u0003\u0004"u8))
        {
            return null;
        }

        try
        {
            using var zip = ZipFile.OpenRead(path);
            if (zip.GetEntry("xl/workbook.xml") is not null || zip.GetEntry("xl/workbook.bin") is not null)
            {
                return zip.GetEntry("xl/workbook.bin") is not null
                    ? throw new ImportFileException("The file is an Excel binary workbook (.xlsb), which cannot be read; save it as .xlsx or CSV.")
                    : FileFormat.Xlsx;
            }

            throw new ImportFileException($"The file is not a contact file: it looks like {ZipKind(zip)}.");
        }
        catch (InvalidDataException)
        {
            throw new ImportFileException("The file is not a contact file: it looks like a damaged ZIP archive.");
        }
    }

    private static string ZipKind(ZipArchive zip)
    {
        if (zip.GetEntry("word/document.xml") is not null)
        {
            return "a Word document (.docx)";
        }

        if (zip.GetEntry("ppt/presentation.xml") is not null)
        {
            return "a PowerPoint presentation (.pptx)";
        }

        return zip.GetEntry("content.xml") is not null
            ? "an OpenDocument file (.ods/.odt); save it as .xlsx or CSV"
            : "a ZIP archive, not an Excel workbook";
    }
}
