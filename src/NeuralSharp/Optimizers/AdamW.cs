namespace NeuralSharp.Optimizers;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov &amp; Hutter): each step first shrinks w ← w − ηλw, then applies
/// the Adam update to the plain gradient. Default λ = 0.01.
/// </summary>
public sealed class AdamW : Adam
{
    public AdamW(double learningRate = 0.001, double weightDecay = 0.01, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7)
        : base(learningRate, beta1, beta2, epsilon)
    {
        WeightDecay = weightDecay;
    }

    public override string Name => "adamw";

    protected override bool DecoupledWeightDecay => true;
}
