using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace NeuralSharp.Kernels;

/// <summary>Work split in shares: share <c>index</c> of <c>count</c>, each share writing only its own part of the output.</summary>
internal interface IWorkShare
{
    /// <param name="index">This share.</param>
    /// <param name="count">How many shares.</param>
    /// <param name="argument">The value given to <see cref="GemmWorkers.TryRun(IWorkShare, int, nint)"/>: what changes
    /// from call to call (a pinned input's address), delivered on the cache line that starts each helper.</param>
    void RunShare(int index, int count, nint argument);
}

/// <summary>How element-wise shares divide their work.</summary>
internal static class WorkShares
{
    /// <summary>
    /// Share <paramref name="index"/> of <paramref name="count"/> over [0, <paramref name="total"/>): equal contiguous
    /// ranges whose length is a multiple of <paramref name="align"/> (a power of two), the last one shorter or empty.
    /// </summary>
    public static (int Start, int End) Range(int total, int index, int count, int align = 1)
    {
        int chunk = (((total + count - 1) / count) + align - 1) & ~(align - 1);
        int start = Math.Min(total, index * chunk);
        return (start, Math.Min(total, start + chunk));
    }
}

/// <summary>
/// Persistent helper threads for <see cref="Gemm"/> (and element-wise work given as an <see cref="IWorkShare"/>):
/// the caller runs share 0 and helpers 1 … threads−1.
/// </summary>
/// <remarks>
/// Why: a per-call Parallel.For allocates closures and tasks on the calling thread and pays scheduling latency;
/// helpers parked on events are woken with no allocation. One product at a time: a concurrent caller finds the
/// pool busy and runs single-threaded, which gives the same bits.
/// </remarks>
internal static partial class GemmWorkers
{
    // Why: a hand-off through an OS event costs microseconds (a futex wake-up), as much as a small product. Helpers
    // therefore busy-wait on a sequence number for a while after each job (as OpenMP runtimes do) and only then park
    // on their event; the caller likewise spins briefly on the pending count before blocking. Back-to-back work (the
    // products of a training step, a stream of single-example predictions) then changes hands in well under 1 µs.
    // Why 250 µs: a training step has single-threaded stretches (loss, the last layer's small products, the
    // activation derivatives) of 50–100 µs between parallel products; with a 50 µs spin the helper had parked by then,
    // and waking it (tens of µs in a VM) doubled the next product's time. FMNIST-MLP at batch 128 went from about 830
    // to 805 µs per step; 1 ms measured the same as 250 µs. OpenMP runtimes spin for milliseconds by default.
    private static readonly long SpinTicks = Stopwatch.Frequency / 4_000;

    private static readonly ManualResetEventSlim s_done = new(false, 0);
    private static Helper[] s_helpers = [];
    private static GemmJob s_job;
    private static IWorkShare? s_share;
    private static Exception? s_helperFailure;
    private static SyncLines s_sync;

    public static bool TryRun(in GemmJob job, int threads) => TryRun(in job, null, threads);

    /// <summary>Runs <paramref name="share"/> on <paramref name="threads"/> threads, each share given
    /// <paramref name="argument"/>; false (nothing run) when the pool is busy.</summary>
    public static bool TryRun(IWorkShare share, int threads, nint argument = 0) => TryRun(default, share, threads, argument);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryRun(in GemmJob job, IWorkShare? share, int threads, nint argument = 0)
    {
        if (Interlocked.CompareExchange(ref s_sync.Busy, 1, 0) != 0)
        {
            return false;
        }

        try
        {
            if (s_helpers.Length < threads - 1)
            {
                Grow(threads - 1);
            }

            // Why only what changed is written: every line the caller writes is one the helper must fetch back from
            // this core before it can start, one cross-core transfer each (about 0.1 µs here). A stream of
            // single-example predictions runs the same share again and again; only the argument and the sequence
            // change, and both travel on the helper's own line.
            if (share is null)
            {
                s_job = job;
            }

            if (!ReferenceEquals(s_share, share))
            {
                s_share = share; // kept after the job (with what the share references) until a job of another kind
            }

            for (int i = 1; i < threads; i++)
            {
                s_helpers[i - 1].Start(i, threads, argument);
            }

            try
            {
                RunShare(0, threads, argument);
            }
            finally
            {
                // A helper that parked just as its job was published may have missed it; the fence makes the
                // publication visible before each helper's parked flag is read again (see Helper.Start).
                Interlocked.MemoryBarrier();
                for (int i = 1; i < threads; i++)
                {
                    s_helpers[i - 1].WakeIfParked();
                }

                WaitForHelpers(threads);
            }

            // A share that threw on a helper throws here, on the caller, as it would have run serially.
            if (Volatile.Read(ref s_helperFailure) is not null && Interlocked.Exchange(ref s_helperFailure, null) is Exception failure)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }
        finally
        {
            if (Volatile.Read(ref s_helperFailure) is not null)
            {
                Volatile.Write(ref s_helperFailure, null);
            }

            Volatile.Write(ref s_sync.Busy, 0);
        }

        return true;
    }

