using ContactImport.Core.Normalization;
using ContactImport.Core.Sync;
using ContactImport.Storage;

namespace ContactImport.Sync;

/// <summary>
/// A request's numbers as keyed hashes: a phone is normalized to E.164 by libphonenumber and hashed with the salt
/// (<c>h</c>), a hash is taken as <c>h</c>; then <c>k = HMAC(K_company, h)</c>. The raw number lives only in this
/// request's memory. Repeats of a number in one request count as unchanged; what is neither is invalid.
/// </summary>
internal sealed class SyncNumbers(string salt, byte[] companyKey, string? region) : IDisposable
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
    private readonly PhoneHash.Keyer _keyer = new(companyKey);

    /// <summary>The client's <c>h</c> of each addition, by <see cref="SyncEntry.Index"/>.</summary>
    public List<string> Hashes { get; } = [];

    public List<SyncEntry> Adds { get; } = [];

    public List<byte[]> Removals { get; } = [];

    public int Invalid { get; private set; }

    public int Repeated { get; private set; }

    public void AddAll(IReadOnlyList<string>? phones, IReadOnlyList<string>? hashes, IReadOnlyList<SyncJson.Item>? items)
    {
        foreach (var phone in phones ?? [])
        {
            AddPhone(phone, false);
        }

        foreach (var hash in hashes ?? [])
        {
            AddHash(hash, false);
        }

        foreach (var item in items ?? [])
        {
            if (item is null || (item.Phone is null) == (item.Hash is null))
            {
                Add(null, false); // exactly one of phone and hash: anything else is invalid
            }
            else if (item.Phone is not null)
            {
                AddPhone(item.Phone, item.IsFavorite);
            }
            else
            {
                AddHash(item.Hash, item.IsFavorite);
            }
        }
    }

    public void AddPhone(string? phone, bool favorite) => Add(HashOf(phone), favorite);

    public void AddHash(string? hash, bool favorite) => Add(hash is not null && PhoneHash.IsClientHash(hash) ? hash : null, favorite);

    /// <summary>A removal is an <c>h</c> or a phone number.</summary>
    public void Remove(string? value)
    {
        var h = value is not null && PhoneHash.IsClientHash(value) ? value : HashOf(value);
        if (h is null)
        {
            Invalid++;
        }
        else if (!_seen.ContainsKey(h))
        {
            // An addition of the same number in this request wins over its removal.
            _seen[h] = -1;
            Removals.Add(_keyer.Key(h));
        }
    }

    private void Add(string? h, bool favorite)
    {
        if (h is null)
        {
            Invalid++;
            return;
        }

        if (_seen.TryGetValue(h, out var index) && index >= 0)
        {
            Repeated++;
            return;
        }

        if (index < 0 && _seen.ContainsKey(h))
        {
            var keyed = _keyer.Key(h);
            Removals.Remove(Removals.First(k => k.AsSpan().SequenceEqual(keyed)));
        }

        _seen[h] = Hashes.Count;
        Adds.Add(new SyncEntry(Hashes.Count, _keyer.Key(h), favorite));
        Hashes.Add(h);
    }

    private string? HashOf(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        // Without a default country only international numbers (+…) can be read; the region then does not matter.
        var trimmed = phone.TrimStart();
        var parseRegion = region ?? (trimmed.StartsWith('+') ? "US" : null);
        return parseRegion is not null && Phones.TryNormalize(phone, parseRegion, out var e164, out _)
            ? PhoneHash.ClientHash(salt, e164)
            : null;
    }

    public void Dispose() => _keyer.Dispose();
}
