namespace ContactImport.Core.Sync;

/// <summary>Numbers new to a user's set each user may add: a bucket of <see cref="Capacity"/> that refills
/// <see cref="PerDay"/> a day (Signal-style discovery quota: enumeration costs time).</summary>
public sealed record SyncQuotaPolicy(double Capacity, double PerDay)
{
    /// <summary>The bucket at <paramref name="now"/>, from its level <paramref name="tokens"/> at <paramref name="at"/>.</summary>
    public double Level(double tokens, DateTimeOffset at, DateTimeOffset now) =>
        Math.Min(Capacity, tokens + Math.Max(0, (now - at).TotalDays) * PerDay);

    /// <summary>When a bucket at <paramref name="level"/> is full again.</summary>
    public DateTimeOffset FullAt(double level, DateTimeOffset now) =>
        level >= Capacity || PerDay <= 0 ? now : now + TimeSpan.FromDays((Capacity - level) / PerDay);

    /// <summary>How long until <paramref name="needed"/> numbers fit (the whole bucket when more than it holds).</summary>
    public TimeSpan WaitFor(double needed, double level)
    {
        var missing = Math.Min(needed, Capacity) - level;
        return missing <= 0 || PerDay <= 0 ? TimeSpan.Zero : TimeSpan.FromDays(missing / PerDay);
    }
}
