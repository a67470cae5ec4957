using static Sockspec.NetFuzz.HandshakeGenerator;

namespace Sockspec.NetFuzz;

/// <summary>
/// Breaks one field of one message the way parsers get it wrong: version, counts and lengths (0, 1, 255, off by one),
/// ATYP, RSV, CMD, missing terminators, long names. Offsets follow the wire layout of each message.
/// </summary>
public static class FieldMutator
{
    private static readonly byte[] Boundary = [0, 1, 2, 3, 4, 5, 0x7f, 0x80, 0xfe, 0xff];

    public static void Mutate(List<Message> messages, Random rng)
    {
        int i = rng.Next(messages.Count);
        var m = messages[i];
        messages[i] = m with { Bytes = m.Part switch
        {
            Part.Greeting => Greeting(m.Bytes, rng),
            Part.Auth => Auth(m.Bytes, rng),
            Part.Request5 => Request5(m.Bytes, rng),
            _ => Request4(m.Bytes, rng),
        } };
    }

    private static byte Pick(Random rng) => Boundary[rng.Next(Boundary.Length)];

    private static byte[] Greeting(byte[] b, Random rng)
    {
        switch (rng.Next(5))
        {
            case 0: b[0] = Pick(rng); return b;
            case 1: b[1] = Pick(rng); return b;
            case 2: b[1] = (byte)(b[1] + (rng.Next(2) == 0 ? 1 : -1)); return b;
            case 3: // 255 methods, some of them unassigned or private
                var many = new byte[257];
                many[0] = 5;
                many[1] = 255;
                rng.NextBytes(many.AsSpan(2));
                return many;
            default: return [5, 0];
        }
    }

    // VER ULEN UNAME PLEN PASSWD
    private static byte[] Auth(byte[] b, Random rng)
    {
        int plenAt = 2 + b[1];
        switch (rng.Next(5))
        {
            case 0: b[0] = Pick(rng); return b;
            case 1: b[1] = Pick(rng); return b;
            case 2: b[plenAt] = Pick(rng); return b;
            case 3: return [1, 0, 0];
            default:
                var longUser = new byte[3 + 255 + 255];
                longUser[0] = 1;
                longUser[1] = 255;
                longUser.AsSpan(2, 255).Fill((byte)'u');
                longUser[257] = 255;
                longUser.AsSpan(258).Fill((byte)'p');
                return longUser;
        }
    }

    // VER CMD RSV ATYP ADDR PORT; a domain's length octet is at 4.
    private static byte[] Request5(byte[] b, Random rng)
    {
        switch (rng.Next(7))
        {
            case 0: b[0] = Pick(rng); return b;
            case 1: b[1] = Pick(rng); return b;
            case 2: b[2] = Pick(rng); return b;
            case 3: b[3] = Pick(rng); return b;
            case 4: // a domain length that disagrees with the name: 0, 1, 255, off by one
                if (b[3] != 3) { b[3] = (byte)(rng.Next(2) == 0 ? 4 : 1); return b; }
                b[4] = rng.Next(4) switch { 0 => 0, 1 => 1, 2 => 255, _ => (byte)(b[4] + 1) };
                return b;
            case 5: // port 0 / 65535
                b[^2] = b[^1] = (byte)(rng.Next(2) == 0 ? 0 : 0xff);
                return b;
            default: // an empty name
                return [b[0], b[1], b[2], 3, 0, b[^2], b[^1]];
        }
    }

    // VN CD PORT(2) IP(4) USERID NUL [HOST NUL]
    private static byte[] Request4(byte[] b, Random rng)
    {
        switch (rng.Next(5))
        {
            case 0: b[0] = Pick(rng); return b;
            case 1: b[1] = Pick(rng); return b;
            case 2: return b[..^1]; // the last NUL missing
            case 3: // no user id terminator at all: a long run of non-NUL
                var run = new byte[8 + 300];
                b.AsSpan(0, 8).CopyTo(run);
                run.AsSpan(8).Fill((byte)'A');
                return run;
            default: // 4a marker with no host name
                b[4] = b[5] = b[6] = 0;
                b[7] = 1;
                return b;
        }
    }
}
