using System.Text.RegularExpressions;
using Xunit;

namespace LiveReminder.Dashboard.Tests.Architecture;

/// <summary>
/// Keeps the dependencies drawn in docs/architecture.md. Reads the product's sources: a file depends on a folder
/// when it names its namespace (<c>using</c>, <c>@using</c> or a qualified name). Folder = namespace, so this is the
/// namespace graph; references through a partial name (<c>Reminders.X</c> from a sibling namespace) are not seen.
/// </summary>
public partial class DependencyRulesTests
{
    private static readonly string[] Features = ["Lives", "Subscriptions", "Reminders", "QrCodes", "Insights", "Dashboard", "Staff", "Simulator"];

    // Known debt, drawn in docs/architecture.md: the live editor and list read reminder settings and runs.
    private static readonly string[][] KnownCycles = [["Lives", "Reminders"]];

    [Fact]
    public void Webhooks_and_the_WeChat_client_depend_on_no_feature()
    {
        var offending = Dependencies()
            .Where(d => d.From is "WeChat" or "WeChat.Api" or "WeChat.Webhooks" && Features.Contains(d.To))
            .Select(d => d.ToString());
        Assert.Empty(offending);
    }

    [Fact]
    public void The_WeChat_client_does_not_use_inbound_code()
    {
        Assert.Empty(Dependencies().Where(d => d.From is "WeChat" or "WeChat.Api" && d.To == "WeChat.Webhooks").Select(d => d.ToString()));
    }

    [Fact]
    public void Only_the_composition_root_uses_the_simulator()
    {
        Assert.Empty(Dependencies().Where(d => d.To == "Simulator" && d.From != "Simulator").Select(d => d.ToString()));
    }

    [Fact]
    public void Data_holds_no_feature_code()
    {
        // The context lists every entity set; everything else in Data/ is provider plumbing and write infrastructure.
        var offending = Dependencies()
            .Where(d => d.From == "Data" && Path.GetFileName(d.File) != "AppDbContext.cs" && Features.Concat(["WeChat.Api", "WeChat.Webhooks"]).Contains(d.To))
            .Select(d => d.ToString());
        Assert.Empty(offending);
        var context = File.ReadAllText(Path.Combine(ProductRoot, "Data", "AppDbContext.cs"));
        Assert.DoesNotMatch(@"\bSim[A-Z]\w*\b|LiveReminder\.Dashboard\.Simulator", context);
    }

    [Fact]
    public void Feature_folders_form_no_new_cycle()
    {
        // Pages may embed another feature's component (the live details page shows each feature's tab): code only.
        // The context lists every feature's entity set, so it is left out.
        var graph = Dependencies().Where(d => d.File.EndsWith(".cs", StringComparison.Ordinal) && d.File != "Data/AppDbContext.cs")
            .GroupBy(d => d.From).ToDictionary(g => g.Key, g => g.Select(d => d.To).ToHashSet());
        var cycles = StronglyConnected(graph).Where(c => c.Count > 1).Select(c => string.Join(" <-> ", c.Order(StringComparer.Ordinal)));
        var known = KnownCycles.Select(c => string.Join(" <-> ", c.Order(StringComparer.Ordinal)));
        Assert.Empty(cycles.Except(known));
    }

    internal static string ProductRoot { get; } = FindProductRoot();

    internal sealed record Dependency(string From, string To, string File)
    {
        public override string ToString() => $"{File} -> {To}";
    }

    internal static IReadOnlyList<Dependency> Dependencies(string? root = null)
    {
        root ??= ProductRoot;
        var found = new List<Dependency>();
        foreach (var file in Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var folders = relative.Split('/')[..^1];
            if (folders.Length == 0 || folders[0] is "bin" or "obj" or "wwwroot" || relative.Contains("/Migrations/", StringComparison.Ordinal)
                || relative.Contains("/CompiledModels/", StringComparison.Ordinal) // EF output, like the migrations
                || !(file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".razor", StringComparison.Ordinal)))
            {
                continue;
            }

            var from = Component(folders);
            foreach (var to in NamespaceReference().Matches(File.ReadAllText(file)).Select(m => Component(m.Groups[1].Value.Split('.'))).Distinct())
            {
                if (to != from) found.Add(new Dependency(from, to, relative));
            }
        }

        return found;
    }

    // WeChat/Api and WeChat/Webhooks are separate components; every other top-level folder is one.
    private static string Component(string[] parts) =>
        parts is ["WeChat", "Api" or "Webhooks", ..] ? $"WeChat.{parts[1]}" : parts[0];

    private static List<List<string>> StronglyConnected(Dictionary<string, HashSet<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var result = new List<List<string>>();
        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (stack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }

            if (low[node] != index[node]) return;
            var component = new List<string>();
            string member;
            do { member = stack.Pop(); component.Add(member); } while (member != node);
            result.Add(component);
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node)) Visit(node);
        }

        return result;
    }

    private static string FindProductRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LiveReminder.Dashboard.sln")))
            {
                return Path.Combine(dir.FullName, "LiveReminder.Dashboard");
            }
        }

        throw new InvalidOperationException("LiveReminder.Dashboard.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\bLiveReminder\.Dashboard\.([A-Z]\w*(?:\.[A-Z]\w*)?)")]
    private static partial Regex NamespaceReference();
}
