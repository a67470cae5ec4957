namespace Sockspec.Targets;

/// <summary>A container's output as report lines, bounded in count and length (oldest lines dropped first).</summary>
internal sealed class ContainerLog
{
    public const int MaxLines = 2000;
    public const int MaxLineLength = 2000;

    private readonly Queue<string> _lines = new();
    private int _dropped;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _dropped == 0 ? [.. _lines] : [$"[sockspec] {_dropped} earlier lines dropped", .. _lines];
            }
        }
    }

    public void Add(string line)
    {
        if (line.Length > MaxLineLength) line = line[..MaxLineLength] + " [line truncated]";
        lock (_lines)
        {
            if (_lines.Count >= MaxLines)
            {
                _lines.Dequeue();
                _dropped++;
            }
            _lines.Enqueue(line);
        }
    }
}
