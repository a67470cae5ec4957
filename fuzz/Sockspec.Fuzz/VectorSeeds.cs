using System.Globalization;
using System.Security.Cryptography;
using Sockspec.Codec;

namespace Sockspec.Fuzz;

/// <summary>
/// Seeds from the golden vectors (vectors/**/*.vector, format in vectors/README.md): each dialog's two streams are cut
/// into messages with the codec and every message goes to its target's corpus as vector-SHA1; the handshake parts go,
/// whole, to the proxy targets. Only the segment lines are read ("> 05 01 00", ">+ ..." continuations, "(eof)").
/// </summary>
public static class VectorSeeds
{
    public static int Write(string vectorsDir, string corporaDir, TextWriter output)
    {
        var seeds = new Dictionary<string, HashSet<string>>();
        int files = 0;
        foreach (var file in Directory.EnumerateFiles(vectorsDir, "*.vector", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            files++;
            var (protocol, up, down) = Parse(File.ReadLines(file));
            foreach (var (target, bytes) in Cut(protocol, up, down))
                (seeds.TryGetValue(target, out var set) ? set : seeds[target] = []).Add(Convert.ToHexString(bytes));
        }
        foreach (var (target, set) in seeds.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var folder = Path.Combine(corporaDir, target);
            Directory.CreateDirectory(folder);
            foreach (var hex in set)
            {
                var bytes = Convert.FromHexString(hex);
                File.WriteAllBytes(Path.Combine(folder, "vector-" + Convert.ToHexStringLower(SHA1.HashData(bytes))), bytes);
            }
            output.WriteLine($"{target}: {set.Count} seed(s) from the vectors in {folder}");
        }
        output.WriteLine($"{files} vector file(s) read");
        return files == 0 ? 2 : 0;
    }

    /// <summary>The protocol header and the concatenated client-to-server and server-to-client segments.</summary>
    public static (string Protocol, List<byte[]> Up, List<byte[]> Down) Parse(IEnumerable<string> lines)
    {
        string protocol = "";
        List<byte[]> up = [], down = [];
        List<byte[]>? last = null;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            if (line.StartsWith("protocol:", StringComparison.Ordinal)) protocol = line["protocol:".Length..].Trim();
            if (line.Length < 2 || line[0] is not ('>' or '<') || line.Contains("(eof)", StringComparison.Ordinal)) continue;
            bool continues = line[1] == '+';
            var list = line[0] == '>' ? up : down;
            var bytes = line[(continues ? 2 : 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(h => byte.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
            if (continues && last == list && list.Count > 0) list[^1] = [.. list[^1], .. bytes];
            else list.Add(bytes);
            last = list;
        }
        return (protocol, up, down);
    }

    private static IEnumerable<(string Target, byte[] Bytes)> Cut(string protocol, List<byte[]> up, List<byte[]> down)
    {
        if (protocol == "socks5-udp")
        {
            foreach (var d in up.Concat(down)) yield return ("udp-header", d);
            yield break;
        }
        var c = up.SelectMany(b => b).ToArray();
        var s = down.SelectMany(b => b).ToArray();
        if (protocol == "socks4")
        {
            if (Socks4Request.TryRead(c, out var req4) is { IsDone: true } r4)
            {
                yield return ("socks4-request", c[..r4.Consumed]);
                yield return ("server-handshake", [0, 0, .. c[..r4.Consumed]]);
            }
            if (s.Length >= 8)
            {
                yield return ("socks4-reply", s[..8]);
                yield return ("client-reply", [(byte)(req4.IsSocks4a ? 3 : 2), 0, .. s[..8]]);
            }
            yield break;
        }
        if (protocol != "socks5") yield break;

        int at = 0;
        bool auth = false;
        var g = Socks5Greeting.TryRead(c, out _);
        if (g.IsDone) { yield return ("greeting", c[..g.Consumed]); at = g.Consumed; }
        if (at < c.Length && c[at] == 0x01 && UsernamePasswordRequest.TryRead(c.AsSpan(at), out _) is { IsDone: true } u)
        {
            yield return ("userpass-request", c[at..(at + u.Consumed)]);
            at += u.Consumed;
            auth = true;
        }
        if (Socks5Request.TryRead(c.AsSpan(at), out _) is { IsDone: true } q)
        {
            yield return ("socks5-request", c[at..(at + q.Consumed)]);
            at += q.Consumed;
        }
        if (at > 0) yield return ("server-handshake", [(byte)(auth ? 1 : 0), 0, .. c[..at]]);

        int sat = 0;
        if (Socks5MethodSelection.TryRead(s, out var sel).IsDone)
        {
            yield return ("method-selection", s[..2]);
            sat = 2;
            if (sel.Method == 0x02 && UsernamePasswordResponse.TryRead(s.AsSpan(2), out _).IsDone)
            {
                yield return ("userpass-response", s[2..4]);
                sat = 4;
            }
        }
        if (Socks5Reply.TryRead(s.AsSpan(sat), out _) is { IsDone: true } p)
        {
            yield return ("socks5-reply", s[sat..(sat + p.Consumed)]);
            sat += p.Consumed;
        }
        if (sat > 0) yield return ("client-reply", [(byte)(auth ? 1 : 0), 0, .. s[..sat]]);
    }
}
