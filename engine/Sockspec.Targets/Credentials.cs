namespace Sockspec.Targets;

/// <summary>The run's RFC 1929 credentials. The password never appears in ToString (reports, reproducers, logs).</summary>
public sealed record Credentials(string User, string Password)
{
    public override string ToString() => $"{User}:<password>";
}
