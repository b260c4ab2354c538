using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralSharp.Kernels;

/// <summary>
/// Parameter updates, one pass over flat storage (w: values, g: gradients; PyTorch's conventions).
/// </summary>
/// <remarks>
/// Momentum and moment buffers whose magnitude falls below the smallest normal number divided by the machine epsilon
/// (2⁻¹⁰³ ≈ 9.9e-32 in float32, 2⁻⁹⁷⁰ in float64) are flushed to zero (see <see cref="FlushTiny{T}(T, T)"/>), and a
/// squared gradient below that floor adds nothing to a second moment (see <see cref="SquareFloor{T}"/>).
/// SGD: g ← g + λw; with momentum μ: v ← μv + g, step = v (heavy ball) or g + μv (Nesterov); w ← w − η·step.
/// Adam: g ← g + λw (L2, coupled) — or for AdamW w ← w − ηλw (decoupled); m ← β₁m + (1−β₁)g;
/// v ← β₂v + (1−β₂)g²; w ← w − η·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
/// RMSProp: g ← g + λw; s ← ρs + (1−ρ)g²; u = g/(√s + ε); with momentum b ← μb + u, w ← w − ηb, else w ← w − ηu.
/// </remarks>
internal static class OptimizerKernels
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sgd<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> velocity, T lr, T momentum, bool nesterov, T weightDecay)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool hasMomentum = !velocity.IsEmpty;
        T tiny = MomentFloor<T>();
        int i = 0;
        if (KernelDispatch.UseVectors<T>())
        {
            var vLr = new Vector<T>(lr);
            var vMomentum = new Vector<T>(momentum);
            var vDecay = new Vector<T>(weightDecay);
            var vTiny = new Vector<T>(tiny);
            for (; i <= w.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var wv = new Vector<T>(w[i..]);
                var grad = new Vector<T>(g[i..]) + (vDecay * wv);
                if (hasMomentum)
                {
                    var v = FlushTiny((vMomentum * new Vector<T>(velocity[i..])) + grad, vTiny);
                    v.CopyTo(velocity[i..]);
                    grad = nesterov ? grad + (vMomentum * v) : v;
                }

                (wv - (vLr * grad)).CopyTo(w[i..]);
            }
        }

        for (; i < w.Length; i++)
        {
            T grad = g[i] + (weightDecay * w[i]);
            if (hasMomentum)
            {
                T v = FlushTiny((momentum * velocity[i]) + grad, tiny);
                velocity[i] = v;
                grad = nesterov ? grad + (momentum * v) : v;
            }

            w[i] -= lr * grad;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Adam<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> m, Span<T> v, T lr, T beta1, T beta2, T epsilon, long step, T weightDecay, bool decoupled)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T bc1 = T.One - T.Pow(beta1, T.CreateTruncating(step));
        T bc2 = T.One - T.Pow(beta2, T.CreateTruncating(step));
        T stepSize = lr / bc1;

        // Why a multiplication by 1/√(1−β₂ᵗ) rather than PyTorch's division by √(1−β₂ᵗ): the update is bound by the
        // divider (a square root and two divisions per element took ~2 cycles per element, in cache or not); this
        // leaves one square root and one division. The denominator differs by at most one rounding.
        T invSqrtBc2 = T.One / T.Sqrt(bc2);
        T decay = decoupled ? T.One - (lr * weightDecay) : T.One;
        T l2 = decoupled ? T.Zero : weightDecay;
        T oneMinusB1 = T.One - beta1;
        T oneMinusB2 = T.One - beta2;
        T tiny = MomentFloor<T>(), squareFloor = SquareFloor<T>();
        int i = 0;
        if (typeof(T) == typeof(float) && KernelDispatch.UseVectors<float>() && Vector256.IsHardwareAccelerated)
        {
            i = AdamFloat(
                MemoryMarshal.Cast<T, float>(w), MemoryMarshal.Cast<T, float>(g), MemoryMarshal.Cast<T, float>(m), MemoryMarshal.Cast<T, float>(v),
                float.CreateTruncating(decay), float.CreateTruncating(l2), float.CreateTruncating(beta1), float.CreateTruncating(beta2),
                float.CreateTruncating(oneMinusB1), float.CreateTruncating(oneMinusB2), float.CreateTruncating(stepSize), float.CreateTruncating(invSqrtBc2),
                float.CreateTruncating(epsilon), float.CreateTruncating(tiny), float.CreateTruncating(squareFloor));
        }
        else if (KernelDispatch.UseVectors<T>())
        {
            // Why: one pass over w, g, m, v with Vector<T>; the arithmetic per lane is the scalar loop's, in the
            // same order, so both paths give the same bits.
            var vDecay = new Vector<T>(decay);
            var vL2 = new Vector<T>(l2);
            var vB1 = new Vector<T>(beta1);
            var vB2 = new Vector<T>(beta2);
            var v1B1 = new Vector<T>(oneMinusB1);
            var v1B2 = new Vector<T>(oneMinusB2);
            var vStep = new Vector<T>(stepSize);
            var vInvSqrtBc2 = new Vector<T>(invSqrtBc2);
            var vEps = new Vector<T>(epsilon);
            var vTiny = new Vector<T>(tiny);
            var vSquareFloor = new Vector<T>(squareFloor);
            for (; i <= w.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var wv = new Vector<T>(w[i..]);
                var grad = new Vector<T>(g[i..]) + (vL2 * wv);
                var mi = FlushTiny((vB1 * new Vector<T>(m[i..])) + (v1B1 * grad), vTiny);
                var squared = SquareAboveFloor(grad, vSquareFloor);
                var vi = FlushTiny((vB2 * new Vector<T>(v[i..])) + (v1B2 * squared), vTiny);
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
                ((wv * vDecay) - (vStep * mi / ((Vector.SquareRoot(vi) * vInvSqrtBc2) + vEps))).CopyTo(w[i..]);
            }
        }

        for (; i < w.Length; i++)
        {
            T wi = w[i] * decay;
            T grad = g[i] + (l2 * w[i]);
            T mi = FlushTiny((beta1 * m[i]) + (oneMinusB1 * grad), tiny);
            T vi = FlushTiny((beta2 * v[i]) + (oneMinusB2 * SquareAboveFloor(grad, squareFloor)), tiny);
            m[i] = mi;
            v[i] = vi;
            w[i] = wi - (stepSize * mi / ((T.Sqrt(vi) * invSqrtBc2) + epsilon));
        }
    }

    /// <summary>
    /// The float32 Adam body over whole vectors (512-bit where the CPU has them, else 256-bit); returns where the scalar
    /// tail starts. The arithmetic per lane is the scalar loop's, in the same order, so every path gives the same bits.
    /// </summary>
    /// <remarks>Why a separate kernel: the generic Vector&lt;T&gt; loop kept its index and constants on the stack
    /// (spilled at every iteration) and checked bounds on each of its seven slices; this one runs on pointers with the
    /// constants in registers.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int AdamFloat(
        Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float decay, float l2, float beta1, float beta2,
        float oneMinusB1, float oneMinusB2, float stepSize, float invSqrtBc2, float epsilon, float tiny, float squareFloor)
    {
        int n = w.Length;
        if (g.Length < n || m.Length < n || v.Length < n)
        {
            throw new ArgumentException($"Adam: gradient, moments and weights differ in length ({g.Length}, {m.Length}, {v.Length}, {n}).");
        }

        int i = 0;
        fixed (float* pw = w, pg = g, pm = m, pv = v)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                var vDecay = Vector512.Create(decay);
                var vL2 = Vector512.Create(l2);
                var vB1 = Vector512.Create(beta1);
                var vB2 = Vector512.Create(beta2);
                var v1B1 = Vector512.Create(oneMinusB1);
                var v1B2 = Vector512.Create(oneMinusB2);
                var vStep = Vector512.Create(stepSize);
                var vInv = Vector512.Create(invSqrtBc2);
                var vEps = Vector512.Create(epsilon);
                var vTiny = Vector512.Create(tiny);
                var vSquareFloor = Vector512.Create(squareFloor);
                for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
                {
                    var wv = Vector512.Load(pw + i);
                    var grad = Vector512.Load(pg + i) + (vL2 * wv);
                    var mi = (vB1 * Vector512.Load(pm + i)) + (v1B1 * grad);
                    mi = Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(mi), vTiny), Vector512<float>.Zero, mi);
                    var kept = Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(grad), vSquareFloor), Vector512<float>.Zero, grad);
                    var vi = (vB2 * Vector512.Load(pv + i)) + (v1B2 * (kept * kept));
                    vi = Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(vi), vTiny), Vector512<float>.Zero, vi);
                    mi.Store(pm + i);
                    vi.Store(pv + i);
                    ((wv * vDecay) - (vStep * mi / ((Vector512.Sqrt(vi) * vInv) + vEps))).Store(pw + i);
                }
            }

            {
                var vDecay = Vector256.Create(decay);
                var vL2 = Vector256.Create(l2);
                var vB1 = Vector256.Create(beta1);
                var vB2 = Vector256.Create(beta2);
                var v1B1 = Vector256.Create(oneMinusB1);
                var v1B2 = Vector256.Create(oneMinusB2);
                var vStep = Vector256.Create(stepSize);
                var vInv = Vector256.Create(invSqrtBc2);
                var vEps = Vector256.Create(epsilon);
                var vTiny = Vector256.Create(tiny);
                var vSquareFloor = Vector256.Create(squareFloor);
                for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    var wv = Vector256.Load(pw + i);
                    var grad = Vector256.Load(pg + i) + (vL2 * wv);
                    var mi = (vB1 * Vector256.Load(pm + i)) + (v1B1 * grad);
                    mi = Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(mi), vTiny), Vector256<float>.Zero, mi);
                    var kept = Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(grad), vSquareFloor), Vector256<float>.Zero, grad);
                    var vi = (vB2 * Vector256.Load(pv + i)) + (v1B2 * (kept * kept));
                    vi = Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(vi), vTiny), Vector256<float>.Zero, vi);
                    mi.Store(pm + i);
                    vi.Store(pv + i);
                    ((wv * vDecay) - (vStep * mi / ((Vector256.Sqrt(vi) * vInv) + vEps))).Store(pw + i);
                }
            }
        }

        return i;
    }

    /// <summary>
    /// The floor below which a moment is flushed to zero: the smallest normal number divided by the machine epsilon,
    /// 2⁻¹⁰³ in float32 and 2⁻⁹⁷⁰ in float64.
    /// </summary>
    /// <remarks>
    /// Why this floor and not the smallest normal: x86 arithmetic whose result is subnormal is ~100× slower
    /// (.NET cannot set the FTZ/DAZ flags), and the update multiplies each moment by factors as small as β₁, 1−β₂
    /// and the step size η/(1−β₁ᵗ). A moment above this floor times any factor above the machine epsilon stays
    /// normal, so the update never produces a subnormal; flushing only at the smallest normal still let m·η land
    /// in the subnormal range while m decayed through it, and on Fashion-MNIST at batch 32 that cost the Adam step
    /// about a quarter of its time. Moments this small cannot move a weight: the update is at most
    /// η/(1−β₁ᵗ)·2⁻¹⁰³/ε, which for η ≤ 0.1 and Adam's default ε = 1e-7 is below half a unit in the last place of
    /// any weight larger than about 2e-17, and a second moment this small is far below ε² in the denominator √v̂ + ε.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T MomentFloor<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.CreateTruncating(typeof(T) == typeof(float) ? Math.ScaleB(1.0, -103) : Math.ScaleB(1.0, -970));

    /// <summary>
    /// Zero when |<paramref name="x"/>| is below <paramref name="floor"/> (<see cref="MomentFloor{T}"/>, read once per
    /// update: it is not a JIT-time constant). Why: for inputs that are always zero
    /// (blank pixels) the gradient is zero and the moments decay geometrically; they must reach exactly zero without
    /// passing through magnitudes where the update's arithmetic turns subnormal.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T FlushTiny<T>(T x, T floor)
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.Abs(x) < floor ? T.Zero : x;

    private static Vector<T> FlushTiny<T>(Vector<T> x, Vector<T> floor)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(x), floor), Vector<T>.Zero, x);

    /// <summary>
    /// The gradient magnitude below which g² is below <see cref="MomentFloor{T}"/>: 2⁻⁵² in float32, 2⁻⁴⁸⁵ in
    /// float64. Why: g² of a smaller gradient is subnormal or close to it (slow arithmetic), and as a contribution to
    /// a second moment it is below the floor at which moments are flushed anyway.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T SquareFloor<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.CreateTruncating(typeof(T) == typeof(float) ? Math.ScaleB(1.0, -52) : Math.ScaleB(1.0, -485));

    /// <summary>g², or zero when |g| is below <paramref name="squareFloor"/> (<see cref="SquareFloor{T}"/>, see there).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T SquareAboveFloor<T>(T g, T squareFloor)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T kept = FlushTiny(g, squareFloor);
        return kept * kept;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> SquareAboveFloor<T>(Vector<T> g, Vector<T> squareFloor)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var kept = FlushTiny(g, squareFloor);
        return kept * kept;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RmsProp<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> meanSquare, Span<T> velocity, T lr, T rho, T momentum, T epsilon, T weightDecay)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool hasMomentum = !velocity.IsEmpty;
        T oneMinusRho = T.One - rho;
        T tiny = MomentFloor<T>(), squareFloor = SquareFloor<T>();
        for (int i = 0; i < w.Length; i++)
        {
            T grad = g[i] + (weightDecay * w[i]);
            T s = FlushTiny((rho * meanSquare[i]) + (oneMinusRho * SquareAboveFloor(grad, squareFloor)), tiny);
            meanSquare[i] = s;
            T u = grad / (T.Sqrt(s) + epsilon);
            if (hasMomentum)
            {
                u = FlushTiny((momentum * velocity[i]) + u, tiny);
                velocity[i] = u;
            }

            w[i] -= lr * u;
        }
    }
}
