using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Sockspec.Fuzz.Proxy;

/// <summary>
/// The reference server reports an exception that ends a session unexpectedly (<see cref="UnexpectedServerErrors"/>),
/// but code under test may also catch a bug's exception on the way (a catch for a broad type, a retry loop). This
/// watches every first-chance exception in the process and keeps the ones no correct code throws (null dereference,
/// index or argument out of range, bad cast, overflow, missing key), wherever they are caught later: each is a
/// finding for the input being run.
/// </summary>
public static class BugClassExceptions
{
    private static readonly ConcurrentQueue<Exception> Seen = new();
    private static int _installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1) return;
        AppDomain.CurrentDomain.FirstChanceException += OnFirstChance;
    }

    public static void Clear() => Seen.Clear();

    public static void ThrowIfAny(string context)
    {
        if (Seen.TryDequeue(out var e))
        {
            Seen.Clear();
            throw new FuzzFindingException($"{e.GetType().Name} thrown inside the code under test (then caught): {e.Message}\n{e.StackTrace}\n{context}");
        }
    }

    private static void OnFirstChance(object? sender, FirstChanceExceptionEventArgs args)
    {
        if (args.Exception is NullReferenceException or IndexOutOfRangeException or ArgumentOutOfRangeException
            or InvalidCastException or OverflowException or DivideByZeroException or KeyNotFoundException)
        {
            Seen.Enqueue(args.Exception);
        }
    }
}
