using Sockspec.ClientSpec.Harness;
using Sockspec.Model;

namespace Sockspec.Spec;

/// <summary>Shorthands so that each client case reads as one statement: ID, title, requirements, expected set, script, grader.</summary>
internal static class ClientCaseFactory
{
    public static ClientCase S5(string id, string section, string title, string[] reqs, RequirementLevel level, string expected, ServerScript script, Grader grade) =>
        new(id, "RFC 1928 " + section, title, reqs, level, Applies.Socks5, expected, script, grade);

    public static ClientCase Up(string id, string title, string[] reqs, RequirementLevel level, string expected, ServerScript script, Grader grade) =>
        new(id, "RFC 1929 §2", title, reqs, level, Applies.Socks5, expected, script, grade) { NeedsUserPass = true };

    public static ClientCase S4(string id, string title, string[] reqs, RequirementLevel level, string expected, ServerScript script, Grader grade, Applies applies = Applies.Socks4Any) =>
        new(id, applies == Applies.Socks4a ? "SOCKS4a" : "SOCKS4", title, reqs, level, applies, expected, script, grade);
}
