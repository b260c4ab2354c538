using NeuralSharp.Samples;

return QuickStartSample.Run() >= 0.85 ? 0 : 1;
