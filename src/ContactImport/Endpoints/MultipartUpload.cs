using ContactImport.Workers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ContactImport.Endpoints;

/// <summary>
/// The <c>file</c> field of a multipart/form-data request, streamed to a file in the process's private folder under the size limit and
/// never buffered whole. Disposing deletes the file.
/// </summary>
internal sealed class MultipartUpload : IDisposable
{
    private MultipartUpload(string path, string fileName, long size)
    {
        Path = path;
        FileName = fileName;
        Size = size;
    }

    public string Path { get; }

    public string FileName { get; }

    public long Size { get; }

    /// <summary>The received file, or the problem to answer with (400 no file, 413 over the limit).</summary>
    public static async Task<(MultipartUpload? Upload, ProblemHttpResult? Problem)> ReceiveAsync(HttpRequest request,
        long limit, ProcessScratch scratch, CancellationToken ct)
    {
        if (request.ContentLength > limit + (1 << 20))
        {
            return (null, TooLarge(limit));
        }

        var boundary = request.ContentType is { } type && MediaTypeHeaderValue.TryParse(type, out var media)
            ? HeaderUtilities.RemoveQuotes(media.Boundary).Value
            : null;
        if (string.IsNullOrEmpty(boundary))
        {
            return (null, Problems.Of(400, "Send the file as multipart/form-data in a field named 'file'."));
        }

        // The upload holds personal data: only the process's private folder, which is removed on every path.
        var path = scratch.NewFile("contactimport-upload", "");
        try
        {
            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.IsFileDisposition() || disposition.Name.Value != "file")
                {
                    continue;
                }

                var fileName = System.IO.Path.GetFileName(
                    disposition.FileName.Value ?? disposition.FileNameStar.Value ?? "upload.csv");
                var size = await CopyAsync(section.Body, path, limit, ct);
                if (size > limit)
                {
                    File.Delete(path);
                    return (null, TooLarge(limit));
                }

                return (new MultipartUpload(path, fileName, size), null);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            File.Delete(path);
            return (null, TooLarge(limit));
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        return (null, Problems.Of(400, "No file: send multipart/form-data with the file in a field named 'file'."));
    }

    public void Dispose() => File.Delete(Path);

    /// <summary>Copies until the end or one byte past <paramref name="limit"/>; returns the bytes seen.</summary>
    internal static async Task<long> CopyAsync(Stream body, string path, long limit, CancellationToken ct)
    {
        await using var file = File.Create(path);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            size += read;
            if (size > limit)
            {
                return size;
            }

            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }

        return size;
    }

    internal static ProblemHttpResult TooLarge(long limit) =>
        Problems.Of(413, $"The file is larger than the upload limit of {FormatLimit(limit)}.", "Upload too large");

    /// <summary>"200 MB", or exact bytes when the limit is not a whole number of megabytes (e.g. "1000 bytes").</summary>
    private static string FormatLimit(long limit) =>
        limit >= 1024 * 1024 && limit % (1024 * 1024) == 0
            ? $"{limit / (1024 * 1024)} MB"
            : $"{limit} bytes";
}
