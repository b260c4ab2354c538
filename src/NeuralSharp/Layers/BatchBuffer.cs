using System.Runtime.CompilerServices;
using NeuralSharp.Tensors;

namespace NeuralSharp.Layers;

/// <summary>
/// One reusable buffer per layer output, viewed at each batch size seen. Why: the last batch of an epoch is
/// usually smaller; caching one view per size keeps the training step free of allocation after warm-up.
/// </summary>
internal sealed class BatchBuffer
{
    private readonly Dictionary<int, Tensor> _views = [];
    private Tensor? _storage;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Tensor Get(int batch, Shape perExample, DType dtype)
    {
        if (_views.TryGetValue(batch, out Tensor? view) && view.DType == dtype && view.RowSize == perExample.ElementCount)
        {
            return view;
        }

        Shape shape = perExample.WithBatch(batch);
        if (_storage is null || _storage.DType != dtype || _storage.Capacity < shape.ElementCount)
        {
            bool sameDType = _storage?.DType == dtype;
            _storage = Tensor.WithCapacity(shape, Math.Max(batch, 1), dtype);
            if (sameDType)
            {
                // Re-point the sizes already seen at the larger buffer, so that a bigger batch seen once
                // (a validation pass, say) does not make the next epoch's steps allocate their views again.
                foreach (int rows in _views.Keys.ToArray())
                {
                    _views[rows] = _storage.View(_views[rows].Shape);
                }
            }
            else
            {
                _views.Clear();
            }
        }

        view = _storage.View(shape);
        _views[batch] = view;
        return view;
    }
}
