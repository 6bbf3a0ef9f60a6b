namespace LiveReminder.Dashboard.Tests.MultiInstance;

/// <summary>The two-instance checks on the default provider: two hosts on one SQLite file.</summary>
public sealed class SqliteTwoInstanceTests : TwoInstanceChecks
{
    protected override Task<SharedDatabase> NewDatabaseAsync() => SharedDatabase.SqliteAsync();

    [Fact]
    public Task Token_is_fetched_once_for_both_instances() => Both_instances_use_one_token_fetched_once();

    [Fact]
    public Task Reminder_reaches_each_of_1000_subscribers_once_across_instances() =>
        A_reminder_run_in_both_instances_reaches_each_of_1000_subscribers_exactly_once();

    [Fact]
    public Task Push_sent_to_both_instances_is_handled_once() =>
        The_same_push_sent_to_both_instances_is_handled_once_and_both_get_the_same_reply();

    [Fact]
    public Task Sign_in_cookies_protected_by_one_instance_are_read_by_the_other() => What_one_instance_protects_the_other_can_read();
}
