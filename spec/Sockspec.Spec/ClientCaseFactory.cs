using Sockspec.ClientSpec.Harness;

namespace Sockspec.Spec;

/// <summary>
/// The heads of client cases by document, so that each reads as one statement like a server case:
/// <c>S5(id, "§6", title).Checks(...).Accept(verdict, outcomes...)...Serve(...)</c>.
/// </summary>
internal static class ClientCaseFactory
{
    public static ClientCaseBuilder S5(string id, string section, string title) =>
        ClientCaseBuilder.Client(id, "RFC 1928 " + section, title).For(Applies.Socks5);

    public static ClientCaseBuilder Up(string id, string title) =>
        ClientCaseBuilder.Client(id, "RFC 1929 §2", title).For(Applies.Socks5).NeedsUserPass();

    public static ClientCaseBuilder S4(string id, string title, Applies applies = Applies.Socks4Any) =>
        ClientCaseBuilder.Client(id, applies == Applies.Socks4a ? "SOCKS4a" : "SOCKS4", title).For(applies);

    /// <summary>A case for any dialect, outside the documents' sections (a server that never starts the dialog).</summary>
    public static ClientCaseBuilder AnyDialect(string id, string title) =>
        ClientCaseBuilder.Client(id, "robustness", title).For(Applies.Any);
}
