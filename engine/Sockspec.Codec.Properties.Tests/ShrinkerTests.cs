using FsCheck;
using FsCheck.Fluent;
using Sockspec.Codec;

namespace Sockspec.Codec.Properties.Tests;

/// <summary>
/// Each shrinker, on a fixed sample of its generator: every candidate is still what the generator promises (a valid
/// message of the same kind, a broken one broken the same way) and strictly below its origin, and shrinking by the
/// first candidate ends, within a bound, at the minimal value. A shrinker that grew a value, broke its validity or
/// never ended would show here rather than as a confusing or hung counterexample.
/// </summary>
public class ShrinkerTests
{
    private const int Samples = 60;

    // Sample(gen, size, seed, count): fixed, so that a failure here reproduces.
    private static T[] Sample<T>(Gen<T> gen) => Gen.Sample(gen, Samples, new Rnd(20261205UL), Samples);

    /// <summary>Follows the first candidate until there is none; fails if that takes more than 2000 steps.</summary>
    private static T Descend<T>(T start, Func<T, IEnumerable<T>> shrink)
    {
        var x = start;
        for (int step = 0; step < 2000; step++)
        {
            using var next = shrink(x).GetEnumerator();
            if (!next.MoveNext()) return x;
            x = next.Current;
        }
        throw new Xunit.Sdk.XunitException($"shrinking {start} did not end within 2000 steps");
    }

    /// <summary>The checks for one message shrinker; <paramref name="sameKind"/> says a candidate kept its origin's kind.</summary>
    private static void MessageShrinker<T>(Gen<T> gen, Func<T, IEnumerable<T>> shrink, T[] minimal, Func<T, T, bool>? sameKind = null)
        where T : struct, ISocksMessage<T>, IEquatable<T>
    {
        int shrunk = 0;
        foreach (var m in Sample(gen))
        {
            var origin = Codec<T>.Encode(m);
            foreach (var c in shrink(m))
            {
                shrunk++;
                Assert.True(Codec<T>.RoundTrips(c), $"candidate {c} of {m} is not a valid {T.Name}");
                Assert.True(sameKind?.Invoke(m, c) ?? true, $"candidate {c} of {m} changed kind");
                Assert.True(ShrinkOrder.Compare(Codec<T>.Encode(c), origin) < 0, $"candidate {c} is not smaller than {m}");
            }
            var end = Descend(m, shrink);
            Assert.True(minimal.Contains(end), $"{m} shrank to {end}, not to one of: {string.Join(" | ", minimal)}");
        }
        Assert.True(shrunk > 0, "no sample had a smaller candidate");
    }

    /// <summary>
    /// Every address ends as a one-octet name: "a", or a name octet below it (a digit, '-' or '.'), which is as short
    /// and lower.
    /// </summary>
    private static SocksAddress[] MinimalAddresses => [.. "0123456789-.a".Select(c => new SocksAddress(3, [(byte)c]))];

    [Fact]
    public void Greetings_shrink_to_one_method_00() =>
        MessageShrinker(Gens.Greeting, Shrinkers.Greeting, [new Socks5Greeting(0)]);

    [Fact]
    public void Method_selections_shrink_to_00() =>
        MessageShrinker(Gens.MethodSelection, Shrinkers.MethodSelection, [new Socks5MethodSelection(0)]);

    [Fact]
    public void Username_password_requests_shrink_to_one_octet_each() =>
        MessageShrinker(Gens.UserPass, Shrinkers.UserPass, [new UsernamePasswordRequest([0], [0])]);

    [Fact]
    public void Username_password_responses_shrink_to_status_00() =>
        MessageShrinker(Gens.UserPassResponse, Shrinkers.UserPassResponse, [new UsernamePasswordResponse(0)]);

    [Fact]
    public void Requests_shrink_to_a_connect_to_the_shortest_address_and_port_0() =>
        MessageShrinker(Gens.Request, Shrinkers.Request,
            [.. MinimalAddresses.Select(a => new Socks5Request(Socks5Command.Connect, a, 0))]);

    [Fact]
    public void Replies_shrink_to_a_success_with_the_shortest_address_and_port_0() =>
        MessageShrinker(Gens.Reply, Shrinkers.Reply, [.. MinimalAddresses.Select(a => new Socks5Reply(Socks5Rep.Succeeded, a, 0))]);

    [Fact]
    public void Udp_headers_shrink_to_the_shortest_address_port_0_and_no_fragment() =>
        MessageShrinker(Gens.UdpHeader, Shrinkers.UdpHeader, [.. MinimalAddresses.Select(a => new Socks5UdpHeader(a, 0))]);

