namespace Sockspec.ClientSpec.Harness;

/// <summary>
/// Destination names per <see cref="TargetShape"/>. Long names end in ".localhost" (RFC 6761) so that a client that
/// resolves them itself gets loopback or nothing, and no case sends a DNS query off the machine.
/// </summary>
public static class TargetNames
{
    public static string For(TargetShape shape) => shape switch
    {
        TargetShape.Name255 => OfLength(255),
        TargetShape.Name256 => OfLength(256),
        TargetShape.Name300 => OfLength(300),
        _ => "localhost",
    };

    /// <summary>A name of exactly <paramref name="length"/> octets: 63-octet labels (the DNS maximum) and ".localhost".</summary>
    public static string OfLength(int length)
    {
        const string suffix = ".localhost";
        var labels = new List<string>();
        int left = length - suffix.Length + 1; // each label is counted with the dot that follows it
        char c = 'a';
        while (left > 0)
        {
            // A label plus its dot; never leave a remainder of one octet (it would need an empty label).
            int take = Math.Min(63, left - 1);
            if (left - (take + 1) == 1) take--;
            labels.Add(new string(c++, take));
            left -= take + 1;
        }
        return string.Join(".", labels) + suffix;
    }
}
