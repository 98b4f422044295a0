using System.Text;
using ContactImport.Core.Reading;

namespace ContactImport.Tests.Reading;

public sealed class EncodingTests : IDisposable
{
    private const string Text = "Name,City\nJosé,Zürich\n";
    private readonly TempCsv _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Utf8_without_bom_is_detected()
    {
        var path = _files.Write(Encoding.UTF8.GetBytes(Text));

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);

        inspection.EncodingName.Should().Be("utf-8");
        rows[0].Fields.Should().Equal("José", "Zürich");
    }

    [Fact]
    public async Task Utf8_bom_never_leaks_into_the_first_header()
    {
        var path = _files.Write([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Text)]);

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);

        inspection.EncodingName.Should().Be("utf-8");
        inspection.Headers[0].Should().Be("Name");
        rows[0].Fields.Should().Equal("José", "Zürich");
    }

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public async Task Utf16_with_bom_is_decoded(string name)
    {
        var encoding = name == "utf-16le" ? Encoding.Unicode : Encoding.BigEndianUnicode;
        var path = _files.Write([.. encoding.GetPreamble(), .. encoding.GetBytes(Text + "\"A\nB\",C\nD,E\n")]);

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);

        inspection.EncodingName.Should().Be(name);
        inspection.Headers.Should().Equal("Name", "City");
        rows.Select(r => r.Fields).Should().BeEquivalentTo(
            new[] { new[] { "José", "Zürich" }, ["A\nB", "C"], ["D", "E"] }, o => o.WithStrictOrdering());
        rows.Select(r => r.Line).Should().Equal(2, 3, 5);
    }

    [Fact]
    public async Task Windows_1252_bytes_are_decoded_when_the_file_is_not_utf8()
    {
        // é as the single byte 0xE9 (Excel's "Save as CSV" on Western Windows), late in the file.
        var bytes = new List<byte>(Encoding.ASCII.GetBytes("Name,City\n"));
        for (var i = 0; i < 5000; i++)
        {
            bytes.AddRange(Encoding.ASCII.GetBytes($"Ann{i},Paris\n"));
        }

        bytes.AddRange([(byte)'J', (byte)'o', (byte)'s', 0xE9, (byte)',', 0x80, (byte)'\n']);
        var path = _files.Write(bytes.ToArray());

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);

        inspection.EncodingName.Should().Be("windows-1252");
        rows[^1].Fields.Should().Equal("José", "€");
    }

    [Fact]
    public async Task Encoding_option_overrides_detection()
    {
        var path = _files.Write(Encoding.UTF8.GetBytes(Text));

        var options = new ReadOptions { Encoding = "windows-1252" };
        var inspection = ContactFileReader.Inspect(path, options);
        var rows = await TempCsv.ReadAll(path, options);

        inspection.EncodingName.Should().Be("windows-1252");
        rows[0].Fields[0].Should().Be("JosÃ©");
    }

    [Fact]
    public async Task Utf16_file_resynchronizes_after_an_unterminated_quote()
    {
        var text = new System.Text.StringBuilder("Name,City\nAnn,\"open\n");
        for (var i = 0; i < 20_000; i++)
        {
            text.Append($"Zoë{i},Köln\n");
        }

        var path = _files.Write([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text.ToString())]);

        var rows = await TempCsv.ReadAll(path);

        rows.Should().HaveCount(20_001);
        rows[0].Error.Should().StartWith("field 2 has an opening quote on line 2 that is never closed");
        rows[^1].Should().BeEquivalentTo(new SourceRow(20_001, 20_002, ["Zoë19999", "Köln"]));
    }

    [Fact]
    public void Unknown_encoding_name_is_a_file_error()
    {
        var path = _files.Write(Text);

        var act = () => ContactFileReader.Inspect(path, new ReadOptions { Encoding = "klingon-8" });

        act.Should().Throw<ImportFileException>().WithMessage("*Unknown encoding 'klingon-8'*");
    }
}
