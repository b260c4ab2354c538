using NeuralSharp.Data;
using NeuralSharp.Initializers;
using NeuralSharp.Layers;
using NeuralSharp.Losses;
using NeuralSharp.Metrics;
using NeuralSharp.Models;
using NeuralSharp.Optimizers;
using NeuralSharp.Tensors;
using NeuralSharp.Tests.Kernels;
using NeuralSharp.Training;

namespace NeuralSharp.Tests.Models;

/// <summary>The model's public surface: summary, names, predictions, evaluation, validation, input checks, weights.</summary>
[Collection(nameof(WorkerPoolCollection))] // its zero-allocation predict test must not meet a pool another test holds
public sealed class SequentialTests
{
    private static Sequential Churn12() => new(
        new Input(12),
        new Dense(16, Activation.ReLU),
        new Dense(8, Activation.ReLU),
        new Dense(1, Activation.Sigmoid));

    [Fact]
    public void Summary_lists_layers_shapes_parameter_counts_and_the_total()
    {
        var model = Churn12().Build();

        string summary = model.Summary();

        Assert.Equal(353, model.ParameterCount);
        string[] lines = summary.Split(Environment.NewLine);
        AssertRow(lines, "dense_1 (Dense)", "(N, 16)", "208");
        AssertRow(lines, "dense_2 (Dense)", "(N, 8)", "136");
        AssertRow(lines, "dense_3 (Dense)", "(N, 1)", "9");
        Assert.Contains("Total parameters: 353", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_shows_control_characters_in_a_layer_name_escaped_on_its_own_line()
    {
        var model = new Sequential(new Input(3), new Dense(2, Activation.ReLU) { Name = "odd\nname\u001b[2J" }).Build();

        string[] lines = model.Summary().Split(Environment.NewLine);

        AssertRow(lines, "odd\\x0Aname\\x1B[2J (Dense)", "(N, 2)", "8");
        Assert.DoesNotContain(lines, l => l.Any(char.IsControl));
    }

    private static void AssertRow(string[] lines, string layer, string shape, string parameters)
    {
        string? row = Array.Find(lines, l => l.StartsWith(layer, StringComparison.Ordinal));
        Assert.NotNull(row);
        Assert.Contains(shape, row, StringComparison.Ordinal);
        Assert.EndsWith(" " + parameters, row.TrimEnd(), StringComparison.Ordinal);
    }

    public static TheoryData<int, bool> SingleExampleCases() => new() { { 1, true }, { 2, true }, { 3, false }, { 2, false } };

    [Theory]
    [MemberData(nameof(SingleExampleCases))]
    public void Single_example_Predict_equals_the_batch_Predict_bit_for_bit_and_allocates_nothing(int threads, bool compiled)
    {
        // Inputs with many exact zeros (an image's background): the single-example path skips them.
        var random = new RandomSource(3);
        var x = Tensor.Zeros(40, 50);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = random.NextUniform(0, 1) < 0.5 ? 0 : (float)random.NextUniform(-1, 1);
        }

        var model = new Sequential(
            new Input(50),
            new Dense(300, Activation.ReLU),
            new Dense(130),
            new ActivationLayer(Activation.Tanh),
            new Dense(5, Activation.Softmax));
        model.Build(backend: new Compute.CpuBackend(threads));
        if (compiled)
        {
            // A compiled softmax + cross-entropy defers the softmax to the loss; predictions must still apply it.
            model.Compile(Loss.CategoricalCrossEntropy, new Adam());
        }

        model.Initialize(7);
        Tensor batch = model.Predict(x);
        float[] outputs = new float[x.Rows * 5];
        long allocated = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            // The first pass warms up (row buffers, the helper threads and their per-thread lists).
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int r = 0; r < x.Rows; r++)
            {
                model.Predict(x.Float32Span.Slice(r * 50, 50), outputs.AsSpan(r * 5, 5));
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, allocated);
        Assert.Equal(batch.ToArray(), outputs);
    }

