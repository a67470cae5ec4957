namespace Sockspec.Codec;

/// <summary>SOCKS4 CD values in a reply.</summary>
public enum Socks4Cd : byte
{
    RequestGranted = 90,
    RequestRejectedOrFailed = 91,
    IdentdUnreachable = 92,
    IdentdUserIdMismatch = 93,
}
