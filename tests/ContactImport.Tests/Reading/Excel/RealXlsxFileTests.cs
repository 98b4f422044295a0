using ContactImport.Core.Mapping;
using ContactImport.Core.Reading;
using FluentAssertions;

namespace ContactImport.Tests.Reading.Excel;

/// <summary>The real workbooks of real-files/xlsx/ (Akaunting's import templates, saved by Excel for Mac 16), read by hand with unzip -p.</summary>
public sealed class RealXlsxFileTests
{
    [RealFileTheory]
    [InlineData("akaunting-customers-import-template_excel-mac.xlsx", "customers", "Test Customer", "test@customer.com")]
    [InlineData("akaunting-vendors-import-template_excel-mac.xlsx", "vendors", "Test Vendor", "test@vendor.com")]
    public async Task Akaunting_template_reads_its_one_sample_contact(string file, string sheet, string name, string email)
    {
        var path = RealFiles.Path("xlsx/" + file);

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);
        var map = HeaderMapper.Suggest(inspection.Headers);

        inspection.Format.Should().Be(FileFormat.Xlsx);
        inspection.Sheets.Should().Equal(sheet);
        inspection.Sheet.Should().Be(sheet);
        inspection.HeaderLine.Should().Be(1);
        inspection.Headers.Should().Equal("name", "email", "tax_number", "phone", "address", "country", "state", "zip_code",
            "city", "website", "currency_code", "reference", "enabled", "user_id");
        map.Where(b => b.Field == ContactField.Email).Select(b => b.Header).Should().Equal("email");
        map.Where(b => b.Field == ContactField.Phone).Select(b => b.Header).Should().Equal("phone");
        map.Where(b => b.Field == ContactField.FullName).Select(b => b.Header).Should().Equal("name");
        rows.Should().ContainSingle();
        rows[0].Should().BeEquivalentTo(new { Row = 1L, Line = 2L, Error = (string?)null });
        rows[0].Fields.Should().Equal(name, email, "", "", "", "United States", "", "", "", "", "USD", "", "TRUE", "");
    }
}
