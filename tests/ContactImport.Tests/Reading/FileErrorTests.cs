using System.Text;
using ContactImport.Core.Reading;

namespace ContactImport.Tests.Reading;

public sealed class FileErrorTests : IDisposable
{
    private readonly TempCsv _files = new();

    public void Dispose() => _files.Dispose();

    private Action Inspecting(byte[] bytes)
    {
        var path = _files.Write(bytes);
        return () => ContactFileReader.Inspect(path, new ReadOptions());
    }

    [Fact]
    public void Empty_file_is_rejected() =>
        Inspecting([]).Should().Throw<ImportFileException>().WithMessage("The file is empty.");

    [Fact]
    public void Bom_only_file_is_rejected() =>
        Inspecting([0xEF, 0xBB, 0xBF]).Should().Throw<ImportFileException>().WithMessage("*only a byte order mark*");

    [Fact]
    public void Blank_lines_only_file_is_rejected() =>
        Inspecting(Encoding.ASCII.GetBytes("\r\n\n  \n\r\n")).Should().Throw<ImportFileException>()
            .WithMessage("*only blank lines*");

    [Fact]
    public void Bom_and_blank_lines_only_file_is_rejected() =>
        Inspecting([0xEF, 0xBB, 0xBF, 13, 10, 13, 10]).Should().Throw<ImportFileException>()
            .WithMessage("*only blank lines*");

    [Fact]
    public void Sep_line_only_file_is_rejected() =>
        Inspecting(Encoding.ASCII.GetBytes("sep=;\r\n")).Should().Throw<ImportFileException>()
            .WithMessage("*only a 'sep=' line*");

    [Fact]
    public void Header_only_file_is_rejected() =>
        Inspecting(Encoding.ASCII.GetBytes("name,email\r\n\r\n")).Should().Throw<ImportFileException>()
            .WithMessage("*header line but no data rows*");

    [Fact]
    public void Zip_file_is_rejected_by_content() =>
        Inspecting([(byte)'P', (byte)'K', 3, 4, 20, 0, 6, 0, .. Encoding.ASCII.GetBytes("a,b\n1,2\n")])
            .Should().Throw<ImportFileException>().WithMessage("*ZIP archive*");

    [Fact]
    public void Png_file_is_rejected_by_content() =>
        Inspecting([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
            .Should().Throw<ImportFileException>().WithMessage("*PNG image*");

    [Fact]
    public void Pdf_file_is_rejected_by_content() =>
        Inspecting(Encoding.ASCII.GetBytes("%PDF-1.7\na,b\n1,2\n"))
            .Should().Throw<ImportFileException>().WithMessage("*PDF*");

    [Fact]
    public void Random_binary_is_rejected()
    {
        var bytes = new byte[10_000];
        new Random(42).NextBytes(bytes);

        Inspecting(bytes).Should().Throw<ImportFileException>().WithMessage("*binary data*");
    }

    [Fact]
    public void Malformed_header_is_a_file_error() =>
        Inspecting(Encoding.ASCII.GetBytes("name,\"email\n1,2\n"))
            .Should().Throw<ImportFileException>().WithMessage("The header line (line 1) cannot be read*");
}
