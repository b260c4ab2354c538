using NeuralSharp.Tensors;

namespace NeuralSharp.Training.Callbacks;

/// <summary>
/// Stops training when <see cref="Monitor"/> (default <c>val_loss</c>, or <c>loss</c> without validation data)
/// has not improved by more than <see cref="MinDelta"/> for <see cref="Patience"/> epochs; optionally puts back
/// the weights of the best epoch.
/// </summary>
public sealed class EarlyStopping(int patience = 5, string? monitor = null, double minDelta = 0, bool restoreBestWeights = true) : ITrainingCallback
{
    private MonitoredQuantity _quantity;
    private double _best;
    private int _wait;
    private Tensor[]? _bestWeights;

    public int Patience { get; } = patience >= 0 ? patience : throw new ArgumentOutOfRangeException(nameof(patience), patience, "Patience must be ≥ 0.");

    public string? Monitor { get; } = monitor;

    public double MinDelta { get; } = minDelta;

    public bool RestoreBestWeights { get; } = restoreBestWeights;

    /// <summary>Epoch (0-based) with the best monitored value.</summary>
    public int BestEpoch { get; private set; } = -1;

    /// <summary>
    /// Epoch (0-based) whose weights were put back when training ended, or <see langword="null"/> when the model
    /// kept its last epoch's weights (no early stop, or <see cref="RestoreBestWeights"/> off). Anything recorded about
    /// the trained model (losses, a saved file's metadata) should describe this epoch, not the last one.
    /// </summary>
    public int? RestoredEpoch { get; private set; }

    public void OnTrainBegin(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _quantity = MonitoredQuantity.For(Monitor ?? (context.HasValidation ? "val_loss" : "loss"));
        _best = _quantity.Worst;
        _wait = 0;
        BestEpoch = -1;
        RestoredEpoch = null;
        _bestWeights = null;
    }

    public void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(context);
        double value = _quantity.Read(logs);
        if (_quantity.Improves(value, _best, MinDelta))
        {
            _best = value;
            _wait = 0;
            BestEpoch = epoch;
            if (RestoreBestWeights)
            {
                _bestWeights = context.Model.CopyWeights(_bestWeights);
            }

            return;
        }

        if (++_wait >= Patience)
        {
            context.RequestStop($"early stopping: {_quantity.Key} did not improve for {Patience} epochs (best {_best:G6} at epoch {BestEpoch + 1})");
        }
    }

    public void OnTrainEnd(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (RestoreBestWeights && _bestWeights is not null && context.StopTraining)
        {
            context.Model.SetWeights(_bestWeights);
            RestoredEpoch = BestEpoch;
        }
    }
}
