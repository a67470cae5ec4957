namespace Sockspec.Cli;

/// <summary>Exit codes scripts depend on (stable).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int UsageOrSetup = 2;
}
