namespace Sockspec.Vectors;

/// <summary>Which way bytes crossed the wire: client to server (">" in a vector file) or server to client ("&lt;").</summary>
public enum Direction : byte
{
    ClientToServer,
    ServerToClient,
}

public static class DirectionText
{
    public static char Arrow(this Direction d) => d == Direction.ClientToServer ? '>' : '<';
}
