@_exported import TensorCore
@_exported import NeuralNet
@_exported import Datasets
@_exported import Estimators
@_exported import Plotting
