using System.Runtime.CompilerServices;
using NeuralSharp.Tensors;

namespace NeuralSharp.Kernels;

// The helper threads of GemmWorkers (see GemmWorkers.cs).
internal static partial class GemmWorkers
{
    /// <summary>A helper thread and its three cache lines.</summary>
    /// <remarks>
    /// Why three lines, 64-byte aligned: the first carries everything a job changes (its sequence number and
    /// argument), written by the caller only, so a helper fetches one line to start; the second holds the parked flag,
    /// written by the helper only when it parks; the third the sequence number of the last job the helper finished,
    /// written by the helper only, so the caller's wait fetches one line. When the first two shared a line (with the
    /// share's index and count), the caller's check of the flag just after publishing waited for the line it had just
    /// taken from the helper. A pending count that the caller set and each helper decremented cost a third transfer:
    /// the helper's locked decrement first fetched the line the caller had written, then the caller fetched it back.
    /// </remarks>
    private sealed unsafe class Helper
    {
        private readonly ManualResetEventSlim _go = new(false, 0);
        private readonly long[] _block;
        private readonly long* _job;
        private readonly int* _parked;
        private readonly long* _finished;
        private int _index;
        private int _count;

        public Helper()
        {
            _block = AlignedArray.Allocate<long>(24, zeroed: true, out int start); // pinned: the pointers stay valid
            fixed (long* lines = &_block[start])
            {
                _job = lines; // [0] sequence, [1] argument
                _parked = (int*)(lines + 8);
                _finished = lines + 16;
            }

            var thread = new Thread(Loop) { IsBackground = true, Name = "NeuralSharp GEMM" };
            thread.Start();
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Start(int index, int count, nint argument)
        {
            _job[1] = argument;
            if (_index != index || _count != count)
            {
                _index = index;
                _count = count;
            }

            // Publish the job with a plain release store (the caller is the only writer), and wake the helper at once
            // if it is seen parked. Why no fence here: a locked increment waits for the line the spinning helper
            // holds, and that wait (with the caller's other writes) put 0.3-0.5 µs before the caller's own share of
            // every parallel product. The parked flag may be read stale without one; the caller therefore fences
            // and looks again (WakeIfParked) once its own share is done, and a stale signal only costs the helper
            // one extra look at the sequence.
            Volatile.Write(ref _job[0], _job[0] + 1);
            WakeIfParked();
        }

        /// <summary>Whether the helper has finished the last job published to it (the caller reads its own sequence).</summary>
        public bool Finished
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => Volatile.Read(ref *_finished) == _job[0];
        }

        /// <summary>Signals the helper if it is parked on its event.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void WakeIfParked()
        {
            if (Volatile.Read(ref *_parked) != 0)
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
                var spin = new Spin();
                while (Volatile.Read(ref _job[0]) == seen)
                {
                    if (spin.Once())
                    {
                        continue;
                    }

                    Interlocked.Exchange(ref *_parked, 1);
                    if (Volatile.Read(ref _job[0]) == seen)
                    {
                        _go.Wait();
                    }

                    _go.Reset();
                    Interlocked.Exchange(ref *_parked, 0);
                    spin = new Spin();
                }

                seen = Volatile.Read(ref _job[0]);
                nint argument = (nint)_job[1];
                try
                {
                    RunShare(_index, _count, argument);
                }
                catch (Exception e)
                {
                    // Why: an exception escaping a helper thread would end the process; the caller rethrows it.
                    Interlocked.CompareExchange(ref s_helperFailure, e, null);
                }

                // The share's writes, then "finished" (a release store), then a full fence before the caller's parked
                // flag is read (see WaitForHelpers).
                Volatile.Write(ref *_finished, seen);
                Interlocked.MemoryBarrier();
                BeforeDoneSignal?.Invoke();
                if (Volatile.Read(ref s_sync.CallerParked) != 0)
                {
                    s_done.Set();
                }
            }
        }
    }
}
