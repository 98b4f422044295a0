using ContactImport.IntegrationTests.Infrastructure;

namespace ContactImport.IntegrationTests.Sqlite;

public sealed class SqliteMigrationTests
{
    /// <summary>
    /// Migration 003 drops the index on imported_from: rollbacks walk the range of ids kept on the imports row instead.
    /// An import made before it has no range; the migration fills it in from the contacts.
    /// </summary>
    [Fact]
    public async Task An_import_made_before_migration_3_can_still_be_rolled_back_completely()
    {
        await using var db = await StoreDatabase.CreateAsync(StoreKind.Sqlite);
        await TestCli.ImportAsync(db, db.Csv("email,first_name", "keep@example.com,Keep"));
        var kept = await db.ContactsAsync();
        var old = await TestCli.ImportAsync(db, db.Csv(
            ["email,first_name", .. Enumerable.Range(1, 50).Select(i => $"n{i}@example.com,N{i}")]), "--batch-size", "7");
        // Back to schema version 2, as an older release left it.
        await db.ExecuteAsync("""
            DROP INDEX ux_contacts_external_id;
            CREATE UNIQUE INDEX ux_contacts_external_id ON contacts (company_id, external_id);
            CREATE INDEX ix_contacts_imported_from ON contacts (imported_from) WHERE imported_from IS NOT NULL;
            ALTER TABLE imports DROP COLUMN first_contact_id;
            ALTER TABLE imports DROP COLUMN last_contact_id;
            DELETE FROM schema_migrations WHERE version = 3;
            """);

        var migrate = await TestCli.RunAsync(db, "migrate");
        var rollback = await TestCli.RunAsync(db, "rollback", old.ImportId.ToString(), "--json");

        migrate.ExitCode.Should().Be(0, migrate.ToString());
        rollback.ExitCode.Should().Be(0, rollback.ToString());
        rollback.Long("contacts_removed").Should().Be(50);
        (await db.ContactsAsync()).Should().Equal(kept);
    }
}
