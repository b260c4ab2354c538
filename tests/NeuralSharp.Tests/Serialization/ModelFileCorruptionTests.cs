using System.Text;
using System.Text.Json.Nodes;
using NeuralSharp.Serialization;

namespace NeuralSharp.Tests.Serialization;

/// <summary>Damaged, foreign and hostile files: every one is refused with a one-line <see cref="ModelFileException"/>
/// that starts with the path, never another exception type, and never after allocating what the file merely declares.</summary>
public sealed class ModelFileCorruptionTests : ModelFileScratch
{
    private static readonly Lazy<byte[]> s_valid = new(ModelFileTestData.SavedBytes);

    /// <summary>Header edits that leave the checksum valid, and what the error must say.</summary>
    private static readonly Dictionary<string, (Action<JsonObject> Edit, string Message)> HeaderCases = new()
    {
        ["unknown layer type"] = (h => Layer(h, 1)["type"] = "Conv2D", "layer 1 'dense_1': unknown layer type 'Conv2D' (known: Input, Dense, Activation)"),
        ["layer type as code"] = (h => Layer(h, 1)["type"] = "System.IO.File, System.IO", "unknown layer type 'System.IO.File, System.IO'"),
        ["unknown config key"] = (h => Layer(h, 1)["config"]!["kernel"] = 3, "unknown Dense config key 'kernel'"),
        ["negative units"] = (h => Layer(h, 2)["config"]!["units"] = -7, "layer 2 'dense_2': invalid Dense config: 'units' must be a positive integer, not -7"),
        ["unknown activation"] = (h => Layer(h, 3)["config"]!["activation"] = "gelu", "unknown activation 'gelu' (known: linear"),
        ["units not a number"] = (h => Layer(h, 1)["config"]!["units"] = "8", "Dense config 'units' is missing or not a int32"),
        ["input not first"] = (h => h["architecture"]!["layers"]![0] = new JsonObject { ["type"] = "Activation", ["name"] = "act", ["config"] = new JsonObject { ["activation"] = "relu" } }, "layer 0 'act': the first layer, and only the first, must be an Input"),
        ["duplicate names"] = (h => Layer(h, 2)["name"] = "dense_1", "layer 2 'dense_1': layer names must be unique"),
        ["input shape disagrees"] = (h => h["architecture"]!["input_shape"] = new JsonArray(5), "architecture.input_shape [5] does not match the Input layer's [4]"),
        ["unknown loss"] = (h => h["architecture"]!["loss"] = "hinge", "unknown loss 'hinge'"),
        ["unknown metric"] = (h => h["architecture"]!["metrics"] = new JsonArray("auc"), "unknown metric 'auc'"),
        ["no layers"] = (h => h["architecture"]!["layers"] = new JsonArray(), "architecture.layers must be a non-empty array"),
        ["no architecture"] = (h => h.Remove("architecture"), "architecture must be an object"),
        ["format version disagrees"] = (h => h["format_version"] = 2, "header format_version 2 does not match"),
        ["dtype F16"] = (h => Tensor(h, "dense_1.weight")["dtype"] = "F16", "tensor dense_1.weight has dtype F16; only F32 is supported"),
        ["shape disagrees"] = (h => Tensor(h, "dense_1.weight")["shape"] = new JsonArray(4, 9), "tensor dense_1.weight declares shape [4, 9] but the architecture needs [4, 8]"),
        ["gigantic shape"] = (h => Tensor(h, "dense_1.weight")["shape"] = new JsonArray(1L << 40, 1L << 40), "tensor dense_1.weight declares shape [1099511627776, 1099511627776] but the architecture needs [4, 8]"),
        ["negative dimension"] = (h => Tensor(h, "dense_1.weight")["shape"] = new JsonArray(-4, 8), "tensor dense_1.weight shape must be an array of non-negative integers"),
        ["length disagrees"] = (h => Tensor(h, "dense_1.weight")["length"] = 132, "tensor dense_1.weight declares 132 bytes but shape [4, 8] of F32 needs 128"),
        ["offset past the data"] = (h => Tensor(h, "dense_5.bias")["offset"] = 1L << 50, "tensor dense_5.bias at offset 1125899906842624 with 12 bytes lies outside the"),
        ["negative offset"] = (h => Tensor(h, "dense_1.weight")["offset"] = -8, "tensor dense_1.weight at offset -8"),
        ["overlap"] = (h => Tensor(h, "dense_1.bias")["offset"] = 0, "overlaps tensor"),
        ["missing tensor"] = (h => h["tensors"]!.AsObject().Remove("dense_2.bias"), "tensor dense_2.bias is missing"),
        ["extra tensor"] = (h => h["tensors"]!["dense_9.weight"] = Tensor(h, "dense_1.bias").DeepClone(), "tensor dense_9.weight is not a parameter of the architecture"),
        ["class labels not strings"] = (h => h["class_labels"] = new JsonArray(1, 2, 3), "class_labels must be an array of strings or null"),
        ["metadata not an object"] = (h => h["metadata"] = "yesterday", "metadata must be an object or null"),
        ["header not an object"] = (h => { }, "header: header must be an object"),
    };

