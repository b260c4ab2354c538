namespace NeuralSharp.Layers;

/// <summary>A layer that ends in an activation function, which a model may defer to a fused loss
/// (softmax + cross-entropy, sigmoid + binary cross-entropy) while training.</summary>
internal interface IHasActivation
{
    Activation Activation { get; }

    /// <summary>When true the layer outputs the pre-activation (logits) and backpropagates through the identity.</summary>
    bool DeferActivation { get; set; }
}
