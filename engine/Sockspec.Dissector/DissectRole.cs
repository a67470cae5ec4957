namespace Sockspec.Dissector;

/// <summary>Which direction the bytes travel.</summary>
public enum DissectRole
{
    /// <summary>Client to server: greeting, username/password request, requests, SOCKS4 requests.</summary>
    Client,

    /// <summary>Server to client: method selection, username/password response, replies, SOCKS4 replies.</summary>
    Server,
}
