using System.Diagnostics;

namespace Sockspec.Docker.Tests;

/// <summary>
/// The `sockspec` command as a child process (`dotnet sockspec.dll`), as a user or CI script runs it: exit code, output,
/// and its pid (the containers it creates carry it as the label sockspec.pid).
/// </summary>
internal sealed class SockspecProcess : IDisposable
{
    private readonly Process process;
    private readonly Task<string> stdout;
    private readonly Task<string> stderr;

    private SockspecProcess(Process process)
    {
        this.process = process;
        stdout = process.StandardOutput.ReadToEndAsync();
        stderr = process.StandardError.ReadToEndAsync();
    }

    public int Pid => process.Id;


    /// <summary>Starts sockspec in the repository root with DOCKER_HOST set to the tests' engine.</summary>
    public static SockspecProcess Start(params string[] arguments)
    {
        // The project reference builds sockspec and copies it beside the tests; SOCKSPEC_DLL points at another build.
        var dll = Environment.GetEnvironmentVariable("SOCKSPEC_DLL") is { Length: > 0 } other ? other : Path.Combine(AppContext.BaseDirectory, "sockspec.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = RepositoryRoot.Path,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOCKER_HOST"] = DockerEngine.Endpoint.ToString();
        return new SockspecProcess(Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet"));
    }

    /// <summary>Runs sockspec to the end (killed after <paramref name="limit"/>, which fails the test).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr, int Pid)> RunAsync(TimeSpan limit, params string[] arguments)
    {
        using var p = Start(arguments);
        var (code, stdout, stderr) = await p.WaitAsync(limit);
        return (code, stdout, stderr, p.Pid);
    }

    public async Task<(int ExitCode, string Stdout, string Stderr)> WaitAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"sockspec did not exit within {limit.TotalSeconds:0} s:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit(5000);
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
    }
}
