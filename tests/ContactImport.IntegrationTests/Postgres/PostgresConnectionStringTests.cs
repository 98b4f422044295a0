using ContactImport.Storage;
using ContactImport.Storage.Postgres;
using Npgsql;

namespace ContactImport.IntegrationTests.Postgres;

public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void A_postgres_url_becomes_a_connection_string_with_decoded_credentials_port_database_and_ssl_mode()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString(
            "postgres://alice:p%40ss%3Aword@db.example.com:6543/contacts_prod?sslmode=require&application_name=worker"));

        builder.Host.Should().Be("db.example.com");
        builder.Port.Should().Be(6543);
        builder.Username.Should().Be("alice");
        builder.Password.Should().Be("p@ss:word");
        builder.Database.Should().Be("contacts_prod");
        builder.SslMode.Should().Be(SslMode.Require);
        builder.ApplicationName.Should().Be("worker");
    }

    [Fact]
    public void A_postgresql_url_without_port_or_password_keeps_the_defaults()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgresql://bob@localhost/crm"));

        builder.Host.Should().Be("localhost");
        builder.Port.Should().Be(5432);
        builder.Username.Should().Be("bob");
        builder.Password.Should().BeNull();
        builder.Database.Should().Be("crm");
    }

    [Fact]
    public void An_ipv6_host_and_npgsql_keywords_in_the_query_are_understood()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString(
            "postgres://u:p@[::1]:5433/db?Maximum%20Pool%20Size=7&connect_timeout=3"));

        builder.Host.Should().Be("::1");
        builder.Port.Should().Be(5433);
        builder.MaxPoolSize.Should().Be(7);
        builder.Timeout.Should().Be(3);
    }

    [Fact]
    public void A_host_connection_string_passes_through()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString(
            "Host=10.0.0.5;Port=5544;Username=svc;Password=secret;Database=contacts"));

        builder.Host.Should().Be("10.0.0.5");
        builder.Port.Should().Be(5544);
        builder.Username.Should().Be("svc");
        builder.Password.Should().Be("secret");
        builder.Database.Should().Be("contacts");
    }

    [Theory]
    [InlineData("postgres://u@h/db", true)]
    [InlineData("postgresql://u@h/db", true)]
    [InlineData("Host=localhost;Database=x", true)]
    [InlineData("contactimport.db", false)]
    [InlineData("/var/data/contacts.db", false)]
    public void The_store_factory_tells_postgres_from_a_sqlite_file(string database, bool postgres) =>
        StoreFactory.IsPostgres(database).Should().Be(postgres);

    [Fact]
    public void A_malformed_url_is_a_clear_argument_error()
    {
        var act = () => PostgresUrl.ToConnectionString("postgres://[broken");

        act.Should().Throw<ArgumentException>().WithMessage("*PostgreSQL URL*");
    }
}
