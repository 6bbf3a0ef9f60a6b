using Microsoft.AspNetCore.Identity;

namespace LiveReminder.Dashboard.Staff;

public class StaffUser : IdentityUser
{
    public string? DisplayName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public static class StaffRoles
{
    public const string Admin = "Admin";
}
