namespace NeuralSharp.Kernels;

/// <summary>
/// Persistent helper threads for <see cref="Gemm"/>: the caller runs share 0 and helpers 1 … threads−1.
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
    private static int s_pending;
    private static int s_busy;

    public static bool TryRun(in GemmJob job, int threads)
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
            s_done.Reset();
            Volatile.Write(ref s_pending, threads - 1);
            for (int i = 1; i < threads; i++)
            {
                s_helpers[i - 1].Start(i, threads);
            }

            try
            {
                s_job.RunShare(0, threads);
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
                s_job.RunShare(_index, _count);
                if (Interlocked.Decrement(ref s_pending) == 0)
                {
                    s_done.Set();
                }
            }
        }
    }
}
