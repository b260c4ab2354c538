using NeuralSharp.Kernels;

namespace NeuralSharp.Tests.Kernels;

/// <summary>
/// Tests that swap the worker pool's test seam, or that compare results on several threads, run alone: the pool and the
/// seam are process-wide, and a product asked for on two threads runs on one while another test holds the pool, so a
/// comparison across thread counts running beside other tests may compare one thread with itself.
/// </summary>
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

        public void RunShare(int index, int count, nint argument)
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
        public void RunShare(int index, int count, nint argument)
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

    private sealed class ArgumentShare : IWorkShare
    {
        public readonly nint[] Seen = new nint[2];

        public void RunShare(int index, int count, nint argument) => Seen[index] = argument;
    }

    /// <summary>
    /// The argument travels to each helper with the job's start signal: every share of every job sees its own job's
    /// argument, also when the helper had parked in between (every tenth job follows a pause longer than the spin).
    /// </summary>
    [Fact]
    public void Every_share_sees_the_argument_of_its_own_job()
    {
        var share = new ArgumentShare();
        int checkedJobs = 0;
        for (int job = 1; job <= 300; job++)
        {
            if (job % 10 == 0)
            {
                Thread.Sleep(2);
            }

            Array.Clear(share.Seen);
            if (GemmWorkers.TryRun(share, 2, job * 7919))
            {
                Assert.Equal(job * 7919, share.Seen[0]);
                Assert.Equal(job * 7919, share.Seen[1]);
                checkedJobs++;
            }
        }

        Assert.Equal(300, checkedJobs); // this collection runs alone: nothing else holds the pool
    }

    private sealed class CountingShare : IWorkShare
    {
        public int HelperRuns;

        public void RunShare(int index, int count, nint argument)
        {
            if (index > 0)
            {
                Interlocked.Increment(ref HelperRuns);
            }
        }
    }

    /// <summary>
    /// Jobs separated by pauses around the helpers' spin time (250 µs), so that helpers and the caller park and wake
    /// at every point of the hand-off: no job is lost and none waits forever. The caller publishes a job without a
    /// fence and looks for a parked helper again after its own share; a missed wake-up would hang a job here.
    /// </summary>
    [Fact]
    public async Task Jobs_separated_by_pauses_around_the_spin_time_all_run_to_completion()
    {
        var random = new Random(7);
        var share = new CountingShare();
        int ran = 0;
        var worker = Task.Run(() =>
        {
            for (int job = 0; job < 600; job++)
            {
                long until = System.Diagnostics.Stopwatch.GetTimestamp() + (System.Diagnostics.Stopwatch.Frequency * random.Next(0, 600) / 1_000_000);
                while (System.Diagnostics.Stopwatch.GetTimestamp() < until)
                {
                    Thread.SpinWait(10);
                }

                if (job % 50 == 0)
                {
                    Thread.Sleep(2); // long enough for every helper to park
                }

                if (GemmWorkers.TryRun(share, 2))
                {
                    ran++;
                }
            }
        });
        await worker.WaitAsync(TimeSpan.FromSeconds(60)); // throws TimeoutException when a helper missed its wake-up
        Assert.Equal(ran, Volatile.Read(ref share.HelperRuns));
        Assert.True(ran > 0);
    }
}
