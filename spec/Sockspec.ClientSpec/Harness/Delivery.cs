namespace Sockspec.ClientSpec.Harness;

/// <summary>How the scripted server puts a message on the wire.</summary>
public enum Delivery
{
    /// <summary>One send.</summary>
    Whole,

    /// <summary>One octet per send with a pause between, so that each arrives in its own segment.</summary>
    Bytewise,

    /// <summary>The message and, in the same send, the target's whole HTTP response (before the client asked for it).</summary>
    WithResponse,
}
