using System.Security.Cryptography;

namespace Sockspec.Fuzz;

/// <summary>Writes each target's seeds as DIR/TARGET/seed-SHA1, so that rewriting them is idempotent.</summary>
public static class SeedCorpus
{
    public static int Write(string dir, TextWriter output)
    {
        foreach (var target in TargetRegistry.All)
        {
            var folder = Path.Combine(dir, target.Name);
            Directory.CreateDirectory(folder);
            int n = 0;
            foreach (var seed in target.Seeds())
            {
                File.WriteAllBytes(Path.Combine(folder, "seed-" + Convert.ToHexStringLower(SHA1.HashData(seed))), seed);
                n++;
            }
            output.WriteLine($"{target.Name}: {n} seed(s) in {folder}");
        }
        return 0;
    }
}
