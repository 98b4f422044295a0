using ContactImport.Core.Normalization;

namespace ContactImport.Tests.Normalization;

public sealed class WebsitesTests
{
    [Theory]
    [InlineData("example.com")]
    [InlineData("www.example.com/about?x=1#top")]
    [InlineData("https://example.com")]
    [InlineData("http://example.co.uk:8080/path")]
    [InlineData("bücher.de")]
    [InlineData("ftp://files.example.org")]
    public void A_host_with_a_dot_is_a_website_with_or_without_scheme(string value) =>
        Websites.IsValid(value, out _).Should().BeTrue();

    [Theory]
    [InlineData("localhost", "host with a dot")]
    [InlineData("https://intranet/home", "host with a dot")]
    [InlineData("example .com", "no spaces")]
    [InlineData("jane@example.com", "e-mail address")]
    [InlineData("mailto:jane@example.com", "e-mail address")]
    [InlineData(".example.com", "host with a dot")]
    [InlineData("example..com", "host with a dot")]
    [InlineData("example.com:http", "port")]
    [InlineData("ht tp://example.com", "no spaces")]
    [InlineData("1http://example.com", "scheme")]
    public void Anything_else_is_refused_with_the_reason(string value, string reason)
    {
        Websites.IsValid(value, out var why).Should().BeFalse();
        why.Should().Contain(reason);
    }
}
