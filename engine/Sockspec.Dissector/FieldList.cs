namespace Sockspec.Dissector;

/// <summary>Lays fields out one after another from a message's first byte.</summary>
internal sealed class FieldList(int offset)
{
    private readonly List<DissectedField> _fields = [];
    private int _offset = offset;

    public FieldList Add(string name, int length, string value)
    {
        _fields.Add(new DissectedField(name, _offset, length, value));
        _offset += length;
        return this;
    }

    /// <summary>The fields that lie wholly before <paramref name="end"/>: what was read before a framing error.</summary>
    public IReadOnlyList<DissectedField> Before(int end) => _fields.Where(f => f.Offset < end && f.Offset + f.Length <= end).ToList();

    public IReadOnlyList<DissectedField> All => _fields;
}
