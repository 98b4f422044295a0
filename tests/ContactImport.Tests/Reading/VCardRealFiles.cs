namespace ContactImport.Tests.Reading;

/// <summary>
/// Where the real contact files are: <c>$CONTACTIMPORT_REAL_FILES</c>, else a <c>shared/real-files</c> folder
/// above the test binaries. Tests skip with a clear reason when they are absent, and fail when <c>CI=true</c>.
/// </summary>
internal static class VCardRealFiles
{
    public const string Missing =
        "The real contact files are not here: set CONTACTIMPORT_REAL_FILES to the real-files folder (see DESIGN.md).";

    public static string? Folder { get; } = Find();

    public static string? SkipReason =>
        Folder is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? Missing
            : null;

    public static string Vcf(string name) =>
        Path.Combine(Folder ?? throw new InvalidOperationException(Missing), "vcf", name);

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("CONTACTIMPORT_REAL_FILES") is { Length: > 0 } configured)
        {
            return Directory.Exists(configured) ? configured : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "real-files");
            if (Directory.Exists(Path.Combine(candidate, "vcf")))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A fact that needs the real files (skipped without them, unless on CI).</summary>
public sealed class RealVCardFactAttribute : FactAttribute
{
    public RealVCardFactAttribute() => Skip = VCardRealFiles.SkipReason;
}

/// <summary>A theory that needs the real files (skipped without them, unless on CI).</summary>
public sealed class RealVCardTheoryAttribute : TheoryAttribute
{
    public RealVCardTheoryAttribute() => Skip = VCardRealFiles.SkipReason;
}