    [Fact]
    public void Parameters_are_named_by_layer()
    {
        var model = Churn12().Build();

        Assert.Equal(
            ["dense_1.weight", "dense_1.bias", "dense_2.weight", "dense_2.bias", "dense_3.weight", "dense_3.bias"],
            model.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void Predict_returns_one_row_per_example_and_softmax_rows_sum_to_one()
    {
        (Tensor x, Tensor y) = SyntheticData.Blobs(samples: 50, classes: 4, features: 3, seed: 1);
        var model = new Sequential(new Input(3), new Dense(6, Activation.Tanh), new Dense(4, Activation.Softmax));
        model.Compile(Loss.CategoricalCrossEntropy, new Adam(0.01));
        model.Fit(x, y, epochs: 3, seed: 1);

        Tensor p = model.Predict(x, batchSize: 7);

        Assert.Equal(50, p.Rows);
        Assert.Equal(4, p.RowSize);
        for (int r = 0; r < p.Rows; r++)
        {
            double sum = 0;
            for (int c = 0; c < 4; c++)
            {
                Assert.InRange(p[r, c], 0f, 1f);
                sum += p[r, c];
            }

            Assert.Equal(1.0, sum, 5);
        }
    }

    [Fact]
    public void Predict_classes_is_the_argmax_of_predict()
    {
        (Tensor x, Tensor y) = SyntheticData.Blobs(samples: 60, classes: 3, features: 2, spread: 8, seed: 2);
        var model = new Sequential(new Input(2), new Dense(8, Activation.ReLU), new Dense(3, Activation.Softmax));
        model.Compile(Loss.CategoricalCrossEntropy, new Adam(0.02));
        model.Fit(x, y, epochs: 40, batchSize: 8, seed: 1);

        Tensor p = model.Predict(x);
        int[] classes = model.PredictClasses(x);

        int correct = 0;
        for (int r = 0; r < x.Rows; r++)
        {
            int best = 0;
            for (int c = 1; c < 3; c++)
            {
                best = p[r, c] > p[r, best] ? c : best;
            }

            Assert.Equal(best, classes[r]);
            correct += y[r, classes[r]] == 1 ? 1 : 0;
        }

        Assert.True(correct > 30, $"{correct}/60 correct: no better than chance"); // chance: 20
    }

    [Fact]
    public void Predict_classes_thresholds_a_single_sigmoid_output()
    {
        var model = new Sequential(new Input(1), new Dense(1, Activation.Sigmoid, weightInitializer: Initializer.Constant(1), biasInitializer: Initializer.Constant(0)));
        model.Initialize(1);
        Tensor x = Tensor.Column(-2, -0.1f, 0.1f, 2);

        Assert.Equal([0, 0, 1, 1], model.PredictClasses(x));
        Assert.Equal([0, 0, 0, 1], model.PredictClasses(x, threshold: 0.6));
    }

    [Fact]
    public void Evaluate_loss_is_the_mean_over_examples_whatever_the_batch_size()
    {
        (Tensor x, Tensor y) = SyntheticData.Blobs(samples: 53, classes: 3, features: 2, seed: 3);
        var model = new Sequential(new Input(2), new Dense(5, Activation.Tanh), new Dense(3, Activation.Softmax));
        model.Compile(Loss.CategoricalCrossEntropy, new Adam(0.01), Metric.Accuracy);
        model.Fit(x, y, epochs: 2, seed: 1);

        Evaluation small = model.Evaluate(x, y, batchSize: 7);
        Evaluation whole = model.Evaluate(x, y, batchSize: 1000);
        Evaluation single = model.Evaluate(x, y, batchSize: 1);

        Assert.Equal(53, small.Examples);
        Assert.Equal(whole.Loss, small.Loss, 5);
        Assert.Equal(whole.Loss, single.Loss, 5);
        Assert.Equal(whole["accuracy"], small["accuracy"], 12);

        // And it is the mean of the per-example losses.
        double sum = 0;
        for (int r = 0; r < x.Rows; r++)
        {
            sum += model.Evaluate(Slice(x, r, 1), Slice(y, r, 1)).Loss;
        }

        Assert.Equal(whole.Loss, sum / x.Rows, 5);
    }

    [Fact]
    public void Validation_split_holds_out_the_last_rows()
    {
        (Tensor x, Tensor y) = SyntheticData.Blobs(samples: 40, classes: 2, features: 2, seed: 4);
        var model = new Sequential(new Input(2), new Dense(4, Activation.Tanh), new Dense(2, Activation.Softmax));
        model.Compile(Loss.CategoricalCrossEntropy, new Sgd(0.1), Metric.Accuracy);
        var counter = new BatchCounter();

        History history = model.Fit(x, y, epochs: 1, batchSize: 1, validationSplit: 0.25, seed: 1, callbacks: [counter]);

        Assert.Equal(30, counter.Calls); // 40 − ceil(40 × 0.25) training examples, one update each
        Tensor lastX = Slice(x, 30, 10);
        Tensor lastY = Slice(y, 30, 10);
        Evaluation held = model.Evaluate(lastX, lastY);
        Assert.Equal(held.Loss, history.Last("val_loss"), 5);
        Assert.Equal(held["accuracy"], history.Last("val_accuracy"), 12);
    }

    [Fact]
    public void Validation_data_is_evaluated_every_epoch()
    {
        (Tensor x, Tensor y) = SyntheticData.Blobs(samples: 40, classes: 2, features: 2, seed: 5);
        (Tensor vx, Tensor vy) = SyntheticData.Blobs(samples: 17, classes: 2, features: 2, seed: 6);
        var model = new Sequential(new Input(2), new Dense(4, Activation.Tanh), new Dense(2, Activation.Softmax));
        model.Compile(Loss.CategoricalCrossEntropy, new Sgd(0.1), Metric.Accuracy);

        History history = model.Fit(x, y, epochs: 3, batchSize: 8, validationData: (vx, vy), seed: 1);

        Assert.Equal(3, history["val_loss"].Count);
        Assert.Equal(3, history["val_accuracy"].Count);
        Assert.Equal(model.Evaluate(vx, vy).Loss, history.Last("val_loss"), 5);
    }

    [Fact]
    public void Wrong_feature_count_names_the_shapes()
    {
        var model = Churn12();
        model.Compile(Loss.BinaryCrossEntropy, new Adam());

        var error = Assert.Throws<ArgumentException>(() => model.Fit(Tensor.Zeros(10, 11), Tensor.Zeros(10, 1)));

        Assert.Contains("11", error.Message, StringComparison.Ordinal);
        Assert.Contains("12", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => model.Predict(Tensor.Zeros(3, 13)));
    }

    [Fact]
    public void Row_mismatch_names_both_counts()
    {
        var model = Churn12();
        model.Compile(Loss.BinaryCrossEntropy, new Adam());

        var error = Assert.Throws<ArgumentException>(() => model.Fit(Tensor.Zeros(10, 12), Tensor.Zeros(9, 1)));

        Assert.Contains("10", error.Message, StringComparison.Ordinal);
        Assert.Contains("9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_target_width_names_the_shapes()
    {
        var model = new Sequential(new Input(2), new Dense(3, Activation.Softmax));
        model.Compile(Loss.CategoricalCrossEntropy, new Adam());

        var error = Assert.Throws<ArgumentException>(() => model.Fit(Tensor.Zeros(5, 2), Tensor.Zeros(5, 4)));

        Assert.Contains("4", error.Message, StringComparison.Ordinal);
        Assert.Contains("3", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => model.Evaluate(Tensor.Zeros(5, 2), Tensor.Zeros(5, 2)));
    }

    [Fact]
    public void Wrong_validation_data_is_rejected()
    {
        var model = new Sequential(new Input(2), new Dense(3, Activation.Softmax));
        model.Compile(Loss.CategoricalCrossEntropy, new Adam());

        Assert.Throws<ArgumentException>(() => model.Fit(Tensor.Zeros(5, 2), Tensor.Zeros(5, 3), validationData: (Tensor.Zeros(4, 3), Tensor.Zeros(4, 3))));
    }

    [Fact]
    public void Fit_before_compile_says_to_compile()
    {
        var model = Churn12();

        var error = Assert.Throws<InvalidOperationException>(() => model.Fit(Tensor.Zeros(4, 12), Tensor.Zeros(4, 1)));

        Assert.Contains("Compile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hidden_step_layer_is_warned_about()
    {
        var model = new Sequential(new Input(2), new Dense(4, Activation.Step), new Dense(1, Activation.Sigmoid)).Build();

        string warning = Assert.Single(model.Warnings);
        Assert.Contains("dense_1", warning, StringComparison.Ordinal);
        Assert.Contains("step", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_output_layer_alone_is_not_warned_about()
    {
        var model = new Sequential(new Input(2), new Dense(1, Activation.Step)).Build();

        Assert.Empty(model.Warnings);
    }

    [Fact]
    public void Binary_cross_entropy_without_sigmoid_output_is_warned_about()
    {
        var model = new Sequential(new Input(2), new Dense(1, Activation.ReLU));

        model.Compile(Loss.BinaryCrossEntropy, new Adam());

        string warning = Assert.Single(model.Warnings);
        Assert.Contains("sigmoid", warning, StringComparison.Ordinal);
        Assert.Contains("relu", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Matching_loss_and_output_gives_no_warning()
    {
        var model = Churn12();

        model.Compile(Loss.BinaryCrossEntropy, new Adam());

        Assert.Empty(model.Warnings);
    }

    [Fact]
    public void Copy_and_set_weights_round_trip()
    {
        (Tensor x, Tensor y) = SyntheticData.Churn(samples: 40, seed: 1);
        var model = Churn12();
        model.Compile(Loss.BinaryCrossEntropy, new Adam(0.01));
        model.Initialize(1);
        Tensor[] initial = model.CopyWeights();
        Tensor before = model.Predict(x);

        model.Fit(x, y, epochs: 3, seed: 1);
        Assert.NotEqual(before.ToArray(), model.Predict(x).ToArray());

        model.SetWeights(initial);
        Assert.Equal(before.ToArray(), model.Predict(x).ToArray());
        Tensor[] again = model.CopyWeights();
        for (int i = 0; i < initial.Length; i++)
        {
            Assert.Equal(initial[i].ToArray(), again[i].ToArray());
        }

        // The copies are independent of the live parameters.
        model.Fit(x, y, epochs: 1, seed: 1);
        Assert.NotEqual(initial[0].ToArray(), model.Parameters[0].Value.ToArray());
        Assert.Throws<ArgumentException>(() => model.SetWeights(initial[1..]));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 37)]
    [InlineData(10, 4)]
    [InlineData(37, 1)]
    [InlineData(100, 1)]
    public void Batch_size_sets_the_number_of_updates_per_epoch(int batchSize, int updates)
    {
        (Tensor x, Tensor y) = SyntheticData.Churn(samples: 37, seed: 2);
        var model = Churn12();
        var optimizer = new Sgd(0.01);
        model.Compile(Loss.BinaryCrossEntropy, optimizer);
        var counter = new BatchCounter();

        model.Fit(x, y, epochs: 3, batchSize: batchSize, seed: 1, callbacks: [counter]);

        Assert.Equal(3 * updates, counter.Calls);
        Assert.Equal(3 * updates, optimizer.Iterations);
    }

    private static Tensor Slice(Tensor source, int start, int rows)
    {
        var result = Tensor.Zeros(rows, source.RowSize);
        source.Float32Span.Slice(start * source.RowSize, rows * source.RowSize).CopyTo(result.Float32Span);
        return result;
    }

    private sealed class BatchCounter : ITrainingCallback
    {
        public int Calls { get; private set; }

        public void OnBatchEnd(TrainingContext context, int batch, double loss) => Calls++;
    }

    [Fact]
    public void Predict_classes_and_accuracy_decide_a_probability_of_exactly_one_half_the_same_way()
    {
        // Zero weights and bias: the sigmoid output is exactly 0.5 for every row.
        var model = new Sequential(new Input(2), new Dense(1, Activation.Sigmoid, weightInitializer: Initializer.Zeros));
        model.Compile(Loss.BinaryCrossEntropy, new Sgd(0.1), Metric.Accuracy);
        model.Initialize(1);
        Tensor x = Tensor.FromArray(new float[] { 1, 2, -3, 4 }, 2, 2);
        Tensor zeros = Tensor.Zeros(2, 1);

        Assert.Equal(0.5f, model.Predict(x)[0]);
        Assert.Equal([0, 0], model.PredictClasses(x));
        Assert.Equal(1.0, model.Evaluate(x, zeros)["accuracy"]);
    }
}
