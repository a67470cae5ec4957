namespace Sockspec.Targets;

/// <summary>
/// The container's init process as this host sees it (the engine's State.Pid). Only used when that pid is visible here
/// and really is a container init (a remote engine, or sockspec itself in another pid namespace, gives a pid that means
/// nothing here): then a crash is seen the moment the process goes, without waiting for the engine to be asked.
/// </summary>
internal sealed class ContainerProcess
{
    private ContainerProcess(int pid) => Pid = pid;

    public int Pid { get; }

    /// <summary>False once the process has exited (gone, or a zombie not yet reaped).</summary>
    public bool IsAlive
    {
        get
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{Pid}/stat");
                // The state is the first field after the command name, which is in parentheses and may hold spaces.
                int close = stat.LastIndexOf(')');
                return close > 0 && close + 2 < stat.Length && stat[close + 2] is not ('Z' or 'X');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }
    }

    /// <summary>True when the engine's pid is plausible but no live process has it here any more.</summary>
    public static bool HasExited(long pid) =>
        OperatingSystem.IsLinux() && pid > 0 && pid <= int.MaxValue && !new ContainerProcess((int)pid).IsAlive;

    public static ContainerProcess? TryWatch(long pid)
    {
        if (pid <= 0 || pid > int.MaxValue || !OperatingSystem.IsLinux()) return null;
        try
        {
            // Host networking with Init=true: pid 1 of the container is docker-init (tini); anything else is not ours.
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
            var process = new ContainerProcess((int)pid);
            return cmdline.Contains("init", StringComparison.Ordinal) && process.IsAlive ? process : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
