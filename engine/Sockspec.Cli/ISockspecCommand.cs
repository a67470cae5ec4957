using System.CommandLine;

namespace Sockspec.Cli;

/// <summary>
/// One `sockspec` sub-command. Program finds every implementation by reflection, so a command is added by adding its
/// file alone (no central list to edit).
/// </summary>
public interface ISockspecCommand
{
    Command Build();
}
