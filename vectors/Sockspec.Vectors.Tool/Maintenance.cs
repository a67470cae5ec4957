using Sockspec.Vectors;

namespace Sockspec.Vectors.Tool;

/// <summary>Rewrites vector files from code: annotations regenerated, invalid vectors generated from the recorded set.</summary>
internal static class Maintenance
{
    public static int Regenerate(string dir)
    {
        int n = 0;
        foreach (var path in VectorFile.FilesUnder(dir))
        {
            var text = File.ReadAllText(path);
            var formatted = VectorFile.Format(VectorFile.Parse(text));
            if (formatted != text)
            {
                File.WriteAllText(path, formatted);
                Console.WriteLine($"updated {path}");
            }
            n++;
        }
        Console.WriteLine($"{n} vectors checked");
        return 0;
    }

    public static int GenerateInvalid(string recordedDir, string invalidDir)
    {
        var recorded = VectorFile.FilesUnder(recordedDir).Select(VectorFile.Load).ToList();
        if (recorded.Count == 0)
        {
            Console.Error.WriteLine($"no vectors under {recordedDir}");
            return 2;
        }
        IReadOnlyList<Vector> invalid;
        try { invalid = InvalidVectors.Generate(recorded); }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
        foreach (var old in VectorFile.FilesUnder(invalidDir)) File.Delete(old);
        foreach (var v in invalid) Console.WriteLine($"wrote {VectorFile.Save(v, invalidDir)}");
        return 0;
    }
}
