using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Staff;

public sealed record StaffMember(string Id, string Email, string? DisplayName, bool IsAdmin, DateTimeOffset CreatedAt, DateTimeOffset? LockedOutUntil);

/// <summary>Staff accounts: the first administrator, adding staff, resetting passwords.</summary>
public sealed class StaffAccounts(UserManager<StaffUser> users, RoleManager<IdentityRole> roles, TimeProvider time)
{
    // Two first-run submissions at once must not both become administrators.
    private static readonly SemaphoreSlim FirstAdministratorGate = new(1, 1);

    public Task<bool> AnyAsync() => users.Users.AnyAsync();

    public async Task<IdentityResult> CreateFirstAdministratorAsync(string email, string password)
    {
        await FirstAdministratorGate.WaitAsync();
        try
        {
            if (await AnyAsync())
            {
                return IdentityResult.Failed(new IdentityError { Code = "AlreadySetUp", Description = "An account already exists." });
            }
            return await CreateAsync(email, password, displayName: null, isAdmin: true);
        }
        finally
        {
            FirstAdministratorGate.Release();
        }
    }

    public async Task<IdentityResult> CreateAsync(string email, string password, string? displayName, bool isAdmin)
    {
        var user = new StaffUser
        {
            UserName = email.Trim(),
            Email = email.Trim(),
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(),
            CreatedAt = time.GetUtcNow(),
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded || !isAdmin) return result;
        if (!await roles.RoleExistsAsync(StaffRoles.Admin))
        {
            await roles.CreateAsync(new IdentityRole(StaffRoles.Admin));
        }
        return await users.AddToRoleAsync(user, StaffRoles.Admin);
    }

    public async Task<IReadOnlyList<StaffMember>> ListAsync()
    {
        var admins = (await users.GetUsersInRoleAsync(StaffRoles.Admin)).Select(u => u.Id).ToHashSet();
        var all = await users.Users.OrderBy(u => u.Email).ToListAsync();
        return all.Select(u => new StaffMember(u.Id, u.Email ?? u.UserName ?? "", u.DisplayName, admins.Contains(u.Id), u.CreatedAt, u.LockoutEnd)).ToList();
    }

    /// <summary>Lifts a lockout and forgets the failed attempts that led to it.</summary>
    public async Task<IdentityResult> UnlockAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return IdentityResult.Failed(new IdentityError { Code = "NotFound", Description = "No such staff member." });
        var result = await users.SetLockoutEndDateAsync(user, null);
        return result.Succeeded ? await users.ResetAccessFailedCountAsync(user) : result;
    }

    public async Task<IdentityResult> ResetPasswordAsync(string userId, string newPassword)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return IdentityResult.Failed(new IdentityError { Code = "NotFound", Description = "No such staff member." });
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (result.Succeeded) await users.SetLockoutEndDateAsync(user, null);
        return result;
    }
}

public static class StaffAccountsScope
{
    /// <summary>
    /// Runs one staff operation in its own DI scope: UserManager holds a DbContext, and a Blazor circuit's scope
    /// lives as long as the browser tab.
    /// </summary>
    public static async Task<T> WithStaffAccountsAsync<T>(this IServiceScopeFactory scopes, Func<StaffAccounts, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<StaffAccounts>());
    }
}
