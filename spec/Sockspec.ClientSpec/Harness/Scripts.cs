using Sockspec.Codec;

namespace Sockspec.ClientSpec.Harness;

/// <summary>The scripts cases are made of: a well-behaved dialog up to one step, then one deliberate act.</summary>
public static class Scripts
{
    /// <summary>Well-behaved up to the request, then <paramref name="reply"/> and a relay to the target.</summary>
    public static ServerScript Socks5Serve(Func<ScriptSession, byte[]>? reply = null, Delivery delivery = Delivery.Whole) => async s =>
    {
        if (!await s.Socks5UpToRequestAsync()) return;
        await s.ServeAsync(reply?.Invoke(s) ?? s.SuccessReply(), delivery);
    };

    /// <summary>Well-behaved up to the request, then <paramref name="reply"/> (a refusal or an unusable reply) and a watch.</summary>
    public static ServerScript Socks5Refuse(byte[] reply, string trigger, Delivery delivery = Delivery.Whole) => async s =>
    {
        if (!await s.Socks5UpToRequestAsync()) return;
        await s.RefuseAsync(reply, delivery, trigger);
    };

    /// <summary>Well-behaved up to the request, then <paramref name="partial"/> and silence until the client ends.</summary>
    public static ServerScript Socks5Silence(byte[] partial, string trigger) => async s =>
    {
        if (!await s.Socks5UpToRequestAsync()) return;
        await s.SilenceAsync(partial, trigger);
    };

    public static ServerScript Socks4Serve(byte[]? reply = null, Delivery delivery = Delivery.Whole, Applies applies = Applies.Socks4Any) => async s =>
    {
        if (!await s.Socks4UpToRequestAsync(applies)) return;
        await s.ServeAsync(reply ?? ScriptSession.Socks4Reply(0, 90), delivery);
    };

    public static ServerScript Socks4Refuse(byte[] reply, string trigger) => async s =>
    {
        if (!await s.Socks4UpToRequestAsync()) return;
        await s.RefuseAsync(reply, Delivery.Whole, trigger);
    };

    public static ServerScript Socks4Silence(byte[] partial, string trigger) => async s =>
    {
        if (!await s.Socks4UpToRequestAsync()) return;
        await s.SilenceAsync(partial, trigger);
    };

    public static byte[] Reply5(byte rep, SocksAddress bnd, ushort port = 1080, byte rsv = 0, byte ver = 5) =>
        ScriptSession.Encode(new Socks5Reply((Socks5Rep)rep, bnd, port) { Rsv = rsv, Ver = ver });

    public static SocksAddress Ipv4(byte a, byte b, byte c, byte d) => new((byte)AddressType.IPv4, [a, b, c, d]);
}
