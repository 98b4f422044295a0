using Npgsql;

namespace ContactImport.Bench.Baseline;

/// <summary>
/// The floor: the file's raw bytes streamed into <c>COPY … FROM STDIN (FORMAT csv, HEADER)</c> into an unindexed
/// all-text table. No parsing in .NET, no validation, no duplicates check: nothing can load PostgreSQL faster.
/// Runs as <c>bench --child copy FILE CONNECTION</c>; the table is created by the parent, outside the timing.
/// </summary>
internal static class CopyFloor
{
    public const string CreateTable =
        "CREATE TABLE contacts_raw (first_name text, last_name text, email text, phone text, company text, " +
        "job_title text, city text, country text, tags text, notes text)";

    public static async Task<int> RunAsync(string file, string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        // BeginRawBinaryCopy refuses text formats; BeginTextImport's writer sits on the raw COPY stream, and the file
        // is already UTF-8 (the server encoding), so its bytes go straight through without decoding.
        await using var writer = await conn.BeginTextImportAsync("COPY contacts_raw FROM STDIN (FORMAT csv, HEADER)");
        if (writer is StreamWriter { BaseStream: { CanWrite: true } raw })
        {
            await input.CopyToAsync(raw, 1 << 16);
        }
        else
        {
            using var reader = new StreamReader(input);
            var buffer = new char[1 << 15];
            int n;
            while ((n = await reader.ReadAsync(buffer)) > 0)
            {
                await writer.WriteAsync(buffer.AsMemory(0, n));
            }
        }

        return 0;
    }
}
