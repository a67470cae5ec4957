using System.Text.RegularExpressions;
using Sockspec.Targets;

namespace Sockspec.NetFuzz;

/// <summary>
/// Resident memory of an --exec target (its process and descendants, from /proc), where the fuzzer can see it. The
/// pid comes from the target's "started pid N" log line, the only place ExecTarget exposes it.
/// </summary>
public sealed partial class RssMonitor(ITarget target)
{
    private int? _pid;

    /// <summary>
    /// The newest "started pid" line, remembered: the log keeps only its last lines, and a chatty proxy pushes the
    /// line out within a second (a restart adds a new one).
    /// </summary>
    public int? Pid
    {
        get
        {
            var line = target.Log.LastOrDefault(l => l.StartsWith("started pid ", StringComparison.Ordinal));
            if (line is not null && StartedPid().Match(line) is { Success: true } m) _pid = int.Parse(m.Groups[1].Value);
            return _pid;
        }
    }

    /// <summary>
    /// Anonymous resident memory (RssAnon) in KiB of the target's process tree, or null when it cannot be read. Not
    /// VmRSS: that counts the shared libraries once per forked child, so a pre-forking proxy would look like a leak.
    /// </summary>
    public long? RssKib()
    {
        if (Pid is not { } pid) return null;
        long total = 0;
        var todo = new Stack<int>([pid]);
        int seen = 0;
        while (todo.Count > 0 && seen++ < 256)
        {
            int p = todo.Pop();
            try
            {
                foreach (var line in File.ReadLines($"/proc/{p}/status"))
                    if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                        total += long.Parse(line.AsSpan(8).Trim().TrimEnd("kB").Trim());
                foreach (var task in Directory.EnumerateDirectories($"/proc/{p}/task"))
                    foreach (var child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        todo.Push(int.Parse(child));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // The process went away between reads.
            }
        }
        return total == 0 ? null : total;
    }

    [GeneratedRegex(@"^started pid (\d+):")]
    private static partial Regex StartedPid();
}
