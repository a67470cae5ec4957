using System.Net.NetworkInformation;

namespace Sockspec.Fuzz.Proxy;

/// <summary>
/// The server target can make the reference server resolve fuzzed host names, and traffic may only go to loopback.
/// fuzz/run.sh therefore runs the fuzzer in a fresh network namespace (unshare --net) whose only interface is lo;
/// this refuses to run the target anywhere else.
/// </summary>
public static class Isolation
{
    private static readonly Lazy<bool> LoopbackOnlyValue = new(() =>
        NetworkInterface.GetAllNetworkInterfaces().All(i =>
            i.NetworkInterfaceType == NetworkInterfaceType.Loopback || i.OperationalStatus != OperationalStatus.Up));

    public static bool IsLoopbackOnly => LoopbackOnlyValue.Value;

    public static void Require(string target)
    {
        if (!IsLoopbackOnly)
            throw new InvalidOperationException(
                $"{target} must run where only loopback is up (fuzz/run.sh uses 'unshare --net'): it could make the server resolve names");
    }
}
