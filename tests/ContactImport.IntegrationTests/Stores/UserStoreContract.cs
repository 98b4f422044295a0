using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.Storage;

namespace ContactImport.IntegrationTests.Stores;

public sealed class SqliteUserStoreTests() : UserStoreContract(StoreKind.Sqlite);

public sealed class PostgresUserStoreTests() : UserStoreContract(StoreKind.Postgres);

/// <summary>The users contract: phones (as opaque blobs), verification, discoverability, display names, tenancy.</summary>
public abstract class UserStoreContract(StoreKind kind) : StoreContract(kind)
{
    private static readonly byte[] Blob = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    private static readonly byte[] OtherBlob = [9, 9, 9, 9];

    private IUserStore Users => Store.Users;

    [Fact]
    public async Task A_new_user_has_no_phone_and_is_discoverable()
    {
        var id = await Store.Keys.EnsureUserAsync(Company, "alice", None);

        var user = await Users.GetAsync(Company, id, None);

        user.Should().Be(new UserInfo(id, "alice", null, HasPhone: false, PhoneVerified: false, Discoverable: true, PhoneHint: null));
        (await Users.FindAsync(Company, "alice", None)).Should().Be(user);
    }

    [Fact]
    public async Task A_phone_is_stored_as_given_with_its_hint_and_replaced_by_the_next()
    {
        var id = await Store.Keys.EnsureUserAsync(Company, "alice", None);

        (await Users.SetPhoneAsync(Company, id, Blob, verified: true, "42", None)).Should().BeTrue();
        (await Users.GetAsync(Company, id, None)).Should().Match<UserInfo>(u => u.HasPhone && u.PhoneVerified && u.PhoneHint == "42");
        (await ReadVerifiedAsync(Company)).Should().ContainSingle().Which.Should().Match<(long Id, byte[] Blob)>(
            p => p.Id == id && p.Blob.SequenceEqual(Blob));

        (await Users.SetPhoneAsync(Company, id, OtherBlob, verified: false, "07", None)).Should().BeTrue();
        (await Users.GetAsync(Company, id, None)).Should().Match<UserInfo>(u => u.HasPhone && !u.PhoneVerified && u.PhoneHint == "07");
        (await ReadVerifiedAsync(Company)).Should().BeEmpty("an unverified phone never matches");
    }

    [Fact]
    public async Task Clearing_a_phone_removes_blob_hint_and_verification()
    {
        var id = await Store.Keys.EnsureUserAsync(Company, "alice", None);
        await Users.SetPhoneAsync(Company, id, Blob, verified: true, "42", None);

        (await Users.ClearPhoneAsync(Company, id, None)).Should().BeTrue();

        (await Users.GetAsync(Company, id, None)).Should().Match<UserInfo>(u => !u.HasPhone && !u.PhoneVerified && u.PhoneHint == null);
        (await ReadVerifiedAsync(Company)).Should().BeEmpty();
    }

    [Fact]
    public async Task Discoverability_and_display_name_are_kept_per_user()
    {
        var alice = await Store.Keys.EnsureUserAsync(Company, "alice", None);
        var bob = await Store.Keys.EnsureUserAsync(Company, "bob", None);

        (await Users.SetDiscoverableAsync(Company, alice, false, None)).Should().BeTrue();
        (await Users.SetDisplayNameAsync(Company, bob, "Bob B.", None)).Should().BeTrue();

        (await Users.GetAsync(Company, alice, None))!.Discoverable.Should().BeFalse();
        (await Users.GetAsync(Company, bob, None)).Should().Match<UserInfo>(u => u.Discoverable && u.DisplayName == "Bob B.");
        (await Users.SetDiscoverableAsync(Company, alice, true, None)).Should().BeTrue();
        (await Users.GetAsync(Company, alice, None))!.Discoverable.Should().BeTrue();
    }

