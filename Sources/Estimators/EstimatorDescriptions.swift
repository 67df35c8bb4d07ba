extension HyperparameterSettable {
    /// The estimator as scikit-learn prints it (``parameterDescription``): what `print` shows for
    /// every estimator and transformer of the library.
    public var description: String { parameterDescription }
}

// `print(MLPRegressor(maxIter: 5))` shows `MLPRegressor(max_iter=5)`.
extension Perceptron: CustomStringConvertible {}
extension MLPRegressor: CustomStringConvertible {}
extension MLPClassifier: CustomStringConvertible {}
extension StandardScaler: CustomStringConvertible {}
extension MinMaxScaler: CustomStringConvertible {}
extension OneHotEncoder: CustomStringConvertible {}
extension LabelEncoder: CustomStringConvertible {}
extension SimpleImputer: CustomStringConvertible {}
extension TransformedTargetRegressor: CustomStringConvertible {}
extension KerasRegressor: CustomStringConvertible where Parameters: HyperparameterSettable {}
extension KerasClassifier: CustomStringConvertible where Parameters: HyperparameterSettable {}
