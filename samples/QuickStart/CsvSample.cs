// The README's CSV-and-model-file example, verbatim between the markers; the test project compiles and runs
// this file and checks that the README still shows exactly this code.
using NeuralSharp.Data;
using NeuralSharp.Layers;
using NeuralSharp.Losses;
using NeuralSharp.Metrics;
using NeuralSharp.Models;
using NeuralSharp.Optimizers;
using NeuralSharp.Serialization;
using NeuralSharp.Tensors;

namespace NeuralSharp.Samples;

public static class CsvSample
{
    /// <summary>Trains on a CSV file, saves, reloads and predicts; returns the validation accuracy of the reloaded model.</summary>
    public static double Run(string csvPath, string modelPath)
    {
        // <csv>
        // Read the table; columns are typed (numeric or categorical) from their values.
        CsvTable table = CsvTable.Load(csvPath, new CsvOptions { Target = "exited", Drop = ["customer_id"] });

        // A seeded split, stratified by class; preprocessing is fitted on the training rows only.
        (int[] train, int[] validation) = DataSplit.Split(table, validationFraction: 0.2, seed: 42, stratifyBy: "exited");
        Preprocessor prep = Preprocessor.Fit(table, train, new PreprocessorOptions { Target = "exited" });
        Tensor x = prep.Transform(table, train), y = prep.EncodeTarget(table, train);
        Tensor xVal = prep.Transform(table, validation), yVal = prep.EncodeTarget(table, validation);

        var model = new Sequential(
            new Input(x.RowSize),
            new Dense(64, Activation.ReLU),
            new Dense(32, Activation.ReLU),
            new Dense(1, Activation.Sigmoid));
        model.Compile(Loss.BinaryCrossEntropy, new Adam(), Metric.Accuracy);
        model.Fit(x, y, epochs: 20, batchSize: 32, validationData: (xVal, yVal), seed: 42);

        // One file holds the architecture, weights, preprocessing and class labels; written atomically.
        ModelFile.Save(modelPath, model, new ModelFileContents { Preprocessing = prep.ToJson(), ClassLabels = prep.ClassLabels });

        LoadedModel loaded = ModelFile.Load(modelPath);
        var reloadedPrep = Preprocessor.FromJson(loaded.Contents.Preprocessing!);
        int[] classes = loaded.Model.PredictClasses(reloadedPrep.Transform(table, validation));
        Console.WriteLine($"customer on line {table.LineNumbers[validation[0]]} exits: {reloadedPrep.DecodeClass(classes[0])}");
        double accuracy = loaded.Model.Evaluate(xVal, yVal)["accuracy"];
        // </csv>
        return accuracy;
    }
}
