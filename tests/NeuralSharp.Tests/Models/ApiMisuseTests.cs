using NeuralSharp.Data;
using NeuralSharp.Layers;
using NeuralSharp.Losses;
using NeuralSharp.Metrics;
using NeuralSharp.Models;
using NeuralSharp.Optimizers;
using NeuralSharp.Tensors;

namespace NeuralSharp.Tests.Models;

/// <summary>What a newcomer to the C# API gets wrong, and what they are told: options kept by evaluation, classes
/// from logits, bad values and shapes refused with the row and column, and outputs that cannot learn refused.</summary>
public sealed class ApiMisuseTests
{
    /// <summary>A 1-input, 1-output linear model whose output is its input (a logit when the loss takes logits).</summary>
    private static Sequential Identity(Loss loss, params Metric[] metrics)
    {
        var model = new Sequential(new Input(1), new Dense(1));
        model.Compile(loss, new Sgd(0.01), metrics);
        model.Initialize(1);
        model.SetWeights([Tensor.FromArray([1f], 1, 1), Tensor.FromArray([0f], 1)]);
        return model;
    }

    [Fact]
    public void Evaluation_and_validation_keep_each_metrics_threshold_and_logit_setting()
    {
        var model = Identity(new BinaryCrossEntropy(fromLogits: true), new Accuracy(fromLogits: true), new Recall(threshold: 0.9, fromLogits: true));
        var x = Tensor.Column(0.3f, 0.4f, -2f, 2f); // logits: p = 0.57, 0.60, 0.12, 0.88
        var y = Tensor.Column(1, 1, 0, 1);

        Evaluation e = model.Evaluate(x, y);

        Assert.Equal(1.0, e["accuracy"]); // by logit: z > 0 ⇔ p > 0.5 (it was 0.5: the logits were compared with 0.5)
        Assert.Equal(0.0, e["recall"]);   // no p above 0.9 (it was 1: the default threshold)
        var history = model.Fit(x, y, epochs: 1, batchSize: 4, shuffle: false, seed: 1, validationData: (x, y));
        Assert.Equal(history.Last("accuracy"), history.Last("val_accuracy"));
    }