    public static TheoryData<string> HeaderCaseNames => [.. HeaderCases.Keys];

    [Fact]
    public void The_unmodified_file_loads()
    {
        Assert.NotNull(Load(s_valid.Value).Model);

        var (header, data) = ModelFileTestData.Split(s_valid.Value);
        Assert.NotNull(Load(ModelFileTestData.Craft(header, data)).Model);
    }

    [Fact]
    public void A_file_truncated_anywhere_is_refused()
    {
        byte[] file = s_valid.Value;
        int headerEnd = file.Length - 32 - ModelFileTestData.Split(file).Data.Length;
        var cuts = new SortedSet<int> { 1, 4, 7, 8, 11, 12, 19, 20, 21, 51, 52, headerEnd - 1, headerEnd, headerEnd + 1, file.Length - 33, file.Length - 32, file.Length - 1 };
        for (int k = 0; k < 26; k++)
        {
            cuts.Add((int)((long)file.Length * k / 26));
        }

        foreach (int cut in cuts)
        {
            var error = Refused(file[..cut]);
            Assert.True(
                error.Detail.StartsWith("truncated", StringComparison.Ordinal) || error.Detail == "checksum mismatch (file corrupt or truncated)" ||
                (cut == 0 && error.Detail == "not a NeuralSharp model file (empty file)"),
                $"cut at {cut} of {file.Length}: {error.Message}");
        }
    }

