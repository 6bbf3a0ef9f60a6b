using System.Security.Claims;
using System.Text.Json;
using System.Text.Encodings.Web;
using LiveReminder.Dashboard.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.OperationsLog;

/// <summary>
/// Writes the operations log. Any feature calls it in one line after the change succeeded; who did it comes from the
/// signed-in staff member of the circuit (or request), so call sites never pass a user.
/// </summary>
public sealed class OperationLog(
    IDbContextFactory<AppDbContext> dbFactory,
    IServiceProvider services,
    IHttpContextAccessor http,
    TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep Chinese readable in the before/after columns
    };

    public async Task WriteAsync(
        OperationAction action, string targetType, object? targetId, string? targetName,
        object? before = null, object? after = null, CancellationToken ct = default)
    {
        var user = await CurrentUserAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Set<OperationEntry>().Add(new OperationEntry
        {
            At = time.GetUtcNow(),
            UserId = user?.FindFirstValue(ClaimTypes.NameIdentifier),
            UserName = user?.Identity?.Name ?? "system",
            Action = action,
            TargetType = targetType,
            TargetId = targetId?.ToString(),
            TargetName = Truncate(targetName, 256),
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        });
        await db.SaveChangesAsync(ct);
    }

    private async Task<ClaimsPrincipal?> CurrentUserAsync()
    {
        // In a Blazor circuit the HttpContext is the long-gone first request; the circuit's authentication state is current.
        if (services.GetService<AuthenticationStateProvider>() is { } provider)
        {
            try
            {
                var state = await provider.GetAuthenticationStateAsync();
                if (state.User.Identity?.IsAuthenticated == true) return state.User;
            }
            catch (InvalidOperationException)
            {
                // Outside a circuit (an HTTP endpoint) the provider has no state; the request's user is the one.
            }
        }
        return http.HttpContext?.User is { Identity.IsAuthenticated: true } requestUser ? requestUser : null;
    }

    private static string? Truncate(string? text, int length) => text is { Length: > 0 } && text.Length > length ? text[..length] : text;
}
