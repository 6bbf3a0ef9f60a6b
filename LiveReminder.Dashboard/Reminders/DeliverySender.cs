using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Shared;
using LiveReminder.Dashboard.WeChat;
using LiveReminder.Dashboard.WeChat.Api;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Reminders;

/// <param name="FollowerGone">WeChat said (43004) the Official Account follower left.</param>
/// <param name="TemplateRefused">A template send answered 43101: the user refused the reminder template.</param>
public sealed record PendingDelivery(
    long Id, long? SubscriptionId, string? OpenId, int Attempts,
    string? MiniProgramOpenId = null, bool FollowerGone = false, bool TemplateRefused = false);

/// <summary>How one delivery ended; <see cref="GoneOpenId"/> is set when WeChat says the follower left.</summary>
public sealed record DeliveryOutcome(
    long DeliveryId, DeliveryStatus Status, int Attempts, int? ErrCode, string? Error, long? MsgId,
    DateTimeOffset? SentAt, string? GoneOpenId = null, DeliveryChannel? Channel = DeliveryChannel.Template);

/// <summary>Why the whole dispatch must stop, and when it may try again by itself.</summary>
public sealed record DispatchStop(string Reason, DateTimeOffset ResumeAt);

/// <summary>An outcome to save, or a stop (the delivery stays Pending), or neither when the run was cancelled.</summary>
public sealed record SendResult(DeliveryOutcome? Outcome, DispatchStop? Stop);

public static class ReminderStopReasons
{
    public const string DailyQuota = "daily quota reached";
    public const string DailyBudget = "today's template budget is used up (Reminders:Channels:DailyTemplateBudget)";
    public const string AccessRefusedPrefix = "WeChat refused access";
    public const string TooLate = "too late: the due time had passed when the live was saved";
    public const string LiveMoved = "the live moved: a run for the new start follows";
    public const string CoveredByNotice = "the reschedule notice already gives the new start";
    public const string LiveStarted = "the live started before every subscriber was reached";
    public const string OutcomeUnknown = "outcome unknown: in flight when a dispatch died, past WeChat's 10-minute client_msg_id guard";
    public const string SubscribeOutcomeUnknown = "outcome unknown: a subscribe message was in flight when a dispatch died; not sent again, so one acceptance never buys two messages";
}

/// <summary>Sends one template message and decides from WeChat's answer (wechat-protocol.md §7, §8).</summary>
public sealed class DeliverySender(
    WeChatApiClient client,
    IAccessTokenProvider tokens,
    IOptions<ReminderOptions> options,
    TimeProvider time,
    ILogger<DeliverySender> logger)
{
    private static readonly TimeZoneInfo WeChatZone = DisplayClock.Resolve("Asia/Shanghai");

    /// <param name="ct">Only cuts a back-off short; a request already sent is always seen through to its answer.</param>
    public async Task<SendResult> SendAsync(PendingDelivery delivery, TemplateMessage message, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(delivery.OpenId) || delivery.SubscriptionId is null)
        {
            // The subscriber left after the delivery was listed and their data was deleted.
            return Done(delivery, DeliveryStatus.Skipped, 0, null, "subscription removed");
        }

        var maxAttempts = Math.Max(1, options.Value.MaxSendAttempts);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var msgId = await tokens.CallAsync(WeChatApp.OfficialAccount,
                    (token, callCt) => client.SendTemplateMessageAsync(token, message, callCt), CancellationToken.None);
                return new SendResult(new DeliveryOutcome(delivery.Id, DeliveryStatus.Sent, delivery.Attempts + attempt,
                    null, null, msgId, time.GetUtcNow()), null);
            }
            catch (WeChatApiException e)
            {
                switch (e.Kind)
                {
                    case WeChatErrorKind.Transient when attempt < maxAttempts:
                        if (!await BackOffAsync(attempt, ct)) return new SendResult(null, null);
                        continue;
                    case WeChatErrorKind.RecipientGone:
                        return new SendResult(new DeliveryOutcome(delivery.Id, DeliveryStatus.Skipped, delivery.Attempts + attempt,
                            e.ErrCode, ColumnText.Fit(e.ErrMsg, Delivery.ErrorMaxLength), null, null, delivery.OpenId), null);
                    case WeChatErrorKind.QuotaExhausted:
                        return new SendResult(null, new DispatchStop(ReminderStopReasons.DailyQuota, NextWeChatDay(time)));
                    case WeChatErrorKind.AccessRefused:
                        logger.LogWarning("WeChat refused access while sending reminders: errcode {ErrCode}", e.ErrCode);
                        return new SendResult(null, new DispatchStop(
                            ColumnText.Fit($"{ReminderStopReasons.AccessRefusedPrefix}: {e.ErrCode} {e.ErrMsg}", Reminder.StopReasonMaxLength), time.GetUtcNow().AddMinutes(30)));
                    default:
                        return Done(delivery, DeliveryStatus.Failed, attempt, e.ErrCode, e.IsTimeout ? "timeout" : e.ErrMsg);
                }
            }
        }
    }

    private SendResult Done(PendingDelivery delivery, DeliveryStatus status, int attempts, int? errCode, string? error) =>
        new(new DeliveryOutcome(delivery.Id, status, delivery.Attempts + attempts, errCode, ColumnText.Fit(error, Delivery.ErrorMaxLength), null, null), null);

    private async Task<bool> BackOffAsync(int attempt, CancellationToken ct)
    {
        var baseDelay = options.Value.RetryBaseDelay;
        if (baseDelay <= TimeSpan.Zero) return !ct.IsCancellationRequested;
        var exponential = baseDelay * Math.Pow(2, attempt - 1);
        var jittered = exponential * (0.5 + Random.Shared.NextDouble());
        try
        {
            await Task.Delay(jittered, time, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>WeChat's daily quota resets at midnight Beijing time.</summary>
    public static DateTimeOffset NextWeChatDay(TimeProvider time)
    {
        var local = TimeZoneInfo.ConvertTime(time.GetUtcNow(), WeChatZone);
        var midnight = local.Date.AddDays(1);
        return new DateTimeOffset(midnight, WeChatZone.GetUtcOffset(midnight)).ToUniversalTime();
    }
}
