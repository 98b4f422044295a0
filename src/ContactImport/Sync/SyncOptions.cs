namespace ContactImport.Sync;

/// <summary>Section <c>ContactImport:Sync</c> (e.g. <c>CONTACTIMPORT_ContactImport__Sync__QuotaCapacity</c>).</summary>
public sealed class SyncOptions
{
    public const string Section = "ContactImport:Sync";

    /// <summary>Numbers (additions and removals) one request may carry; more is 413.</summary>
    public int MaxPerRequest { get; set; } = 5000;

    /// <summary>Numbers new to a user's set the user may add at once…</summary>
    public double QuotaCapacity { get; set; } = 20_000;

    /// <summary>…refilling this many a day.</summary>
    public double QuotaPerDay { get; set; } = 1_000;

    /// <summary>How long an old salt stays accepted after a rotation.</summary>
    public double SaltOverlapHours { get; set; } = 7 * 24;
}
