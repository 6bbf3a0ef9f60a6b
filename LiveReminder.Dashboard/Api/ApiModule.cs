using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.OpenApi;

namespace LiveReminder.Dashboard.Api;

public static class ApiModule
{
    public const string Policy = "PlatformApi";
    public const string PathPrefix = "/api";

    /// <summary>The default scheme: the API key under /api, the staff cookie everywhere else.</summary>
    public const string StaffOrPlatformScheme = "StaffOrPlatform";

    public static bool IsApiRequest(HttpContext http) => http.Request.Path.StartsWithSegments(PathPrefix);

    public static WebApplicationBuilder AddPlatformApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section);
        // Unknown /api routes, 405 and 415 have no endpoint metadata and fall back to the default scheme:
        // choosing the API key there makes them problem details instead of the console's login redirect.
        services.AddAuthentication(StaffOrPlatformScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(StaffOrPlatformScheme, null, scheme => scheme.ForwardDefaultSelector = http =>
                IsApiRequest(http) ? ApiKeyAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser());
        services.AddProblemDetails();
        services.Configure<JsonOptions>(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "LiveReminder platform API";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "One of the keys configured in Api:Keys.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [],
            });
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>The group every platform endpoint hangs under: API key, problem details, OpenAPI.</summary>
    public static RouteGroupBuilder MapPlatformApiGroup(this IEndpointRouteBuilder app, string prefix) =>
        app.MapGroup(prefix).RequireAuthorization(Policy).WithTags(prefix.Trim('/'));

    public static WebApplication MapPlatformApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
