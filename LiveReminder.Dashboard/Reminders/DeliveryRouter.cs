using LiveReminder.Dashboard.Consents;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Shared;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;

namespace LiveReminder.Dashboard.Reminders;

/// <summary>Why a channel did not carry a delivery: joined into the delivery's Error, translated by <see cref="ReminderReasonText"/>.</summary>
public static class ChannelNotes
{
    public const string NoChannelPrefix = "no channel left: ";
    public const string NoOfficialAccountOpenId = "no Official Account openid";
    public const string NotAFollower = "not a follower (43004)";
    public const string TemplateRefused = "refused the reminder template (43101)";
    public const string NoMiniProgramAcceptance = "no unused mini-program subscribe message acceptance";
    public const string NoOfficialAccountAcceptance = "no unused Official Account subscribe notification acceptance";
    public const string MiniProgramUsedUp = "mini-program subscribe message: no acceptance left at WeChat (43101)";
    public const string OfficialAccountUsedUp = "Official Account subscribe notification: no acceptance left at WeChat (43101)";
    public const string MiniProgramQuota = "mini-program subscribe message: daily quota reached (45009)";
    public const string OfficialAccountQuota = "Official Account subscribe notification: daily quota reached (45009)";
    public const string UnfitPrefix = "values do not fit the keyword types: ";

    public static string NoAcceptance(DeliveryChannel channel) =>
        channel == DeliveryChannel.MiniProgramSubscribe ? NoMiniProgramAcceptance : NoOfficialAccountAcceptance;

    public static string UsedUp(DeliveryChannel channel) =>
        channel == DeliveryChannel.MiniProgramSubscribe ? MiniProgramUsedUp : OfficialAccountUsedUp;

    public static string Quota(DeliveryChannel channel) =>
        channel == DeliveryChannel.MiniProgramSubscribe ? MiniProgramQuota : OfficialAccountQuota;
}

/// <summary>
/// Picks, per delivery, the channel that still reaches the user (issue 17): the Official Account template (a follower
/// who has not refused it) → a mini-program subscribe message (an unused acceptance) → an Official Account subscribe
/// notification (an unused acceptance). A 43101 or 43004 falls through to the next channel in the same run; the daily
/// quota (45009, or the configured budget) shuts only the template channel. An acceptance is spent in the same
/// transaction that marks the delivery in flight, so it buys one send at most, also across a crash (a dispatch that
/// died with a subscribe send in flight does not resend it: that send fails as "outcome unknown").
/// One router per dispatch run.
/// </summary>
public sealed class DeliveryRouter
{
    private readonly DeliverySender _templates;
    private readonly SubscribeSender _subscribes;
    private readonly DeliveryOutbox _outbox;
    private readonly RenderedReminder _template;
    private readonly long _reminderId;
    private readonly bool _templateOnly;
    private readonly IReadOnlyList<SubscribeChannelMessage> _channels;
    private readonly Func<Func<PreparedCommands, Task<bool>>, Task<bool>> _write;
    private readonly TimeProvider _time;
    private readonly HashSet<DeliveryChannel> _closed = [];
    private long _templateAllowance;
    private DispatchStop? _templateClosed;

    public DeliveryRouter(
        DeliverySender templates, SubscribeSender subscribes, DeliveryOutbox outbox, RenderedReminder template, long reminderId,
        IReadOnlyList<SubscribeChannelMessage> channels, int? templateAllowance,
        Func<Func<PreparedCommands, Task<bool>>, Task<bool>> write, TimeProvider time)
    {
        _templates = templates;
        _subscribes = subscribes;
        _outbox = outbox;
        _template = template;
        _reminderId = reminderId;
        _channels = channels;
        _templateOnly = channels.Count == 0;
        _templateAllowance = templateAllowance ?? long.MaxValue;
        _write = write;
        _time = time;
    }

