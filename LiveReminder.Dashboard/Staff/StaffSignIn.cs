using Microsoft.AspNetCore.Identity;

namespace LiveReminder.Dashboard.Staff;

/// <summary>
/// Password sign-in that tells an attacker nothing: unknown, locked and known emails cost one password hash each
/// and answer alike. Administrators are never locked out (anyone could keep them out by guessing wrong);
/// guessing is bounded by the per-address limit on the sign-in form instead (SecurityModule).
/// </summary>
public sealed class StaffSignIn(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, IPasswordHasher<StaffUser> hasher)
{
    private static readonly StaffUser Nobody = new();
    private static string? _dummyHash;

    public async Task<bool> SignInAsync(string email, string password, bool rememberMe)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            HashForNothing(password);
            return false;
        }

        var isAdmin = await users.IsInRoleAsync(user, StaffRoles.Admin);
        if (isAdmin && await users.GetLockoutEnabledAsync(user))
        {
            await users.SetLockoutEnabledAsync(user, false);
        }
        var result = await signIn.PasswordSignInAsync(user, password, rememberMe, lockoutOnFailure: !isAdmin);
        // A locked account is refused before its password is checked.
        if (result.IsLockedOut) HashForNothing(password);
        return result.Succeeded;
    }

    private void HashForNothing(string password)
    {
        _dummyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(Nobody, _dummyHash, password);
    }
}
