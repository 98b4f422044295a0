using ContactImport.Core.Mapping;
using ContactImport.Core.Normalization;
using ContactImport.Core.Reading;

namespace ContactImport.Tests.Reading;

/// <summary>
/// Every real file of <c>real-files/</c> through the reader, the automatic mapping and the lenient value rule (default
/// country US, as a first import would run): the contacts it yields, by key, with the columns of their warnings, and
/// the rows it cannot take with the reason. Expectations are in <see cref="RealFileContactExpectations"/>.
/// </summary>
public sealed class RealFileContactsTests
{
    public static TheoryData<string> Files => new(RealFileContactExpectations.Files.Keys.Order(StringComparer.Ordinal));

    [RealFileTheory]
    [MemberData(nameof(Files))]
    public async Task Real_file_yields_every_contact_with_a_key_and_warns_about_the_rest(string file)
    {
        (await Summarize(file)).Should().Equal(RealFileContactExpectations.Files[file]);
    }

    [RealFileFact]
    public void Every_real_file_has_its_expected_contacts_written_down()
    {
        var files = new[] { "csv", "vcf", "xlsx" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(RealFiles.Root!, folder))
                .Select(f => folder + "/" + Path.GetFileName(f)));

        files.Should().BeEquivalentTo(RealFileContactExpectations.Files.Keys);
    }

    /// <summary>
    /// One line per data row: <c>row N: key [warnings: column, …]</c>, where the key is the e-mail, else the phone's
    /// E.164 key, else the external id; or <c>row N: fails: reason</c>; or one <c>fatal: message</c> line. A row that
    /// fails must hold no valid e-mail, phone or external id in any column mapped to one (checked here, independently
    /// of the expectations).
    /// </summary>
    internal static async Task<List<string>> Summarize(string file)
    {
        var path = RealFiles.Path(file);
        FileInspection inspection;
        IReadOnlyList<ColumnBinding> map;
        try
        {
            inspection = ContactFileReader.Inspect(path, new ReadOptions());
            map = HeaderMapper.Suggest(inspection.Headers);
            HeaderMapper.EnsureEmailOrPhone(map);
        }
        catch (ImportFileException ex)
        {
            return ["fatal: " + ex.Message];
        }

        var mapper = new ContactRowMapper(map, "US");
        var lines = new List<string>();
        foreach (var row in await TempCsv.ReadAll(path))
        {
            var prepared = mapper.Prepare(row);
            if (prepared.Values is { } v)
            {
                var key = v.Email ?? v.PhoneKey ?? v.ExternalId;
                var warned = prepared.Warnings.Select(w => w.Column).Distinct().ToList();
                lines.Add($"row {row.Row}: {key}" + (warned.Count == 0 ? "" : $" [warnings: {string.Join(", ", warned)}]"));
            }
            else
            {
                HasAnyKey(map, row).Should().BeFalse($"{file} row {row.Row} fails ({prepared.Error!.Reason}) but holds a key");
                lines.Add($"row {row.Row}: fails: {prepared.Error!.Reason}");
            }
        }

        return lines;
    }

    /// <summary>Whether any cell of a key column holds a valid key, read with the default country and the row's own.</summary>
    private static bool HasAnyKey(IReadOnlyList<ColumnBinding> map, SourceRow row)
    {
        string Cell(ColumnBinding b) => b.Index < row.Fields.Length ? TextValues.StripFormulaGuard(row.Fields[b.Index]) : "";
        var country = map.Where(b => b.Field == ContactField.Country).Select(Cell).FirstOrDefault(c => c.Length > 0);
        var region = Phones.RegionFor(country, "US");
        foreach (var b in map)
        {
            foreach (var piece in TextValues.MultiValues(Cell(b)))
            {
                var valid = b.Field switch
                {
                    ContactField.Email => piece.Length <= FieldLimits.Email && EmailAddress.TryNormalize(piece, out _, out _),
                    ContactField.Phone => Phones.TryNormalize(piece, region, out _, out _),
                    ContactField.ExternalId => piece.Trim().Length > 0,
                    _ => false,
                };
                if (valid)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
