using System.Collections;

namespace LiveReminder.Dashboard.WeChat.Webhooks;

/// <summary>The log scope of one push being handled: every line a handler writes carries its PushId (the DedupeKey).</summary>
public sealed class PushLogScope(string pushId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new("PushId", pushId) : throw new ArgumentOutOfRangeException(nameof(index));

    public int Count => 1;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "PushId:" + pushId;
}