    [Fact]
    public void Socks4_requests_shrink_within_their_kind_to_connect_with_no_userid()
    {
        // The lowest of each kind: SOCKS4 0.0.1.0; SOCKS4a 0.0.0.1 with a one-octet name (which digits and '-' and '.'
        // are below 'a', so they stay).
        Socks4Request[] minimal =
        [
            new(Socks4Command.Connect, 256, 0),
            .. "0123456789-.a".Select(c => new Socks4Request(Socks4Command.Connect, 1, 0, "", c.ToString())),
        ];
        MessageShrinker(Gens.Socks4Request, Shrinkers.Socks4Request, minimal, (m, c) => m.IsSocks4a == c.IsSocks4a);
    }

    [Fact]
    public void Socks4_replies_shrink_to_a_grant_of_0_0_0_0_port_0() =>
        MessageShrinker(Gens.Socks4Reply, Shrinkers.Socks4Reply, [new Socks4Reply(Socks4Cd.RequestGranted, 0, 0)]);

    [Fact]
    public void Gssapi_messages_shrink_to_an_empty_context_token_or_stay_an_abort()
    {
        static byte[] Encode((GssApiMessage Header, byte[] Token) g)
        {
            var b = new byte[GssApiMessage.GetLength(g.Header)];
            Assert.True(GssApiMessage.TryWrite(g.Header, g.Token, b, out _));
            return b;
        }
        int shrunk = 0;
        foreach (var g in Sample(Gens.GssApi))
        {
            foreach (var c in Shrinkers.GssApi(g))
            {
                shrunk++;
                var bytes = Encode(c);
                Assert.True(GssApiMessage.TryRead(bytes, out var back).IsClean && back == c.Header, $"candidate {c.Header} is not a clean message");
                Assert.Equal(c.Header.IsAbort ? 0 : c.Header.Len, c.Token.Length);
                Assert.True(ShrinkOrder.Compare(bytes, Encode(g)) < 0, $"candidate {c.Header} is not smaller than {g.Header}");
            }
            var end = Descend(g, Shrinkers.GssApi).Header;
            Assert.True(end.IsAbort || end == new GssApiMessage(1, 0), $"{g.Header} shrank to {end}");
        }
        Assert.True(shrunk > 0, "no sample had a smaller candidate");
    }

    [Fact]
    public void Cuts_shrink_to_none()
    {
        static int Compare(int[] a, int[] b) => a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.AsSpan().SequenceCompareTo(b);
        foreach (var cuts in Sample(Props.Cuts))
        {
            Assert.All(Shrinkers.Cuts(cuts), c => Assert.True(Compare(c, cuts) < 0 && c.All(x => x >= 0)));
            Assert.Empty(Descend(cuts, Shrinkers.Cuts));
        }
    }

    [Theory]
    [MemberData(nameof(ViolationProperties.Violations), MemberType = typeof(ViolationProperties))]
    public void Broken_messages_shrink_and_stay_broken_in_exactly_the_same_way(SocksViolation violation) =>
        BrokenShrinker(InvalidGens.ByViolation[violation], m => m.Read(m.Encoded) is var r && r.IsDone && r.Violations == ViolationSet.Of(violation));

    [Theory]
    [MemberData(nameof(ViolationProperties.FramingErrors), MemberType = typeof(ViolationProperties))]
    public void Unframeable_messages_shrink_and_keep_their_framing_error(FramingError error) =>
        BrokenShrinker(InvalidGens.ByFramingError[error], m => m.Read(m.Encoded) is var r && r.Status == ReadStatus.Invalid && r.Error == error);

    /// <summary>
    /// A broken message shrinks through the valid message it was made from, and its bad field to the least bad
    /// value: every candidate must still break the rule, never be longer, and shrinking must end, at a message no
    /// longer than the shortest the generator drew.
    /// </summary>
    private static void BrokenShrinker(Gen<Shrinkable<BrokenMessage>> gen, Func<BrokenMessage, bool> brokenTheSameWay)
    {
        var sample = Sample(gen);
        int shortest = sample.Min(s => s.Value.Encoded.Length);
        foreach (var s in sample)
        {
            foreach (var c in s.Smaller())
            {
                Assert.True(brokenTheSameWay(c.Value), $"candidate {c} of {s} is not broken the same way");
                Assert.True(ShrinkOrder.Compare(c.Value.Encoded, s.Value.Encoded) <= 0, $"candidate {c} is bigger than {s}");
            }
            // Within 2 octets of the shortest drawn: a SOCKS4a request keeps its kind, and its least form (a one-octet
            // name and its NUL) is 2 octets longer than SOCKS4's; every other kind reaches the shortest exactly.
            var end = Descend(s, x => x.Smaller());
            Assert.True(end.Value.Encoded.Length <= shortest + 2, $"{s} shrank only to {end}, longer than {shortest} + 2 octets");
        }
    }

