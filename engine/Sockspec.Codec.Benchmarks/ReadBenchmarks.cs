using Sockspec.Codec;
using BenchmarkDotNet.Attributes;

namespace Sockspec.Codec.Benchmarks;

[MemoryDiagnoser]
public class ReadBenchmarks
{
    private readonly byte[] _requestIPv4 = SocksMessage.ToArray(Messages.RequestIPv4);
    private readonly byte[] _requestDomain = SocksMessage.ToArray(Messages.RequestDomain);
    private readonly byte[] _requestIPv6 = SocksMessage.ToArray(Messages.RequestIPv6);
    private readonly byte[] _greeting = SocksMessage.ToArray(Messages.Greeting);
    private readonly byte[] _socks4a = SocksMessage.ToArray(Messages.Socks4aRequest);

    [Benchmark]
    public int ReadSocks5RequestIPv4() => Socks5Request.TryRead(_requestIPv4, out var m).Consumed + m.DstPort;

    [Benchmark]
    public int ReadSocks5RequestDomain() => Socks5Request.TryRead(_requestDomain, out var m).Consumed + m.DstPort;

    [Benchmark]
    public int ReadSocks5RequestIPv6() => Socks5Request.TryRead(_requestIPv6, out var m).Consumed + m.DstPort;

    [Benchmark]
    public int ReadSocks5Greeting() => Socks5Greeting.TryRead(_greeting, out var m).Consumed + m.NMethods;

    [Benchmark]
    public int ReadSocks4aRequest() => Socks4Request.TryRead(_socks4a, out var m).Consumed + m.DstPort;
}
