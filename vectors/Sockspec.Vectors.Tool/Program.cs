using Sockspec.Vectors.Tool;

// Usage is printed on any mistake; exit 2 for usage, 1 for a failed run, 0 otherwise.
return args.Length == 0 ? Usage() : args[0] switch
{
    "httpget" when args.Length == 3 => await HttpGet.RunAsync(args[1], args[2]),
    "client" when args.Length is 6 or 8 => await ReferenceClientRun.RunAsync(args[1..]),
    "udp-exchange" when args.Length is 7 or 9 => await UdpExchange.RunAsync(args[1..]),
    "regenerate" when args.Length == 2 => Maintenance.Regenerate(args[1]),
    "generate-invalid" when args.Length == 3 => Maintenance.GenerateInvalid(args[1], args[2]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: sockspec-vectors httpget PROXY-URI URL        .NET HttpClient GET through socks4/socks4a/socks5://[user:pass@]host:port
               sockspec-vectors client HOST:PORT VERSION COMMAND DST-HOST DST-PORT [USER PASS]
                                                        reference client: VERSION socks4|socks4a|socks5, COMMAND connect|bind|udp
               sockspec-vectors udp-exchange HOST:PORT OUT-ROOT ID IMPLEMENTATION IMPL-VERSION ipv6|ipv4 [USER PASS]
                                                        one UDP ASSOCIATE datagram to a loopback echo and back, as a socks5-udp vector
               sockspec-vectors regenerate DIR           rewrite every vector under DIR with today's decode
               sockspec-vectors generate-invalid RECORDED-DIR INVALID-DIR
        """);
    return 2;
}
