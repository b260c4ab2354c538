using NeuralSharp.Kernels;

namespace NeuralSharp.Tests.Kernels;

/// <summary>Tests that swap the worker pool's test seam run alone: the pool and the seam are process-wide.</summary>
[CollectionDefinition(nameof(WorkerPoolCollection), DisableParallelization = true)]
public sealed class WorkerPoolCollection;

[Collection(nameof(WorkerPoolCollection))]
public sealed class GemmWorkersTests
{
    /// <summary>
    /// The helper's share sleeps, then records that it finished. The caller's share returns at once, or, with
    /// <paramref name="callerOutwaitsHelper"/>, only 5 ms after the helper finished (the helper has then long
    /// decremented the pending count, so the caller's wait ends without touching the event).
    /// </summary>
    private sealed class SleepingShare(int helperMilliseconds, bool callerOutwaitsHelper = false) : IWorkShare
    {
        private int _finished;

        public bool HelpersFinished => Volatile.Read(ref _finished) != 0;

        public void RunShare(int index, int count)
        {
            if (index > 0)
            {
                Thread.Sleep(helperMilliseconds);
                Volatile.Write(ref _finished, 1);
            }
            else if (callerOutwaitsHelper)
            {
                SpinWait.SpinUntil(() => HelpersFinished);
                Thread.Sleep(5);
            }
        }
    }

    /// <summary>
    /// The previous job's last helper signals "done" after its decrement, so the signal can land inside the next
    /// job. The caller must still wait for the next job's helpers, or it would unpin operands they are using.
    /// </summary>
    [Fact]
    public void Caller_waits_for_the_helpers_even_when_the_previous_jobs_done_signal_arrives_late()
    {
        int delayOnce = 0;
        GemmWorkers.BeforeDoneSignal = () =>
        {
            if (Interlocked.Exchange(ref delayOnce, 0) == 1)
            {
                Thread.Sleep(20);
            }
        };
        try
        {
            for (int attempt = 0; attempt < 3; attempt++)
            {
                // The first job's caller returns on the pending count while its helper sits 20 ms inside the
                // delayed signal, which then lands during the second job.
                Volatile.Write(ref delayOnce, 1);
                Assert.True(GemmWorkers.TryRun(new SleepingShare(0, callerOutwaitsHelper: true), 2));
                var second = new SleepingShare(60);
                Assert.True(GemmWorkers.TryRun(second, 2));
                Assert.True(second.HelpersFinished, $"attempt {attempt}: TryRun returned while a helper was still running its share");
            }
        }
        finally
        {
            GemmWorkers.BeforeDoneSignal = null;
        }
    }

    private sealed class ThrowingShare : IWorkShare
    {
        public void RunShare(int index, int count)
        {
            if (index > 0)
            {
                throw new ArgumentOutOfRangeException(nameof(index), "thrown by a helper's share");
            }
        }
    }

    /// <summary>An exception in a helper's share reaches the caller (as a serial run would throw it) and the pool keeps working.</summary>
    [Fact]
    public void A_helpers_exception_is_rethrown_on_the_caller_and_the_pool_stays_usable()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            while (!GemmWorkers.TryRun(new ThrowingShare(), 2))
            {
                Thread.Yield();
            }
        });
        Assert.Contains("thrown by a helper's share", e.Message, StringComparison.Ordinal);

        var next = new SleepingShare(1);
        Assert.True(GemmWorkers.TryRun(next, 2));
        Assert.True(next.HelpersFinished);
    }
}
