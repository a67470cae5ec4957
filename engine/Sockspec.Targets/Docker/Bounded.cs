namespace Sockspec.Targets.Docker;

/// <summary>
/// Runs one Docker API call under its own deadline. The caller's token cancels it as usual; the deadline is enforced
/// with <see cref="Task.WaitAsync(TimeSpan, CancellationToken)"/> as well as through the token, because a call stuck in
/// a connect or a read that ignores cancellation must still not hang the run.
/// </summary>
internal static class Bounded
{
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> call, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var task = call(cts.Token);
        try
        {
            return await task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Observe(task);
            throw new DockerTargetException($"{what}: no answer from the Docker engine within {timeout.TotalSeconds:0.#} s");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Observe(task);
            throw new DockerTargetException($"{what}: no answer from the Docker engine within {timeout.TotalSeconds:0.#} s");
        }
    }

    public static Task RunAsync(
        Func<CancellationToken, Task> call, TimeSpan timeout, string what, CancellationToken cancellationToken) =>
        RunAsync(
            async ct =>
            {
                await call(ct).ConfigureAwait(false);
                return true;
            },
            timeout,
            what,
            cancellationToken);

    // An abandoned call may still fail later; its exception must not surface as an unobserved task exception.
    private static void Observe(Task task) =>
        task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
}