    [Fact]
    public async Task Another_companys_user_is_neither_found_nor_changed()
    {
        var other = await Store.EnsureCompanyAsync("globex", None);
        var bob = await Store.Keys.EnsureUserAsync(other, "bob", None);
        await Users.SetPhoneAsync(other, bob, Blob, verified: true, "42", None);

        (await Users.GetAsync(Company, bob, None)).Should().BeNull();
        (await Users.FindAsync(Company, "bob", None)).Should().BeNull();
        (await Users.SetPhoneAsync(Company, bob, OtherBlob, verified: true, "07", None)).Should().BeFalse();
        (await Users.ClearPhoneAsync(Company, bob, None)).Should().BeFalse();
        (await Users.SetDiscoverableAsync(Company, bob, false, None)).Should().BeFalse();
        (await Users.SetDisplayNameAsync(Company, bob, "x", None)).Should().BeFalse();
        (await ReadVerifiedAsync(Company)).Should().BeEmpty();

        (await Users.GetAsync(other, bob, None)).Should().Match<UserInfo>(u => u.PhoneHint == "42" && u.Discoverable && u.DisplayName == null);
        (await ReadVerifiedAsync(other)).Single().Blob.Should().Equal(Blob);
    }

    [Fact]
    public async Task Listing_pages_through_the_companys_users_in_id_order()
    {
        var ids = new List<long>();
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            ids.Add(await Store.Keys.EnsureUserAsync(Company, name, None));
        }

        await Store.Keys.EnsureUserAsync(await Store.EnsureCompanyAsync("globex", None), "z", None);

        var first = await Users.ListAsync(Company, 0, 2, None);
        var second = await Users.ListAsync(Company, first[^1].Id, 2, None);
        var last = await Users.ListAsync(Company, second[^1].Id, 2, None);

        first.Concat(second).Concat(last).Select(u => u.Id).Should().Equal(ids);
        last.Should().ContainSingle();
    }

    [Fact]
    public async Task Verified_phones_stream_in_user_id_order_discoverable_or_not()
    {
        var alice = await Store.Keys.EnsureUserAsync(Company, "alice", None);
        var bob = await Store.Keys.EnsureUserAsync(Company, "bob", None);
        var carol = await Store.Keys.EnsureUserAsync(Company, "carol", None);
        await Users.SetPhoneAsync(Company, carol, OtherBlob, verified: true, "11", None);
        await Users.SetPhoneAsync(Company, alice, Blob, verified: true, "22", None);
        await Users.SetPhoneAsync(Company, bob, Blob, verified: false, "33", None);
        await Users.SetDiscoverableAsync(Company, alice, false, None);

        (await ReadVerifiedAsync(Company)).Select(p => p.Id).Should().Equal(alice, carol);
    }

    [Fact]
    public async Task The_schema_refuses_a_verified_flag_without_a_phone_and_a_hint_that_is_not_two_digits()
    {
        var id = await Store.Keys.EnsureUserAsync(Company, "alice", None);

        var longHint = () => Users.SetPhoneAsync(Company, id, Blob, verified: true, "1234", None);
        await longHint.Should().ThrowAsync<System.Data.Common.DbException>();
        var verifiedWithoutPhone = () => Db.ExecuteAsync($"UPDATE users SET phone_verified = {(Kind == StoreKind.Sqlite ? "1" : "true")} WHERE id = {id}");
        await verifiedWithoutPhone.Should().ThrowAsync<System.Data.Common.DbException>();
        (await Users.GetAsync(Company, id, None))!.HasPhone.Should().BeFalse();
    }

    [Fact]
    public async Task A_key_written_before_roles_existed_is_an_admin_key()
    {
        var user = await Store.Keys.EnsureUserAsync(Company, "alice", None);

        await Db.ExecuteAsync(
            "INSERT INTO api_keys (company_id, user_id, prefix, secret_hash, kind, created_at) " +
            $"VALUES ({Company}, {user}, 'abcdefabcdef', 'x', 'api', {(Kind == StoreKind.Sqlite ? "0" : "now()")})");

        (await Store.Keys.ListAsync(Company, None)).Single().Role.Should().Be("admin");
    }

    [Fact]
    public async Task The_company_name_is_read_by_id()
    {
        (await Users.CompanyNameAsync(Company, None)).Should().Be("acme");
        (await Users.CompanyNameAsync(Company + 1000, None)).Should().BeNull();
    }

    private async Task<List<(long Id, byte[] Blob)>> ReadVerifiedAsync(long company)
    {
        var list = new List<(long, byte[])>();
        await foreach (var phone in Users.ReadVerifiedPhonesAsync(company, None))
        {
            list.Add(phone);
        }

        return list;
    }
}
