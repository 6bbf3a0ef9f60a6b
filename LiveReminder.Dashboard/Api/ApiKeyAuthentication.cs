using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Api;

public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Accepted X-Api-Key values; an empty list refuses every API call.</summary>
    public List<string> Keys { get; set; } = [];
}

/// <summary>Authenticates the platform's backend by its X-Api-Key header, compared in constant time.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiOptions> api,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>Which configured key matched, by position ("0", "1", …): rate limits count per key without holding the key.</summary>
    public const string KeyClaim = "api_key_index";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var presented) || string.IsNullOrEmpty(presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var presentedBytes = Encoding.UTF8.GetBytes(presented.ToString());
        var keys = api.CurrentValue.Keys;
        var matched = -1;
        for (var i = 0; i < keys.Count; i++)
        {
            // Check every key so the time taken does not tell which one came close.
            if (!string.IsNullOrEmpty(keys[i]) && CryptographicOperations.FixedTimeEquals(presentedBytes, Encoding.UTF8.GetBytes(keys[i]))) matched = i;
        }
        if (matched < 0)
        {
            Logger.LogWarning("API call refused: wrong X-Api-Key from {RemoteIp}", Context.Connection.RemoteIpAddress);
            return Task.FromResult(AuthenticateResult.Fail("Wrong API key."));
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "platform"), new Claim(KeyClaim, matched.ToString(System.Globalization.CultureInfo.InvariantCulture))], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = HeaderName;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "API key required",
                Detail = $"Send a valid key in the {HeaderName} header.",
            },
        });
    }
}
