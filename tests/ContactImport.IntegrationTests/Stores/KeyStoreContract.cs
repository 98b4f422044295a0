using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.Storage;

namespace ContactImport.IntegrationTests.Stores;

public sealed class SqliteKeyStoreTests() : KeyStoreContract(StoreKind.Sqlite);

public sealed class PostgresKeyStoreTests() : KeyStoreContract(StoreKind.Postgres);

/// <summary>The keys and users contract: create, authenticate, list, revoke, expire.</summary>
public abstract class KeyStoreContract(StoreKind kind) : StoreContract(kind)
{
    private IKeyStore Keys => Store.Keys;

    [Fact]
    public async Task Ensuring_a_user_twice_returns_the_same_id_and_other_companies_get_their_own()
    {
        var alice = await Keys.EnsureUserAsync(Company, "alice", None);
        var other = await Store.EnsureCompanyAsync("globex", None);

        (await Keys.EnsureUserAsync(Company, "alice", None)).Should().Be(alice);
        (await Keys.EnsureUserAsync(other, "alice", None)).Should().NotBe(alice);
    }

    [Fact]
    public async Task A_created_key_authenticates_as_its_user_and_company()
    {
        var user = await Keys.EnsureUserAsync(Company, "alice", None);

        var (info, key) = await Keys.CreateAsync(Company, user, KeyKinds.Api, "admin", null, None);

        key.Should().StartWith($"ci_{info.Prefix}_");
        info.Should().Match<ApiKeyInfo>(i => i.UserId == user && i.UserName == "alice" && i.Kind == KeyKinds.Api
            && i.RevokedAt == null && i.ExpiresAt == null);
        (await Keys.AuthenticateAsync(key, None)).Should().Be(new Principal(Company, user, "alice", info.Id, KeyKinds.Api, "admin"));
    }

    [Theory]
    [InlineData("member")]
    [InlineData("sync")]
    public async Task A_key_keeps_its_role_through_listing_and_authentication(string role)
    {
        var user = await Keys.EnsureUserAsync(Company, "alice", None);

        var (info, key) = await Keys.CreateAsync(Company, user, KeyKinds.Api, role, null, None);

        info.Role.Should().Be(role);
        (await Keys.ListAsync(Company, None)).Single().Role.Should().Be(role);
        (await Keys.AuthenticateAsync(key, None))!.Role.Should().Be(role);
    }

    [Fact]
    public async Task The_schema_refuses_a_role_that_does_not_exist()
    {
        var user = await Keys.EnsureUserAsync(Company, "alice", None);

        var create = () => Keys.CreateAsync(Company, user, KeyKinds.Api, "owner", null, None);

        await create.Should().ThrowAsync<System.Data.Common.DbException>();
        (await Keys.ListAsync(Company, None)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("")]
    public async Task A_key_with_a_wrong_secret_is_refused(string secret)
    {
        var user = await Keys.EnsureUserAsync(Company, "alice", None);
        var (info, _) = await Keys.CreateAsync(Company, user, KeyKinds.Api, "admin", null, None);

        (await Keys.AuthenticateAsync($"ci_{info.Prefix}_{secret}", None)).Should().BeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-key")]
    [InlineData("ci_short_secret")]
    [InlineData("xx_0123456789ab_secret")]
    public async Task A_malformed_or_unknown_key_is_refused(string key)
    {
        (await Keys.AuthenticateAsync(key, None)).Should().BeNull();
    }

    [Fact]
    public async Task A_revoked_key_is_refused_and_listed_as_revoked()
    {
        var user = await Keys.EnsureUserAsync(Company, "alice", None);
        var (info, key) = await Keys.CreateAsync(Company, user, KeyKinds.Api, "admin", null, None);

        (await Keys.RevokeAsync(Company, info.Id, None)).Should().BeTrue();

        (await Keys.AuthenticateAsync(key, None)).Should().BeNull();
        (await Keys.ListAsync(Company, None)).Single().RevokedAt.Should().NotBeNull();
        (await Keys.RevokeAsync(Company, info.Id, None)).Should().BeFalse("it is revoked already");
    }

    [Fact]
    public async Task A_company_cannot_revoke_another_companys_key()
    {
        var other = await Store.EnsureCompanyAsync("globex", None);
        var user = await Keys.EnsureUserAsync(other, "bob", None);
        var (info, key) = await Keys.CreateAsync(other, user, KeyKinds.Api, "admin", null, None);

        (await Keys.RevokeAsync(Company, info.Id, None)).Should().BeFalse();
        (await Keys.AuthenticateAsync(key, None)).Should().NotBeNull();
    }

    [Fact]
    public async Task An_expired_key_is_refused_and_one_not_yet_expired_is_accepted()
    {
        var user = await Keys.EnsureUserAsync(Company, "alice", None);
        var (_, expired) = await Keys.CreateAsync(Company, user, KeyKinds.Access, "admin", DateTimeOffset.UtcNow.AddSeconds(-1), None);
        var (_, valid) = await Keys.CreateAsync(Company, user, KeyKinds.Access, "admin", DateTimeOffset.UtcNow.AddMinutes(5), None);

        (await Keys.AuthenticateAsync(expired, None)).Should().BeNull();
        (await Keys.AuthenticateAsync(valid, None))!.KeyKind.Should().Be(KeyKinds.Access);
    }

    [Fact]
    public async Task Listing_shows_the_companys_api_keys_oldest_first_but_no_access_tokens()
    {
        var user = await Keys.EnsureUserAsync(Company, "alice", None);
        var other = await Store.EnsureCompanyAsync("globex", None);
        var first = (await Keys.CreateAsync(Company, user, KeyKinds.Api, "admin", null, None)).Info;
        await Keys.CreateAsync(Company, user, KeyKinds.Access, "admin", DateTimeOffset.UtcNow.AddMinutes(5), None);
        var second = (await Keys.CreateAsync(Company, user, KeyKinds.Api, "admin", null, None)).Info;
        await Keys.CreateAsync(other, await Keys.EnsureUserAsync(other, "bob", None), KeyKinds.Api, "admin", null, None);

        (await Keys.ListAsync(Company, None)).Select(k => k.Prefix).Should().Equal(first.Prefix, second.Prefix);
    }
}
