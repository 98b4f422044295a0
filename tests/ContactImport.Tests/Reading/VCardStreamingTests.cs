using System.Text;
using ContactImport.Core.Reading;

namespace ContactImport.Tests.Reading;

[Collection(MemoryMeasurement.Name)]
public sealed class VCardStreamingTests : IDisposable
{
    private const int Cards = 200_000;
    private readonly TempCsv _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_200000_card_file_is_counted_and_read_with_memory_that_does_not_grow()
    {
        var photo = string.Join("\r\n ", Enumerable.Repeat(new string('Q', 74), 600)); // ~45 KB, folded
        var path = _files.Write(stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
            for (var i = 1; i <= Cards; i++)
            {
                writer.Write($"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nN:{i};Person;;;\r\nEMAIL;TYPE=INTERNET:p{i}@example.com\r\n");
                writer.Write($"TEL;TYPE=CELL:+1 201 555 {i % 10_000:D4}\r\nORG:Company {i % 97}\r\nNOTE:note\\nfor {i}\r\n");
                if (i % 1000 == 0)
                {
                    writer.Write($"PHOTO;ENCODING=b;TYPE=JPEG:{photo}\r\n");
                }

                writer.Write("END:VCARD\r\n");
            }
        });

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        using var source = ContactFileReader.Open(path, inspection, new ReadOptions());
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0, count = 0;
        SourceRow? last = null;
        await foreach (var row in source.ReadAsync(0, CancellationToken.None))
        {
            count++;
            last = row;
            if (count % 20_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        inspection.TotalRows.Should().Be(Cards);
        inspection.Headers.Should().Equal("full_name", "first_name", "last_name", "email", "phone", "company", "notes");
        count.Should().Be(Cards);
        last!.Row.Should().Be(Cards);
        last.Fields.Should().Equal($"Person {Cards}", "Person", $"{Cards}", $"p{Cards}@example.com", "+1 201 555 0000",
            $"Company {Cards % 97}", $"note\nfor {Cards}");
        peak.Should().BeLessThan(8 * 1024 * 1024, "only the current card is held, whatever the file's size");
    }
}
