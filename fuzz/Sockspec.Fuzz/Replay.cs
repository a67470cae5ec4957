namespace Sockspec.Fuzz;

/// <summary>Runs saved inputs through a target without libFuzzer and prints what any of them threw.</summary>
public static class Replay
{
    /// <summary>0 when every input passed, 1 when any threw, 2 when a path does not exist.</summary>
    public static int Run(IFuzzTarget target, IEnumerable<string> paths, TextWriter output)
    {
        int failed = 0, total = 0;
        foreach (var path in paths)
        {
            IEnumerable<string> files;
            if (Directory.Exists(path)) files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
            else if (File.Exists(path)) files = [path];
            else
            {
                output.WriteLine($"{path}: no such file or folder");
                return 2;
            }
            foreach (var file in files)
            {
                total++;
                if (RunOne(target, File.ReadAllBytes(file)) is { } ex)
                {
                    failed++;
                    output.WriteLine($"{file}: {target.Name} FAILED");
                    output.WriteLine(ex);
                }
            }
        }
        output.WriteLine($"{target.Name}: {total} input(s), {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    public static Exception? RunOne(IFuzzTarget target, byte[] input)
    {
        try
        {
            target.Run(input);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
