using LiveReminder.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>
/// The outbox mark: a delivery still Pending with <see cref="Delivery.DispatchedAt"/> set after its run died may have
/// reached WeChat. The dispatch feed stamps each chunk of deliveries (one UPDATE) just before handing it to the
/// senders, so no send waits for a commit of its own. The price: the chunks a crash interrupts count as maybe-sent
/// although some were not sent yet. A run resuming within WeChat's client_msg_id guard simply sends them (WeChat drops
/// the repeats of those that were); only a run resuming after the guard fails them as "outcome unknown".
/// </summary>
public sealed class DeliveryOutbox(IDbContextFactory<AppDbContext> dbFactory, DatabaseWriteGate writeGate, TimeProvider time)
{
    /// <summary>Returns once the marks are saved; only then may the deliveries be sent.</summary>
    public async Task MarkAsync(IReadOnlyCollection<long> deliveryIds, CancellationToken ct)
    {
        var ids = deliveryIds.ToList();
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        using var writing = await writeGate.EnterAsync(ct);
        // The first mark stays: WeChat's client_msg_id guard runs from the first send.
        await db.Deliveries.Where(d => ids.Contains(d.Id) && d.DispatchedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.DispatchedAt, now), ct);
    }
}
