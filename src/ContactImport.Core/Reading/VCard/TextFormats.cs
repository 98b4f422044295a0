using ContactImport.Core.Reading.Ndjson;

namespace ContactImport.Core.Reading.VCard;

/// <summary>
/// The text formats told apart from CSV by content, whatever the file's name: vCard (<c>BEGIN:VCARD</c> after
/// optional blank or preamble lines) and NDJSON (a first non-blank line that is a JSON object).
/// </summary>
internal static class TextFormats
{
    /// <summary>The pre-pass of a vCard or NDJSON file; null when the file is neither (or missing or empty).</summary>
    public static FileInspection? TryInspect(string path, ReadOptions options)
    {
        if (TextSample.Read(path) is not { } sample)
        {
            return null;
        }

        if (VCardFile.Looks(sample))
        {
            return VCardFile.Inspect(path, sample, options);
        }

        return NdjsonFile.Looks(sample) ? NdjsonFile.Inspect(path, sample, options) : null;
    }

    /// <summary>The row source for an inspection of a vCard or NDJSON file; null for other formats.</summary>
    public static IRowSource? TryOpen(string path, FileInspection inspection, ReadOptions options) => inspection.Format switch
    {
        FileFormat.VCard => VCardFile.Open(path, inspection, options),
        FileFormat.Ndjson => NdjsonFile.Open(path, inspection, options),
        _ => null,
    };
}
