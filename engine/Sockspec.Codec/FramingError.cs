namespace Sockspec.Codec;

/// <summary>
/// Why bytes cannot be framed as a message at all. Kept apart from <see cref="SocksViolation"/>, which names a rule
/// broken by a message that frames fine: the suite must be able to say "RSV was 0x01" rather than "unparseable".
/// </summary>
public enum FramingError : byte
{
    None = 0,

    /// <summary>ATYP is not 01, 03 or 04, so the length of the address (and of the message) is unknown.</summary>
    UnknownAddressType,

    /// <summary>A SOCKS4 USERID ran past <see cref="Socks4Request.MaxUserIdLength"/> bytes without its NUL.</summary>
    UserIdTooLong,

    /// <summary>A SOCKS4a hostname ran past <see cref="Socks4Request.MaxHostnameLength"/> bytes without its NUL.</summary>
    HostnameTooLong,
}
