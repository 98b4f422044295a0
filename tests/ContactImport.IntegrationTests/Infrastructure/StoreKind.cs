using System.Reflection;
using Xunit.Sdk;

namespace ContactImport.IntegrationTests.Infrastructure;

/// <summary>The two stores every contract test runs against.</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
}

/// <summary>Theory data: each test runs once per store, e.g. <c>Test(store: Sqlite)</c> and <c>Test(store: Postgres)</c>.</summary>
public static class StoreTheories
{
    public static TheoryData<StoreKind> Both => new() { StoreKind.Sqlite, StoreKind.Postgres };

    /// <summary>Every store combined with every case: <c>Test(store, case)</c>.</summary>
    public static TheoryData<StoreKind, string> BothWith(IEnumerable<string> cases)
    {
        var data = new TheoryData<StoreKind, string>();
        foreach (var c in cases)
        {
            data.Add(StoreKind.Sqlite, c);
            data.Add(StoreKind.Postgres, c);
        }

        return data;
    }
}

/// <summary><c>[Theory, BothStores]</c>: the test runs once against SQLite and once against PostgreSQL.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BothStoresAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
    [
        [StoreKind.Sqlite],
        [StoreKind.Postgres],
    ];
}
