namespace Sockspec.Model;

/// <summary>
/// How binding a requirement is. RFC 2119 words for the RFCs; <see cref="Specified"/> for layouts and behaviour the
/// older documents (SOCKS4, SOCKS4a, RFC 1928's diagrams) state without such words. A broken MUST or Specified is a
/// failure; a broken SHOULD or MAY is non-strict unless --strict.
/// </summary>
public enum RequirementLevel
{
    Must,
    Should,
    May,
    Specified,
}
