namespace NeuralSharp.Data;

/// <summary>Element type of an IDX file (the third header byte). Multi-byte types are big-endian.</summary>
public enum IdxDataType
{
    /// <summary>0x08: unsigned byte (what MNIST and Fashion-MNIST use).</summary>
    UnsignedByte = 0x08,

    /// <summary>0x09: signed byte.</summary>
    SignedByte = 0x09,

    /// <summary>0x0B: 16-bit signed integer.</summary>
    Int16 = 0x0B,

    /// <summary>0x0C: 32-bit signed integer.</summary>
    Int32 = 0x0C,

    /// <summary>0x0D: 32-bit IEEE float.</summary>
    Float32 = 0x0D,

    /// <summary>0x0E: 64-bit IEEE float.</summary>
    Float64 = 0x0E,
}
