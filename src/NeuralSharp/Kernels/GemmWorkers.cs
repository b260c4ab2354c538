using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace NeuralSharp.Kernels;

/// <summary>Work split in shares: share <c>index</c> of <c>count</c>, each share writing only its own part of the output.</summary>
internal interface IWorkShare
{
    void RunShare(int index, int count);
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
internal static class GemmWorkers
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

    /// <summary>Runs <paramref name="share"/> on <paramref name="threads"/> threads; false (nothing run) when the pool is busy.</summary>
    public static bool TryRun(IWorkShare share, int threads) => TryRun(default, share, threads);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryRun(in GemmJob job, IWorkShare? share, int threads)
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

            s_job = job;
            s_share = share;
            Volatile.Write(ref s_sync.Pending, threads - 1);
            for (int i = 1; i < threads; i++)
            {
                s_helpers[i - 1].Start(i, threads);
            }

            try
            {
                RunShare(0, threads);
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

                WaitForHelpers();
            }

            // A share that threw on a helper throws here, on the caller, as it would have run serially.
            if (Volatile.Read(ref s_helperFailure) is not null && Interlocked.Exchange(ref s_helperFailure, null) is Exception failure)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }
        finally
        {
            s_share = null;
            Volatile.Write(ref s_helperFailure, null);
            Volatile.Write(ref s_sync.Busy, 0);
        }

        return true;
    }

    /// <summary>
    /// The counters the caller and the helpers write, each on a cache line of its own. Why: as adjacent statics they
    /// shared a line, so the caller's claim of the pool had to fetch back the line each helper's finish had just
    /// written, a round trip between cores at the start of every parallel product.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct SyncLines
    {
        /// <summary>1 while a caller owns the pool.</summary>
        [FieldOffset(64)]
        public int Busy;

        /// <summary>Helpers still running the current job's shares.</summary>
        [FieldOffset(128)]
        public int Pending;

        /// <summary>1 while the caller blocks on <see cref="s_done"/>; the last helper signals the event only then.</summary>
        [FieldOffset(132)]
        public int CallerParked;
    }

    /// <summary>Test seam: runs on a helper between its decrement of the pending count and its signal of the done event.</summary>
    internal static Action? BeforeDoneSignal { get; set; }

    /// <summary>Returns only when every helper has finished this job (the pending count is the only truth).</summary>
    /// <remarks>
    /// The done event may still be set by the previous job's last helper, which signals after its decrement, so
    /// possibly after this job's Reset. Why the loop: a wake-up from the event alone would let the caller return,
    /// and unpin the operands, while a helper still works on them.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WaitForHelpers()
    {
        long until = Stopwatch.GetTimestamp() + SpinTicks;
        for (int i = 0; Volatile.Read(ref s_sync.Pending) != 0; i++)
        {
            if ((i & 63) == 63 && Stopwatch.GetTimestamp() > until)
            {
                // The flag is set (a full fence) before the pending count is read again, and the last helper
                // decrements the count (a full fence) before it reads the flag: one of the two sees the other.
                Interlocked.Exchange(ref s_sync.CallerParked, 1);
                bool interrupted = false;
                while (Volatile.Read(ref s_sync.Pending) != 0)
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

            Thread.SpinWait(1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunShare(int index, int count)
    {
        if (s_share is IWorkShare share)
        {
            share.RunShare(index, count);
        }
        else
        {
            s_job.RunShare(index, count);
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

    private sealed class Helper
    {
        private readonly ManualResetEventSlim _go = new(false, 0);
        private long _sequence;
        private int _parked;
        private int _index;
        private int _count;

        public Helper()
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = "NeuralSharp GEMM" };
            thread.Start();
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Start(int index, int count)
        {
            _index = index;
            _count = count;

            // Publish the job with a plain release store (the caller is the only writer), and wake the helper at once
            // if it is seen parked. Why no fence here: a locked increment waits for the line the spinning helper
            // holds, and that wait (with the caller's other writes) put 0.3-0.5 µs before the caller's own share of
            // every parallel product. The parked flag may be read stale without one; the caller therefore fences
            // and looks again (WakeIfParked) once its own share is done, and a stale signal only costs the helper
            // one extra look at the sequence.
            Volatile.Write(ref _sequence, _sequence + 1);
            WakeIfParked();
        }

        /// <summary>Signals the helper if it is parked on its event.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void WakeIfParked()
        {
            if (Volatile.Read(ref _parked) != 0)
            {
                _go.Set();
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Loop()
        {
            long seen = 0;
            while (true)
            {
                long until = Stopwatch.GetTimestamp() + SpinTicks;
                for (int i = 0; Volatile.Read(ref _sequence) == seen; i++)
                {
                    if ((i & 63) != 63 || Stopwatch.GetTimestamp() <= until)
                    {
                        Thread.SpinWait(1);
                        continue;
                    }

                    Interlocked.Exchange(ref _parked, 1);
                    if (Volatile.Read(ref _sequence) == seen)
                    {
                        _go.Wait();
                    }

                    _go.Reset();
                    Interlocked.Exchange(ref _parked, 0);
                    until = Stopwatch.GetTimestamp() + SpinTicks;
                }

                seen = Volatile.Read(ref _sequence);
                try
                {
                    RunShare(_index, _count);
                }
                catch (Exception e)
                {
                    // Why: an exception escaping a helper thread would end the process; the caller rethrows it.
                    Interlocked.CompareExchange(ref s_helperFailure, e, null);
                }

                if (Interlocked.Decrement(ref s_sync.Pending) == 0)
                {
                    BeforeDoneSignal?.Invoke();
                    if (Volatile.Read(ref s_sync.CallerParked) != 0)
                    {
                        s_done.Set();
                    }
                }
            }
        }
    }
}
