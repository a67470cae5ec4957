using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sockspec.Codec;

namespace Sockspec.Codec.Properties.Tests;

/// <summary>
/// Valid messages: decode(encode(m)) == m; encoded length == GetLength; any split gives the same result. Each property
/// classifies what it generated (shown in the test output) so that a reader can see the ATYPs, commands and lengths
/// were all covered.
/// </summary>
public class MessageProperties
{
    private static string LengthClass(int n) => n switch { 0 => "length 0", 1 => "length 1", 255 => "length 255", < 64 => "length 2..63", _ => "length 64..254" };

    [Property(MaxTest = 300)]
    public Property Greetings_round_trip_with_exact_length_and_any_split() =>
        Prop.ForAll(Arbs.Greeting, Arbs.Cuts, (m, cuts) =>
            (Codec<Socks5Greeting>.RoundTrips(m) && Codec<Socks5Greeting>.LengthIsExact(m)
             && Codec<Socks5Greeting>.AnySplitGivesTheSameResult(Codec<Socks5Greeting>.Encode(m), cuts))
            .Classify(m.Methods.Span.Contains((byte)0), "offers 00")
            .Classify(m.Methods.Span.Contains((byte)2), "offers 02")
            .Collect("NMETHODS " + LengthClass(m.NMethods)));

    [Property(MaxTest = 200)]
    public Property Method_selections_round_trip_with_exact_length_and_any_split() =>
        Prop.ForAll(Arbs.MethodSelection, Arbs.Cuts, (m, cuts) =>
            (Codec<Socks5MethodSelection>.RoundTrips(m) && Codec<Socks5MethodSelection>.LengthIsExact(m)
             && Codec<Socks5MethodSelection>.AnySplitGivesTheSameResult(Codec<Socks5MethodSelection>.Encode(m), cuts))
            .Collect(m.Method switch { 0 => "00", 1 => "01", 2 => "02", 0xFF => "FF", < 0x80 => "03..7F", _ => "80..FE" }));

    [Property(MaxTest = 300)]
    public Property Username_password_requests_round_trip_with_exact_length_and_any_split() =>
        Prop.ForAll(Arbs.UserPass, Arbs.Cuts, (m, cuts) =>
            (Codec<UsernamePasswordRequest>.RoundTrips(m) && Codec<UsernamePasswordRequest>.LengthIsExact(m)
             && Codec<UsernamePasswordRequest>.AnySplitGivesTheSameResult(Codec<UsernamePasswordRequest>.Encode(m), cuts))
            .Collect("ULEN " + LengthClass(m.ULen))
            .Collect("PLEN " + LengthClass(m.PLen)));

    [Property(MaxTest = 100)]
    public Property Username_password_responses_round_trip_with_exact_length_and_any_split() =>
        Prop.ForAll(Arbs.UserPassResponse, Arbs.Cuts, (m, cuts) =>
            (Codec<UsernamePasswordResponse>.RoundTrips(m) && Codec<UsernamePasswordResponse>.LengthIsExact(m)
             && Codec<UsernamePasswordResponse>.AnySplitGivesTheSameResult(Codec<UsernamePasswordResponse>.Encode(m), cuts))
            .Classify(m.Status == 0, "success").Classify(m.Status != 0, "failure"));

    [Property(MaxTest = 300)]
    public Property Requests_round_trip_with_exact_length_and_any_split() =>
        Prop.ForAll(Arbs.Request, Arbs.Cuts, (m, cuts) =>
            (Codec<Socks5Request>.RoundTrips(m) && Codec<Socks5Request>.LengthIsExact(m)
             && Codec<Socks5Request>.AnySplitGivesTheSameResult(Codec<Socks5Request>.Encode(m), cuts))
            .Collect($"{(Socks5Command)m.Cmd} {Gens.AtypName(m.DstAddr)}")
            .Classify(m.DstAddr.Atyp == 3 && m.DstAddr.Bytes.Length == 1, "domain length 1")
            .Classify(m.DstAddr.Atyp == 3 && m.DstAddr.Bytes.Length == 255, "domain length 255"));

    [Property(MaxTest = 300)]
    public Property Replies_round_trip_with_exact_length_and_any_split() =>
        Prop.ForAll(Arbs.Reply, Arbs.Cuts, (m, cuts) =>
            (Codec<Socks5Reply>.RoundTrips(m) && Codec<Socks5Reply>.LengthIsExact(m)
             && Codec<Socks5Reply>.AnySplitGivesTheSameResult(Codec<Socks5Reply>.Encode(m), cuts))
            .Collect($"REP {m.Rep}")
            .Collect(Gens.AtypName(m.BndAddr)));

    [Property(MaxTest = 200)]
    public Property Udp_headers_round_trip_with_exact_length_and_any_split() =>
        Prop.ForAll(Arbs.UdpHeader, Arbs.Cuts, (m, cuts) =>
            (Codec<Socks5UdpHeader>.RoundTrips(m) && Codec<Socks5UdpHeader>.LengthIsExact(m)
             && Codec<Socks5UdpHeader>.AnySplitGivesTheSameResult(Codec<Socks5UdpHeader>.Encode(m), cuts))
            .Collect(Gens.AtypName(m.DstAddr))
            .Classify(m.Frag != 0, "FRAG != 0"));

    [Property(MaxTest = 300)]
    public Property Socks4_and_4a_requests_round_trip_with_exact_length_and_any_split() =>
        Prop.ForAll(Arbs.Socks4Request, Arbs.Cuts, (m, cuts) =>
            (Codec<Socks4Request>.RoundTrips(m) && Codec<Socks4Request>.LengthIsExact(m)
             && Codec<Socks4Request>.AnySplitGivesTheSameResult(Codec<Socks4Request>.Encode(m), cuts))
            .Collect($"{(m.IsSocks4a ? "SOCKS4a" : "SOCKS4")} {(Socks4Command)m.Cd}")
            .Classify(m.UserId.IsEmpty, "empty USERID")
            .Classify(m.UserId.Length == 255, "USERID 255"));

    [Property(MaxTest = 100)]
    public Property Socks4_replies_round_trip_with_exact_length_and_any_split() =>
        Prop.ForAll(Arbs.Socks4Reply, Arbs.Cuts, (m, cuts) =>
            (Codec<Socks4Reply>.RoundTrips(m) && Codec<Socks4Reply>.LengthIsExact(m)
             && Codec<Socks4Reply>.AnySplitGivesTheSameResult(Codec<Socks4Reply>.Encode(m), cuts))
            .Collect($"CD {m.Cd}"));

    [Property(MaxTest = 200)]
    public Property Gssapi_messages_round_trip_with_exact_length_and_any_split() =>
        Prop.ForAll(Arbs.GssApi, Arbs.Cuts, (g, cuts) =>
        {
            var bytes = new byte[GssApiMessage.GetLength(g.Header)];
            bool wrote = GssApiMessage.TryWrite(g.Header, g.Token, bytes, out int n) && n == bytes.Length;
            var r = GssApiMessage.TryRead(bytes, out var back);
            bool tokenBack = g.Header.IsAbort || bytes.AsSpan(4).SequenceEqual(g.Token);
            return (wrote && r.IsClean && r.Consumed == bytes.Length && back == g.Header && tokenBack
                    && Codec<GssApiMessage>.LengthIsExact(g.Header)
                    && Codec<GssApiMessage>.AnySplitGivesTheSameResult(bytes, cuts))
                .Collect(g.Header.Mtyp switch { 1 => "context token", 2 => "protection level", 3 => "encapsulated", _ => "abort" });
        });
}
