using LiveReminder.Dashboard.Tests.TestHost;

namespace LiveReminder.Dashboard.Tests.MultiInstance;

/// <summary>The two-instance checks on PostgreSQL (a fresh database per test).</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresTwoInstanceTests : TwoInstanceChecks
{
    protected override Task<SharedDatabase> NewDatabaseAsync() => SharedDatabase.PostgresAsync();

    [PostgresFact]
    public Task Token_is_fetched_once_for_both_instances() => Both_instances_use_one_token_fetched_once();

    [PostgresFact]
    public Task Reminder_reaches_each_of_1000_subscribers_once_across_instances() =>
        A_reminder_run_in_both_instances_reaches_each_of_1000_subscribers_exactly_once();

    [PostgresFact]
    public Task Push_sent_to_both_instances_is_handled_once() =>
        The_same_push_sent_to_both_instances_is_handled_once_and_both_get_the_same_reply();

    [PostgresFact]
    public Task Sign_in_cookies_protected_by_one_instance_are_read_by_the_other() => What_one_instance_protects_the_other_can_read();
}
