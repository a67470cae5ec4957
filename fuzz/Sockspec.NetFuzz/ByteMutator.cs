namespace Sockspec.NetFuzz;

/// <summary>Byte-level damage to a whole handshake: flip, overwrite, insert, delete, truncate, duplicate.</summary>
public static class ByteMutator
{
    private const int MaxLength = 4096;

    public static byte[] Mutate(byte[] input, Random rng)
    {
        var b = new List<byte>(input);
        int ops = 1 + rng.Next(3);
        for (int k = 0; k < ops; k++)
        {
            if (b.Count == 0) { b.Add((byte)rng.Next(256)); continue; }
            int at = rng.Next(b.Count);
            switch (rng.Next(7))
            {
                case 0: b[at] ^= (byte)(1 << rng.Next(8)); break;
                case 1: b[at] = (byte)rng.Next(256); break;
                case 2:
                    var ins = new byte[1 + rng.Next(8)];
                    rng.NextBytes(ins);
                    b.InsertRange(at, ins);
                    break;
                case 3: b.RemoveRange(at, Math.Min(b.Count - at, 1 + rng.Next(4))); break;
                case 4: b.RemoveRange(at, b.Count - at); break;
                case 5:
                    int len = Math.Min(b.Count - at, 1 + rng.Next(16));
                    b.InsertRange(at, b.GetRange(at, len));
                    break;
                default: b[at] = rng.Next(2) == 0 ? (byte)0 : (byte)0xff; break;
            }
            if (b.Count > MaxLength) b.RemoveRange(MaxLength, b.Count - MaxLength);
        }
        return [.. b];
    }
}