    /// <summary>Why the template channel closed in this run (daily quota or budget), else null.</summary>
    public DispatchStop? TemplateClosed => Volatile.Read(ref _templateClosed);

    public async Task<SendResult> SendAsync(PendingDelivery delivery, CancellationToken ct)
    {
        if (delivery.SubscriptionId is null || (delivery.OpenId is null && delivery.MiniProgramOpenId is null))
        {
            return Skipped(delivery, null, "subscription removed");
        }

        var notes = new List<string>(3);
        DeliveryChannel? tried = null;
        string? goneOpenId = null;
        int? errCode = null;
        var heldByQuota = false;
        if (delivery.OpenId is null) notes.Add(ChannelNotes.NoOfficialAccountOpenId);
        else if (delivery.FollowerGone && !_templateOnly) notes.Add(ChannelNotes.NotAFollower);
        else if (delivery.TemplateRefused && !_templateOnly) notes.Add(ChannelNotes.TemplateRefused);
        else if (TemplateClosed is { } closed)
        {
            notes.Add(closed.Reason);
            heldByQuota = true;
        }
        else if (Interlocked.Decrement(ref _templateAllowance) < 0)
        {
            var stop = new DispatchStop(ReminderStopReasons.DailyBudget, DeliverySender.NextWeChatDay(_time));
            Interlocked.CompareExchange(ref _templateClosed, stop, null);
            if (_templateOnly) return new SendResult(null, stop);
            notes.Add(stop.Reason);
            heldByQuota = true;
        }
        else
        {
            await _outbox.MarkAsync(delivery.Id, CancellationToken.None);
            var message = _template.ToMessage(delivery.OpenId, ReminderTemplate.ClientMsgId(_reminderId, delivery.SubscriptionId.Value));
            var result = await _templates.SendAsync(delivery, message, ct);
            tried = DeliveryChannel.Template;
            switch (result)
            {
                case { Stop.Reason: ReminderStopReasons.DailyQuota } when !_templateOnly:
                    Interlocked.CompareExchange(ref _templateClosed, result.Stop, null);
                    notes.Add(ReminderStopReasons.DailyQuota);
                    heldByQuota = true;
                    break;
                case { Outcome.ErrCode: WeChatErrorCodes.UserRefused }:
                    errCode = WeChatErrorCodes.UserRefused;
                    await _write(sql => Done(sql.MarkTemplateRefusedAsync(delivery.OpenId, _template.TemplateId, _time.GetUtcNow(), CancellationToken.None)));
                    if (_templateOnly) return result;
                    notes.Add(ChannelNotes.TemplateRefused);
                    break;
                case { Outcome.ErrCode: WeChatErrorCodes.RequireSubscribe } when !_templateOnly:
                    errCode = WeChatErrorCodes.RequireSubscribe;
                    goneOpenId = delivery.OpenId;
                    notes.Add(ChannelNotes.NotAFollower);
                    break;
                default:
                    return result;
            }
        }

        foreach (var channel in _channels)
        {
            var openId = channel.App == ConsentApp.MiniProgram ? delivery.MiniProgramOpenId : delivery.OpenId;
            if (openId is null) continue;
            if (channel.Unfit is { } unfit)
            {
                notes.Add(ChannelNotes.UnfitPrefix + unfit);
                continue;
            }
            if (_closed.Contains(channel.Channel))
            {
                notes.Add(ChannelNotes.Quota(channel.Channel));
                continue;
            }
            if (!await _write(sql => SpendAsync(sql, delivery.Id, channel, openId)))
            {
                notes.Add(ChannelNotes.NoAcceptance(channel.Channel));
                continue;
            }

            tried = channel.Channel;
            var sent = await _subscribes.SendAsync(channel, openId, ct);
            if (sent.Sent)
            {
                return new SendResult(new DeliveryOutcome(delivery.Id, DeliveryStatus.Sent, delivery.Attempts + 1, null, null,
                    sent.MsgId, _time.GetUtcNow(), goneOpenId, channel.Channel), null);
            }

            var error = sent.Error!;
            if (sent.Cancelled)
            {
                // The run is ending and WeChat did not take the message: the acceptance stays for the next run.
                await _write(sql => Done(sql.RefundAsync(channel.App, openId, channel.TemplateId, _time.GetUtcNow(), CancellationToken.None)));
                return new SendResult(null, null);
            }
            switch (error.ErrCode)
            {
                case WeChatErrorCodes.UserRefused:
                    errCode = WeChatErrorCodes.UserRefused;
                    await _write(sql => Done(sql.ExhaustAsync(channel.App, openId, channel.TemplateId, _time.GetUtcNow(), CancellationToken.None)));
                    notes.Add(ChannelNotes.UsedUp(channel.Channel));
                    continue;
                case WeChatErrorCodes.DailyQuota:
                    await _write(sql => Done(sql.RefundAsync(channel.App, openId, channel.TemplateId, _time.GetUtcNow(), CancellationToken.None)));
                    lock (_closed) _closed.Add(channel.Channel);
                    notes.Add(ChannelNotes.Quota(channel.Channel));
                    continue;
            }
            if (error.Kind == WeChatErrorKind.AccessRefused)
            {
                await _write(sql => Done(sql.RefundAsync(channel.App, openId, channel.TemplateId, _time.GetUtcNow(), CancellationToken.None)));
                return new SendResult(null, new DispatchStop(ColumnText.Fit(
                    $"{ReminderStopReasons.AccessRefusedPrefix}: {error.ErrCode} {error.ErrMsg}", Reminder.StopReasonMaxLength), _time.GetUtcNow().AddMinutes(30)));
            }
            // A timeout may have reached the user: the acceptance counts as spent. Anything WeChat refused itself is given back.
            if (!error.IsTimeout)
            {
                await _write(sql => Done(sql.RefundAsync(channel.App, openId, channel.TemplateId, _time.GetUtcNow(), CancellationToken.None)));
            }
            return new SendResult(new DeliveryOutcome(delivery.Id, DeliveryStatus.Failed, delivery.Attempts + 1, error.ErrCode,
                ColumnText.Fit($"{channel.Name}: {(error.IsTimeout ? "timeout" : error.ErrMsg)}", Delivery.ErrorMaxLength), null, null,
                goneOpenId, channel.Channel), null);
        }

        // Only the template's daily quota stood in the way: the delivery waits for tomorrow (the run stops with that reason).
        if (heldByQuota) return new SendResult(null, null);
        return Skipped(delivery, tried, ChannelNotes.NoChannelPrefix + string.Join("; ", notes), goneOpenId, errCode);
    }

    private static async Task<bool> Done(Task task)
    {
        await task;
        return true;
    }

    private async Task<bool> SpendAsync(PreparedCommands sql, long deliveryId, SubscribeChannelMessage channel, string openId)
    {
        var now = _time.GetUtcNow();
        if (!await sql.TrySpendAsync(channel.App, openId, channel.TemplateId, now, CancellationToken.None)) return false;
        return await sql.ExecuteAsync(MarkSql, CancellationToken.None, channel.Channel, now, deliveryId) > 0;
    }

    private const string MarkSql = """
        UPDATE "Deliveries" SET "Channel" = @p0, "DispatchedAt" = @p1 WHERE "Id" = @p2 AND "Status" = 'Pending'
        """;

    /// <param name="errCode">WeChat's last refusal on the way (43004, 43101), kept so the grid's errcode filter finds it.</param>
    private static SendResult Skipped(PendingDelivery delivery, DeliveryChannel? channel, string reason, string? goneOpenId = null, int? errCode = null) =>
        new(new DeliveryOutcome(delivery.Id, DeliveryStatus.Skipped, delivery.Attempts, errCode,
            ColumnText.Fit(reason, Delivery.ErrorMaxLength), null, null, goneOpenId, channel), null);
}