    [Fact]
    public async Task Broken_dialogs_shrink_and_keep_their_rule()
    {
        await using var l = await Loopback.StartAsync();
        var sample = Sample(ProxyCases.Invalid(l));
        foreach (var s in sample)
        {
            foreach (var c in s.Smaller())
            {
                Assert.Equal(s.Value.Rule, c.Value.Rule);
                Assert.True(ShrinkOrder.Compare(c.Value.Broken, s.Value.Broken) <= 0, $"candidate {c} is bigger than {s}");
            }
            var end = Descend(s, x => x.Smaller()).Value;
            int shortest = sample.Where(x => x.Value.Rule == end.Rule).Min(x => x.Value.Broken.Length);
            Assert.True(end.Broken.Length <= shortest, $"{s} shrank only to {end}");
        }
    }

    [Fact]
    public void Valid_dialogs_shrink_to_one_method_no_auth_and_stay_valid()
    {
        static bool Valid(ValidDialog d)
        {
            byte needed = d.Auth ? (byte)2 : (byte)0;
            var others = d.Methods.Where(m => m != needed).ToArray();
            return d.Methods.Count(m => m == needed) == 1 && others.All(m => m is >= 3 and <= 254) && others.Distinct().Count() == others.Length;
        }
        static int Compare(ValidDialog a, ValidDialog b) =>
            a.Auth != b.Auth ? a.Auth.CompareTo(b.Auth)
            : a.Methods.Length != b.Methods.Length ? a.Methods.Length.CompareTo(b.Methods.Length)
            : a.Ask != b.Ask ? a.Ask.CompareTo(b.Ask)
            : a.Pipelined != b.Pipelined ? b.Pipelined.CompareTo(a.Pipelined)
            : a.Cuts.Length != b.Cuts.Length ? a.Cuts.Length.CompareTo(b.Cuts.Length)
            : a.Cuts.AsSpan().SequenceCompareTo(b.Cuts);
        foreach (var d in Sample(ProxyCases.Valid))
        {
            Assert.All(ProxyCases.ShrinkValid(d), c => Assert.True(Valid(c) && Compare(c, d) < 0, $"candidate {c} of {d}"));
            var end = Descend(d, ProxyCases.ShrinkValid);
            Assert.Equal((false, 1, Ask.ConnectIPv4, true, 0), (end.Auth, end.Methods.Length, end.Ask, end.Pipelined, end.Cuts.Length));
        }
    }

    [Fact]
    public void Client_cases_shrink_to_a_connect_without_credentials()
    {
        static (int, int, string, int, string, int, int) Key(ProxyProperties.ClientCase c) =>
            (c.User is null ? 0 : 1, c.User?.Length ?? 0, c.User ?? "", c.Password?.Length ?? 0, c.Password ?? "",
             c.Command == "connect" ? 0 : 1, c.Host == "127.0.0.1" ? 0 : 1);
        static int Compare(ProxyProperties.ClientCase a, ProxyProperties.ClientCase b)
        {
            var (x, y) = (Key(a), Key(b));
            int r = x.Item1.CompareTo(y.Item1);
            if (r == 0) r = x.Item2.CompareTo(y.Item2);
            if (r == 0) r = string.CompareOrdinal(x.Item3, y.Item3);
            if (r == 0) r = x.Item4.CompareTo(y.Item4);
            if (r == 0) r = string.CompareOrdinal(x.Item5, y.Item5);
            if (r == 0) r = x.Item6.CompareTo(y.Item6);
            return r != 0 ? r : x.Item7.CompareTo(y.Item7);
        }
        foreach (var c in Sample(ProxyProperties.ClientCases))
        {
            foreach (var s in ProxyProperties.ShrinkClientCase(c))
            {
                Assert.True(Compare(s, c) < 0, $"candidate {s} is not smaller than {c}");
                Assert.Equal(c.Version, s.Version);
                Assert.True(s.User is null || (s.User.Length is >= 1 and <= 255 && s.User.All(ch => ch is >= '!' and <= '~')), $"candidate {s}");
                Assert.True((s.User is null) == (s.Password is null) || c.Version != Proxy.Client.SocksVersion.Socks5, $"candidate {s}");
            }
            var end = Descend(c, ProxyProperties.ShrinkClientCase);
            Assert.True(end.User is null && end.Command == "connect", $"{c} shrank to {end}");
        }
    }

    /// <summary>
    /// End to end through FsCheck: a property that fails for greetings of 3 methods or more reports exactly
    /// 05 03 00 00 00, the minimal counterexample, not the large greeting it first drew.
    /// </summary>
    [Fact]
    public void FsCheck_reports_the_minimal_counterexample()
    {
        Socks5Greeting? lastFailing = null;
        var property = Prop.ForAll(Arbs.Greeting, m =>
        {
            bool holds = m.NMethods < 3;
            if (!holds) lastFailing = m;
            return holds;
        });
        Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), property));
        Assert.Equal(new Socks5Greeting(0, 0, 0), lastFailing);
    }
}