    [Fact]
    public void PredictClasses_of_a_model_trained_on_logits_thresholds_the_probability_not_the_logit()
    {
        var model = Identity(new BinaryCrossEntropy(fromLogits: true));
        var x = Tensor.Column(0.3f, 0.4f, -2f, 2f);

        Assert.Equal([1, 1, 0, 1], model.PredictClasses(x));
        Assert.Equal([0, 0, 0, 1], model.PredictClasses(x, threshold: 0.85)); // σ(2) = 0.88, σ(0.4) = 0.60
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void A_non_finite_input_is_refused_naming_its_row_and_column(float bad)
    {
        var (x, y) = SyntheticData.Xor();
        var model = new Sequential(new Input(2), new Dense(4, Activation.Tanh), new Dense(1, Activation.Sigmoid));
        model.Compile(Loss.BinaryCrossEntropy, new Adam(0.05));
        var broken = x.Clone();
        broken[2, 1] = bad;

        var fit = Assert.Throws<ArgumentException>(() => model.Fit(broken, y, epochs: 1, seed: 1));
        Assert.Contains($"Inputs hold {(double)bad} at row 2, column 1", fit.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => model.Fit(x, y, epochs: 1, seed: 1, validationData: (broken, y)));
        Assert.Throws<ArgumentException>(() => model.Evaluate(broken, y));
        Assert.Throws<ArgumentException>(() => model.Predict(broken));

        var badTargets = y.Clone();
        badTargets[1, 0] = bad;
        Assert.Contains("Targets hold", Assert.Throws<ArgumentException>(() => model.Fit(x, badTargets, epochs: 1)).Message, StringComparison.Ordinal);
        Assert.All(model.Predict(x).Float32Span.ToArray(), v => Assert.True(float.IsFinite(v))); // nothing was trained on it
    }

    [Fact]
    public void No_examples_is_refused_by_Fit_and_Evaluate()
    {
        var model = new Sequential(new Input(2), new Dense(1, Activation.Sigmoid));
        model.Compile(Loss.BinaryCrossEntropy, new Adam());
        Assert.Contains("No examples", Assert.Throws<ArgumentException>(() => model.Fit(Tensor.Zeros(0, 2), Tensor.Zeros(0, 1), epochs: 1)).Message, StringComparison.Ordinal);
        Assert.Contains("No examples", Assert.Throws<ArgumentException>(() => model.Evaluate(Tensor.Zeros(0, 2), Tensor.Zeros(0, 1))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new float[] { 0, 0, 0 }, "sums to 0")]
    [InlineData(new float[] { 1, 1, 0 }, "sums to 2")]
    [InlineData(new float[] { 1.5f, -0.5f, 0 }, "holds 1.5 in column 0")]
    public void Categorical_targets_that_are_not_one_hot_are_refused(float[] row, string expected)
    {
        var (x, _) = SyntheticData.Blobs(30, classes: 3, seed: 1);
        var y = Tensor.Zeros(30, 3);
        for (int r = 0; r < 30; r++)
        {
            y[r, r % 3] = 1;
        }

        var model = new Sequential(new Input(2), new Dense(3, Activation.Softmax));
        model.Compile(Loss.CategoricalCrossEntropy, new Adam());
        model.Fit(x, y, epochs: 1); // one-hot rows train
        var soft = y.Clone();
        soft[0, 0] = 0.9f;
        soft[0, 1] = 0.05f;
        soft[0, 2] = 0.05f;
        model.Fit(x, soft, epochs: 1); // so do soft labels

        for (int c = 0; c < 3; c++)
        {
            y[4, c] = row[c];
        }

        var e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, epochs: 1));
        Assert.Contains($"Targets row 4 {expected}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_that_cannot_learn_is_refused_at_compile()
    {
        var softmaxOfOne = new Sequential(new Input(2), new Dense(1, Activation.Softmax));
        Assert.Contains("softmax to a single unit", Assert.Throws<ArgumentException>(() => softmaxOfOne.Compile(Loss.BinaryCrossEntropy, new Adam())).Message, StringComparison.Ordinal);
        Assert.Null(softmaxOfOne.Loss); // nothing was set

        var oneUnit = new Sequential(new Input(2), new Dense(1, Activation.Sigmoid));
        Assert.Contains("one output unit per class", Assert.Throws<ArgumentException>(() => oneUnit.Compile(Loss.CategoricalCrossEntropy, new Adam())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_metric_that_refuses_the_targets_is_named()
    {
        var (x, y) = SyntheticData.Salaries(40, seed: 1);
        var model = new Sequential(new Input(2), new Dense(1));
        model.Compile(Loss.MeanSquaredError, new Adam(), Metric.Accuracy);

        var e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, epochs: 1));

        Assert.StartsWith("Metric 'accuracy': Row 0 has target", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_evaluation_asked_for_a_metric_it_does_not_hold_lists_what_it_holds()
    {
        var model = Identity(Loss.MeanSquaredError, Metric.MeanAbsoluteError);
        Evaluation e = model.Evaluate(Tensor.Column(1f, 2f), Tensor.Column(1f, 2f));

        var missing = Assert.Throws<KeyNotFoundException>(() => e["f1"]);

        Assert.Contains("no 'f1'. It holds: loss, mae", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_preprocessor_given_a_row_outside_the_table_names_it()
    {
        var table = CsvTable.Parse("a,b,y\n1,2,0\n3,4,1\n", new CsvOptions { Target = "y" });
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Preprocessor.Fit(table, [0, 5], new PreprocessorOptions { Target = "y" }));
        Assert.Contains("Row 5 is outside the table's 2 rows", e.Message, StringComparison.Ordinal);

        var preprocessor = Preprocessor.Fit(table, null, new PreprocessorOptions { Target = "y" });
        e = Assert.Throws<ArgumentOutOfRangeException>(() => preprocessor.Transform(table, [99]));
        Assert.Contains("Row 99 is outside the table's 2 rows", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Building_again_as_built_is_nothing_to_do_and_another_dtype_is_refused()
    {
        var model = new Sequential(new Input(2), new Dense(1, Activation.Sigmoid));
        model.Compile(Loss.BinaryCrossEntropy, new Adam()); // builds it
        var weights = model.CopyWeights();

        Assert.Same(model, model.Build());

        Assert.Equal(weights[0].Float32Span.ToArray(), model.CopyWeights()[0].Float32Span.ToArray());
        Assert.Contains("already built for Float32", Assert.Throws<InvalidOperationException>(() => model.Build(DType.Float64)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PredictClasses_of_a_sigmoid_output_thresholds_its_probability_whatever_the_loss_says()
    {
        // A from-logits loss on a sigmoid output (warned at Compile): Predict gives probabilities, so they are thresholded as such.
        var model = new Sequential(new Input(1), new Dense(1, Activation.Sigmoid));
        model.Compile(new BinaryCrossEntropy(fromLogits: true), new Sgd(0.01));
        Assert.Contains(model.Warnings, w => w.Contains("already applies sigmoid", StringComparison.Ordinal));
        model.Initialize(1);
        model.SetWeights([Tensor.FromArray([1f], 1, 1), Tensor.FromArray([0f], 1)]);

        Assert.Equal([0, 0, 1, 1], model.PredictClasses(Tensor.Column(-3f, -1f, 1f, 3f)));
    }

    [Fact]
    public void A_custom_metric_is_scored_fresh_through_its_constructor_or_told_to_override_Fresh()
    {
        var (x, y) = SyntheticData.Xor();
        var counting = new CountingMetric();
        var model = new Sequential(new Input(2), new Dense(4, Activation.Tanh), new Dense(1, Activation.Sigmoid));
        model.Compile(Loss.BinaryCrossEntropy, new Adam(0.05), counting);
        model.Fit(x, y, epochs: 1, batchSize: 4, seed: 1);
        double trained = counting.Result();

        Assert.Equal(2.0, model.Evaluate(Tensor.Zeros(2, 2), Tensor.Zeros(2, 1))["rows"]);
        Assert.Equal(trained, counting.Result()); // the compiled instance is untouched

        var optioned = new Sequential(new Input(2), new Dense(1, Activation.Sigmoid));
        optioned.Compile(Loss.BinaryCrossEntropy, new Adam(), new OptionedMetric(3));
        Assert.Contains("override Metric.Fresh()", Assert.Throws<NotSupportedException>(() => optioned.Evaluate(x, y)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_finite_pixel_is_named_by_its_position_in_the_image()
    {
        var model = new Sequential(new Input(4, 5, 3), new Dense(1, Activation.Sigmoid)); // Dense reads an example as its 60 values
        model.Compile(Loss.BinaryCrossEntropy, new Adam());
        var x = Tensor.Zeros(new Shape(2, 4, 5, 3));
        x.Float32Span[(1 * 60) + (2 * 15) + (3 * 3) + 1] = float.NaN;

        var e = Assert.Throws<ArgumentException>(() => model.Predict(x));

        Assert.Contains("NaN at example 1, position (2, 3, 1)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_with_no_arguments_returns_a_float64_model_as_built()
    {
        var model = new Sequential(new Input(2), new Dense(1)).Build(DType.Float64);
        Assert.Same(model, model.Build());
        Assert.Equal(DType.Float64, model.DType);
    }

    /// <summary>Counts the rows it has seen: a custom metric with a public parameterless constructor.</summary>
    private sealed class CountingMetric : Metric
    {
        private readonly double[] _rows = new double[1]; // state in an array: a memberwise copy would share it

        public override string Name => "rows";

        public override void Reset() => Array.Clear(_rows);

        public override void Update(Tensor predictions, Tensor targets) => _rows[0] += predictions.Rows;

        public override double Result() => _rows[0];
    }

    /// <summary>A custom metric with an option and no parameterless constructor, which does not override Fresh.</summary>
    private sealed class OptionedMetric(int option) : Metric
    {
        public override string Name => $"optioned{option}";

        public override void Reset()
        {
        }

        public override void Update(Tensor predictions, Tensor targets)
        {
        }

        public override double Result() => option;
    }
}