    /// <summary>
    /// The pool's flags, each on a cache line of its own, apart from the other statics. Why: the caller claims the pool
    /// (a locked exchange) at the start of every parallel product, and the helpers read the parked flag after every
    /// job; a line shared with what the helpers write would travel between the cores on each claim.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct SyncLines
    {
        /// <summary>1 while a caller owns the pool.</summary>
        [FieldOffset(64)]
        public int Busy;

        /// <summary>1 while the caller blocks on <see cref="s_done"/>; a helper signals the event only then.</summary>
        [FieldOffset(128)]
        public int CallerParked;
    }

    /// <summary>Test seam: runs on a helper between its "finished" store and its signal of the done event.</summary>
    internal static Action? BeforeDoneSignal { get; set; }

    /// <summary>Returns only when helpers 1 … <paramref name="threads"/> − 1 have finished this job (their "finished"
    /// lines are the only truth).</summary>
    /// <remarks>
    /// The done event may still be set by the previous job's helper, which signals after its "finished" store, so
    /// possibly after this job's Reset. Why the loop: a wake-up from the event alone would let the caller return,
    /// and unpin the operands, while a helper still works on them.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WaitForHelpers(int threads)
    {
        var spin = new Spin();
        while (!AllFinished(threads))
        {
            if (spin.Once())
            {
                continue;
            }

            // Spun for SpinTicks: park.
            // The flag is set (a full fence) before the helpers' lines are read again, and each helper stores
            // "finished" and fences before it reads the flag: one of the two sees the other.
            Interlocked.Exchange(ref s_sync.CallerParked, 1);
            bool interrupted = false;
            while (!AllFinished(threads))
            {
                // Not interruptible: returning early would unpin operands a helper still writes.
                try
                {
                    s_done.Wait();
                }
                catch (ThreadInterruptedException)
                {
                    interrupted = true;
                }

                s_done.Reset();
            }

            Volatile.Write(ref s_sync.CallerParked, 0);
            if (interrupted)
            {
                Thread.CurrentThread.Interrupt(); // delivered at the caller's next blocking call, as it asked
            }

            return;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AllFinished(int threads)
    {
        for (int i = 1; i < threads; i++)
        {
            if (!s_helpers[i - 1].Finished)
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunShare(int index, int count, nint argument)
    {
        if (s_share is IWorkShare share)
        {
            share.RunShare(index, count, argument);
        }
        else
        {
            s_job.RunShare(index, count);
        }
    }

    /// <summary>
    /// After this long spinning without a job (or, for the caller, without the helpers finishing), every 64th look at
    /// the flag yields the core to any other thread ready to run on it instead of pausing (20 µs).
    /// </summary>
    /// <remarks>Why: a spinning thread holds its core for the whole 250 µs spin. With another busy process on the
    /// machine (a second training, a build), it takes the core from that process and from this process's own other
    /// thread, and every parallel product then waits on a descheduled partner. Two FMNIST-MLP trainings at batch 128
    /// side by side on 2 cores took 2.93 s an epoch each with the pause alone, 0.78 s with the yield (one alone:
    /// 0.32 s). A yield is a system call that returns at once when nothing else is ready, and the threshold keeps it
    /// out of back-to-back work (predictions a few µs apart): interleaved runs of one training alone measured 0.321 /
    /// 0.342 / 0.318 s an epoch without it and 0.331 / 0.315 / 0.318 s with it, and a prediction 3.67 / 4.01 / 3.63
    /// against 3.64 / 3.67 / 3.62 µs.</remarks>
    private static readonly long YieldTicks = Stopwatch.Frequency / 50_000;

    /// <summary>
    /// The looks of one thread waiting on a flag another core will write: a pause each, the clock read at every 64th,
    /// a yield instead of that pause once the wait has lasted <see cref="YieldTicks"/>, and an end after
    /// <see cref="SpinTicks"/>, when the thread parks.
    /// </summary>
    private struct Spin
    {
        private readonly long _began;
        private int _looks;

        public Spin() => _began = Stopwatch.GetTimestamp();

        /// <summary>One look's wait; false when the spin is over and the thread should park.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Once()
        {
            if ((++_looks & 63) != 0)
            {
                SpinOnce();
                return true;
            }

            long spun = Stopwatch.GetTimestamp() - _began;
            if (spun > SpinTicks)
            {
                return false;
            }

            if (spun > YieldTicks)
            {
                Thread.Yield();
            }
            else
            {
                SpinOnce();
            }

            return true;
        }
    }

    /// <summary>One pause between two looks at a flag another core will write.</summary>
    /// <remarks>Why not <see cref="Thread.SpinWait(int)"/>: its one iteration is normalised to several pause
    /// instructions, 54 ns on this project's Xeon VM against 13 ns for one, and a flag seen up to 54 ns late delays the
    /// start of a helper's share and the caller's return by half that on average, twice per single-example prediction.
    /// (One pause takes far longer on some CPUs, about 140 cycles on Skylake-SP; parking is timed by the clock, so only
    /// the reaction time changes.)</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SpinOnce()
    {
        if (X86Base.IsSupported)
        {
            X86Base.Pause();
        }
        else
        {
            Thread.SpinWait(1);
        }
    }

    private static void Grow(int count)
    {
        var helpers = new Helper[count];
        Array.Copy(s_helpers, helpers, s_helpers.Length);
        for (int i = s_helpers.Length; i < count; i++)
        {
            helpers[i] = new Helper();
        }

        s_helpers = helpers;
    }
}
