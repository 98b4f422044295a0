using Xunit;

namespace ContactImport.Tests.Reading;

/// <summary>
/// The real exported files of <c>shared/real-files/</c> (or <c>$CONTACTIMPORT_REAL_FILES</c>), used where they are:
/// never copied into the repository. Absent, their tests are skipped with the reason, except under CI=true.
/// </summary>
public static class RealFiles
{
    public static string? Root { get; } = Find();

    public static string Path(string relative) =>
        System.IO.Path.Combine(Root ?? throw new InvalidOperationException(MissingReason), relative);

    public static string MissingReason =>
        "The real files are not here: set CONTACTIMPORT_REAL_FILES to the folder (shared/real-files) that holds csv/, vcf/, xlsx/ and csv-conformance/.";

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("CONTACTIMPORT_REAL_FILES") is { Length: > 0 } configured)
        {
            return Directory.Exists(configured) ? configured : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "real-files");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A test on the real files: skipped with the reason when they are absent, failing instead when CI=true.</summary>
public sealed class RealFileFactAttribute : FactAttribute
{
    public RealFileFactAttribute()
    {
        if (RealFiles.Root is null && !IsCi)
        {
            Skip = RealFiles.MissingReason;
        }
    }

    internal static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}

/// <inheritdoc cref="RealFileFactAttribute"/>
public sealed class RealFileTheoryAttribute : TheoryAttribute
{
    public RealFileTheoryAttribute()
    {
        if (RealFiles.Root is null && !RealFileFactAttribute.IsCi)
        {
            Skip = RealFiles.MissingReason;
        }
    }
}
