namespace NeuralSharp.Kernels;

/// <summary>Work split in shares: share <c>index</c> of <c>count</c>, each share writing only its own part of the output.</summary>
internal interface IWorkShare
{
    void RunShare(int index, int count);
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
    // Why: waiters spin briefly before blocking so back-to-back products (a training step) and a caller that
    // finishes its share just before the helpers skip the OS wake-up.
    private const int SpinCount = 1000;

    private static readonly ManualResetEventSlim s_done = new(false, SpinCount);
    private static Helper[] s_helpers = [];
    private static GemmJob s_job;
    private static IWorkShare? s_share;
    private static int s_pending;
    private static int s_busy;

    public static bool TryRun(in GemmJob job, int threads) => TryRun(in job, null, threads);

    /// <summary>Runs <paramref name="share"/> on <paramref name="threads"/> threads; false (nothing run) when the pool is busy.</summary>
    public static bool TryRun(IWorkShare share, int threads) => TryRun(default, share, threads);

    private static bool TryRun(in GemmJob job, IWorkShare? share, int threads)
    {
        if (Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
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
            s_done.Reset();
            Volatile.Write(ref s_pending, threads - 1);
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
                s_done.Wait();
            }
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }

        return true;
    }

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
        private readonly ManualResetEventSlim _go = new(false, SpinCount);
        private int _index;
        private int _count;

        public Helper()
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = "NeuralSharp GEMM" };
            thread.Start();
        }

        public void Start(int index, int count)
        {
            _index = index;
            _count = count;
            _go.Set();
        }

        private void Loop()
        {
            while (true)
            {
                _go.Wait();
                _go.Reset();
                RunShare(_index, _count);
                if (Interlocked.Decrement(ref s_pending) == 0)
                {
                    s_done.Set();
                }
            }
        }
    }
}
