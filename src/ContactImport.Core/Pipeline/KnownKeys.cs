using ContactImport.Core.Contacts;
using ContactImport.Core.Mapping;
using ContactImport.Core.Merging;

namespace ContactImport.Core.Pipeline;

/// <summary>What one import run knows about the keys of its company's contacts.</summary>
public enum KnownKeysState
{
    /// <summary>Not checked yet: the first batch finds out whether the company starts empty.</summary>
    Unchecked,
    /// <summary>Every key of the company is in the filter: look-ups skip the keys it proves absent.</summary>
    Complete,
    /// <summary>
    /// The company had contacts, or another writer changed them: full look-ups, but the write epoch still shows
    /// whether anyone wrote between two batches, which is all deciding the next batch ahead needs.
    /// </summary>
    EpochOnly,
    /// <summary>The store cannot tell (no write epoch): full look-ups, nothing decided ahead.</summary>
    Off,
}

/// <summary>
/// Skips look-ups that cannot find anything. An import into an empty company (the common first import) would
/// otherwise probe three indexes for every row only to learn that the contact is new — measured on PostgreSQL,
/// a fifth of the import's time. The run keeps a Bloom filter of every key it wrote; while the store's
/// write epoch shows that nobody else changed the company's contacts since the run's last batch, a key the
/// filter has never seen cannot exist, so only keys it may have seen (in-file duplicates, false positives) are
/// looked up. Any doubt — the company was not empty, another writer's epoch, a store without an epoch — turns
/// the filter off for the rest of the run: correctness never depends on it, only speed. The epoch alone still
/// tells whether the next batch may be decided ahead (<see cref="LookAhead"/>), which in an update re-import is
/// the batch's whole look-up and decision.
/// </summary>
public sealed class KnownKeys
{
    // 4 MB of bits: about 1% false positives at 3M keys (a 1M-row file), and it degrades into more look-ups —
    // never wrong answers — on larger files. Fixed size, so memory stays flat with the file. Blocked: a key's bits
    // all lie in one 64-byte block, so a probe costs one cache miss instead of up to four (checking a batch's keys
    // was 2% of a SQLite import, on the writing thread; the gain was within the benchmark's noise).
    private const int Bits = 1 << 25;
    private const int BlockBits = 512;
    private const int Blocks = Bits / BlockBits;
    private const int Hashes = 4;

    private ulong[]? _bits;
    private long _epoch;
    private long _pendingEpoch;

    public KnownKeysState State { get; private set; } = KnownKeysState.Unchecked;

    /// <summary>Whether <see cref="ConfirmAsync"/> can prove that nobody else wrote since the run's last batch.</summary>
    public bool TracksEpoch => State is KnownKeysState.Complete or KnownKeysState.EpochOnly;

    /// <summary>The batch's look-up keys, without those proven absent. Call inside the batch's transaction.</summary>
    public async Task<BatchKeys> NarrowAsync(IBatchScope scope, BatchKeys keys, CancellationToken ct)
    {
        await ConfirmAsync(scope, ct);
        return Narrow(keys);
    }

    /// <summary>
    /// Whether nobody else wrote since the run's last batch (and, in <see cref="KnownKeysState.Complete"/>, the filter
    /// still holds every key of the company). Call inside the batch's transaction, first thing (the epoch read keeps
    /// other writers out until it ends).
    /// </summary>
    public async Task<bool> ConfirmAsync(IBatchScope scope, CancellationToken ct)
    {
        if (State == KnownKeysState.Off)
        {
            return false;
        }

        var epoch = await scope.ReadWriteEpochAsync(ct);
        if (epoch is null)
        {
            Off();
            return false;
        }

        switch (State)
        {
            case KnownKeysState.Unchecked when await scope.CompanyHasContactsAsync(ct):
                FilterOff();
                return false;
            case KnownKeysState.Unchecked:
                State = KnownKeysState.Complete;
                _bits = new ulong[Bits / 64];
                return true;
            case KnownKeysState.Complete when epoch != _epoch:
                // Another writer's keys are not in the filter: it can no longer prove any key absent.
                FilterOff();
                return false;
            default:
                return epoch == _epoch;
        }
    }

    /// <summary>The keys the filter does not prove absent, as of the current batch's confirmation (no store access).</summary>
    public BatchKeys Narrow(BatchKeys keys) => State == KnownKeysState.Complete ? keys.Where(MayContain) : keys;

    /// <summary>
    /// Adds the keys the batch writes, on another core while the store writes them (await it before the next
    /// batch). Keys of a batch that then fails stay in the filter: that only costs a look-up.
    /// </summary>
    public Task RememberAsync(BatchPlan plan)
    {
        if (State != KnownKeysState.Complete)
        {
            return Task.CompletedTask;
        }

        return Task.Run(() =>
        {
            foreach (var values in plan.Inserts)
            {
                Add(values);
            }

            foreach (var update in plan.Updates)
            {
                Add(update.After);
            }
        });
    }

    /// <summary>Reads the epoch after the batch's own writes; call after them, inside its transaction.</summary>
    public async Task RecordAsync(IBatchScope scope, CancellationToken ct)
    {
        if (!TracksEpoch)
        {
            return;
        }

        // The epoch after this batch's own writes; it becomes the baseline only once the batch commits.
        if (await scope.ReadWriteEpochAsync(ct) is { } epoch)
        {
            _pendingEpoch = epoch;
        }
        else
        {
            Off();
        }
    }

    /// <summary>The batch committed: its epoch is what the next batch must find.</summary>
    public void Committed() => _epoch = _pendingEpoch;

    private void Off()
    {
        State = KnownKeysState.Off;
        _bits = null;
    }

    private void FilterOff()
    {
        State = KnownKeysState.EpochOnly;
        _bits = null;
    }

    private void Add(ContactValues v)
    {
        if (v.ExternalId is { } e)
        {
            Set(KeyKind.ExternalId, e);
        }

        if (v.Email is { } m)
        {
            Set(KeyKind.Email, m);
        }

        if (v.PhoneKey is { } p)
        {
            Set(KeyKind.Phone, p);
        }
    }

    private void Set(KeyKind kind, string key)
    {
        var (block, bits) = Hash(kind, key);
        for (var i = 0; i < Hashes; i++, bits >>= 9)
        {
            var (word, mask) = Bit(block, bits);
            _bits![word] |= mask;
        }
    }

    private bool MayContain(KeyKind kind, string key)
    {
        var (block, bits) = Hash(kind, key);
        for (var i = 0; i < Hashes; i++, bits >>= 9)
        {
            var (word, mask) = Bit(block, bits);
            if ((_bits![word] & mask) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The bit named by the low 9 bits of <paramref name="bits"/> within the block: its word and mask.</summary>
    private static (int Word, ulong Mask) Bit(int block, ulong bits)
    {
        var bit = (int)(bits & (BlockBits - 1));
        return (block + (bit >> 6), 1UL << (bit & 63));
    }

    /// <summary>
    /// The key's block (the index of its first word) and four 9-bit positions within it: the string's (vectorized,
    /// per-process) hash, spread by a 64-bit finalizer salted with the key's kind.
    /// </summary>
    private static (int Block, ulong Bits) Hash(KeyKind kind, string key)
    {
        var x = (ulong)(uint)key.GetHashCode(StringComparison.Ordinal) ^ ((ulong)kind + 1) * 0x9E3779B97F4A7C15UL;
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        x ^= x >> 33;
        return ((int)(x % Blocks) * (BlockBits / 64), x >> 16);
    }
}
