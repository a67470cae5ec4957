using BenchmarkDotNet.Attributes;

namespace Sockspec.Codec.Benchmarks;

[MemoryDiagnoser]
public class WriteBenchmarks
{
    private readonly byte[] _buffer = new byte[600];
    private Socks5Request _requestIPv4 = Messages.RequestIPv4;
    private Socks5Request _requestDomain = Messages.RequestDomain;
    private Socks5Request _requestIPv6 = Messages.RequestIPv6;
    private Socks5Greeting _greeting = Messages.Greeting;
    private Socks4Request _socks4a = Messages.Socks4aRequest;

    [Benchmark]
    public int WriteSocks5RequestIPv4() => Socks5Request.TryWrite(_requestIPv4, _buffer, out int n) ? n : -1;

    [Benchmark]
    public int WriteSocks5RequestDomain() => Socks5Request.TryWrite(_requestDomain, _buffer, out int n) ? n : -1;

    [Benchmark]
    public int WriteSocks5RequestIPv6() => Socks5Request.TryWrite(_requestIPv6, _buffer, out int n) ? n : -1;

    [Benchmark]
    public int WriteSocks5Greeting() => Socks5Greeting.TryWrite(_greeting, _buffer, out int n) ? n : -1;

    [Benchmark]
    public int WriteSocks4aRequest() => Socks4Request.TryWrite(_socks4a, _buffer, out int n) ? n : -1;
}
