namespace LiveReminder.Dashboard.Shared;

/// <summary>Redirect targets taken from a query string: a path on this site, or the start page.</summary>
public static class LocalUrl
{
    /// <summary>
    /// "/x" only: not "//host" or "/\host" (browsers read both as another host), and no control characters,
    /// which browsers strip before reading the URL ("/\t/host").
    /// </summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/'
        && (url.Length == 1 || url[1] is not ('/' or '\\'))
        && !url.Any(char.IsControl);

    public static string OrRoot(string? url) => IsLocal(url) ? url! : "/";
}