    [Fact]
    public void A_flipped_byte_anywhere_is_refused()
    {
        byte[] file = s_valid.Value;
        var random = new Random(17);
        var positions = new SortedSet<int>(Enumerable.Range(0, 24));
        for (int k = 0; k < 40; k++)
        {
            positions.Add((int)((long)(file.Length - 1) * k / 39));
            positions.Add(random.Next(20, file.Length));
        }

        foreach (int position in positions)
        {
            foreach (byte mask in new byte[] { 0x01, 0x80, 0xFF })
            {
                byte[] bad = (byte[])file.Clone();
                bad[position] ^= mask;
                var error = Refused(bad);
                string expected = position switch
                {
                    < 8 => "not a NeuralSharp model file (bad magic)",
                    < 12 => "unsupported format version",
                    < 20 => string.Empty,
                    _ => "checksum mismatch (file corrupt or truncated)",
                };
                Assert.True(error.Detail.StartsWith(expected, StringComparison.Ordinal), $"byte {position} ^ {mask:X2}: {error.Message}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(HeaderCaseNames))]
    public void A_header_that_does_not_describe_a_loadable_model_is_refused(string name)
    {
        var (header, data) = ModelFileTestData.Split(s_valid.Value);
        var (edit, message) = HeaderCases[name];
        edit(header);
        JsonNode written = name == "header not an object" ? new JsonArray(1, 2) : header;

        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Refused(ModelFileTestData.Craft(written, data));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 4 << 20, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData("{\"format_version\": 1,", "header is not valid JSON")]
    [InlineData("\u00ff\u00fe garbage", "header is not valid JSON")]
    [InlineData("", "header is not valid JSON")]
    [InlineData("{\"a\":1,\"a\":2}", "invalid header")]
    public void A_header_that_is_not_json_is_refused(string header, string message)
    {
        byte[] bytes = header.StartsWith('\u00ff') ? [0xFF, 0xFE, 0x20, 0x67] : Encoding.UTF8.GetBytes(header);
        var error = Refused(ModelFileTestData.Craft(bytes, []));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_bytes_in_the_data_region_are_refused()
    {
        var (header, data) = ModelFileTestData.Split(s_valid.Value);
        var error = Refused(ModelFileTestData.Craft(header, [.. data, 0, 0, 0, 0]));
        Assert.Contains($"the data region has {data.Length + 4} bytes but the tensors use {data.Length}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gigantic_declared_header_length_is_refused_without_allocating_it()
    {
        var (header, data) = ModelFileTestData.Split(s_valid.Value);
        byte[] file = ModelFileTestData.Craft(header, data, declaredHeaderLength: 1UL << 60);

        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Refused(file);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal($"truncated: header declares {1UL << 60} bytes but only {file.Length - 52} remain", error.Detail);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");

        error = Refused(ModelFileTestData.Craft(header, data, declaredHeaderLength: ulong.MaxValue));
        Assert.StartsWith("truncated: header declares 18446744073709551615 bytes", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_over_16_MiB_is_refused_before_it_is_read()
    {
        byte[] big = new byte[(16 << 20) + 8];
        big.AsSpan().Fill((byte)' ');
        var error = Refused(ModelFileTestData.Craft(big, []));
        Assert.Equal($"header declares {big.Length} bytes, more than the 16777216-byte limit", error.Detail);
    }

    [Fact]
    public void A_gigantic_architecture_is_refused_without_allocating_it()
    {
        var (header, data) = ModelFileTestData.Split(s_valid.Value);
        Layer(header, 0)["config"]!["shape"] = new JsonArray(65536, 65536);
        header["architecture"]!["input_shape"] = new JsonArray(65536, 65536);
        var error = Refused(ModelFileTestData.Craft(header, data));
        Assert.Contains("layer 1 'dense_1': Dense layer has 4294967296 inputs", error.Message, StringComparison.Ordinal);

        (header, data) = ModelFileTestData.Split(s_valid.Value);
        Layer(header, 0)["config"]!["shape"] = new JsonArray(1_000_000);
        header["architecture"]!["input_shape"] = new JsonArray(1_000_000);
        Layer(header, 1)["config"]!["units"] = 1_000_000;
        Tensor(header, "dense_1.weight")["shape"] = new JsonArray(1_000_000, 1_000_000);
        Tensor(header, "dense_1.weight")["length"] = 4_000_000_000_000L;
        Tensor(header, "dense_1.bias")["shape"] = new JsonArray(1_000_000);

        long allocated = GC.GetAllocatedBytesForCurrentThread();
        error = Refused(ModelFileTestData.Craft(header, data));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Contains("tensor dense_1.weight at offset 0 with 4000000000000 bytes lies outside the", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 4 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void An_unsupported_format_version_is_refused()
    {
        var (header, data) = ModelFileTestData.Split(s_valid.Value);
        Assert.Equal("unsupported format version 2 (this library reads version 1)", Refused(ModelFileTestData.Craft(header, data, version: 2)).Detail);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("zip")]
    public void A_foreign_file_is_not_a_model_file(string kind)
    {
        byte[] bytes = kind switch
        {
            "png" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, .. new byte[100]],
            "text" => Encoding.UTF8.GetBytes("sepal_length,sepal_width,species\n5.1,3.5,setosa\n"),
            "json" => Encoding.UTF8.GetBytes("{\"format_version\": 1}"),
            _ => [0x50, 0x4B, 0x03, 0x04, .. new byte[60]],
        };

        Assert.Equal("not a NeuralSharp model file (bad magic)", Refused(bytes).Detail);
    }

    [Fact]
    public void An_empty_file_is_not_a_model_file()
    {
        var error = Refused([]);
        Assert.Equal("not a NeuralSharp model file (empty file)", error.Detail);
    }

    private static JsonObject Layer(JsonObject header, int index) => header["architecture"]!["layers"]![index]!.AsObject();

    private static JsonObject Tensor(JsonObject header, string name) => header["tensors"]![name]!.AsObject();
}
