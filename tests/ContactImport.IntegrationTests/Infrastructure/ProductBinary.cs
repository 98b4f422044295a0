using System.Diagnostics;

namespace ContactImport.IntegrationTests.Infrastructure;

/// <summary>
/// The product as a separate process: the Native AOT binary that ships, when <c>CONTACTIMPORT_TEST_BINARY</c>
/// names it (scripts/test.sh publishes it, so the service and UI tests run what users run), else the built
/// <c>contactimport.dll</c> next to the tests on the dotnet host running them.
/// </summary>
public static class ProductBinary
{
    public static string? Native =>
        Environment.GetEnvironmentVariable("CONTACTIMPORT_TEST_BINARY") is { Length: > 0 } path ? path : null;

    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        ProcessStartInfo info;
        if (Native is { } native)
        {
            File.Exists(native).Should().BeTrue("CONTACTIMPORT_TEST_BINARY must name the published binary");
            info = new ProcessStartInfo(native);
        }
        else
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "contactimport.dll");
            File.Exists(dll).Should().BeTrue("the project reference copies the service next to the tests");
            info = new ProcessStartInfo(DotnetHost());
            info.ArgumentList.Add(dll);
        }

        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    /// <summary>The <c>dotnet</c> host running the tests (the SDK exports its path), else the one on PATH.</summary>
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
