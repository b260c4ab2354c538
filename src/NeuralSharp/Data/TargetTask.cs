namespace NeuralSharp.Data;

/// <summary>What the target column asks of a model.</summary>
public enum TargetTask
{
    /// <summary>Labels (text or numbers) mapped to class indices 0..C−1 in sorted order.</summary>
    Classification,

    /// <summary>A numeric value.</summary>
    Regression,
}
