using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.OperationsLog;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace LiveReminder.Dashboard.Staff;

public sealed class AdminOptions
{
    public string? Email { get; set; }
    public string? Password { get; set; }

    /// <summary>
    /// Recovery when the only administrator forgot the password: with <see cref="Email"/> naming an existing administrator,
    /// start-up sets this password on that account (and lifts a lockout). Remove it after signing in.
    /// </summary>
    public string? ResetPassword { get; set; }
}

public static class StaffModule
{
    private static async Task ResetAdministratorPasswordAsync(WebApplication app, string email, string password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || !await users.IsInRoleAsync(user, StaffRoles.Admin))
        {
            throw new InvalidOperationException($"Admin:ResetPassword is set but Admin:Email ({email}) is no administrator; nothing was changed.");
        }
        var result = await scope.ServiceProvider.GetRequiredService<StaffAccounts>().ResetPasswordAsync(user.Id, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Admin:ResetPassword could not be set: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        await scope.ServiceProvider.GetRequiredService<OperationLog>()
            .WriteAsync(OperationAction.StaffPasswordReset, "staff", user.Id, user.Email);
        app.Logger.LogWarning("The password of administrator {Email} was reset from Admin:ResetPassword. Remove that setting now.", user.Email);
    }

    public const string AdminPolicy = "Admin";

    public static WebApplicationBuilder AddStaff(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "LiveReminder.Staff";
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/denied";
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
        });
        services.AddIdentityCore<StaffUser>(identity =>
            {
                identity.User.RequireUniqueEmail = true;
                identity.Password.RequiredLength = 8;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Lockout.AllowedForNewUsers = true;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        // Every endpoint needs a signed-in user unless it says otherwise (webhooks, public pages): staff by cookie,
        // or the platform by API key under /api (the default scheme picks by path, see ApiModule).
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, policy => policy.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(StaffRoles.Admin));

        services.AddOptions<AdminOptions>().BindConfiguration("Admin");
        services.AddScoped<StaffAccounts>();
        services.AddScoped<StaffSignIn>();
        return builder;
    }

    public static WebApplication MapStaff(this WebApplication app)
    {
        app.MapPost("/account/logout", async Task<IResult> (SignInManager<StaffUser> signIn, IAntiforgery antiforgery, HttpContext http) =>
        {
            // A cross-site form must not sign staff out.
            if (!await antiforgery.IsRequestValidAsync(http)) return TypedResults.BadRequest();
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/account/login");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>Creates the first administrator from Admin:Email/Admin:Password when set and nobody exists yet.</summary>
    public static async Task SeedFirstAdministratorAsync(this WebApplication app)
    {
        var admin = app.Configuration.GetSection("Admin").Get<AdminOptions>();
        if (!string.IsNullOrWhiteSpace(admin?.Email) && !string.IsNullOrEmpty(admin.ResetPassword))
        {
            await ResetAdministratorPasswordAsync(app, admin.Email, admin.ResetPassword);
        }
        if (string.IsNullOrWhiteSpace(admin?.Email) || string.IsNullOrEmpty(admin.Password)) return;
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<StaffAccounts>();
        if (await accounts.AnyAsync()) return;
        var result = await accounts.CreateFirstAdministratorAsync(admin.Email, admin.Password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Admin:Email/Admin:Password could not create the first administrator: "
                + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
