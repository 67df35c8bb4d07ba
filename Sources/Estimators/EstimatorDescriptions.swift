/// Every estimator and transformer prints as scikit-learn prints it (`print(MLPRegressor(maxIter: 5))`
/// shows `MLPRegressor(max_iter=5)`): `description` is ``HyperparameterSettable/parameterDescription``.
extension Perceptron: CustomStringConvertible {
    public var description: String { parameterDescription }
}

extension MLPRegressor: CustomStringConvertible {
    public var description: String { parameterDescription }
}

extension MLPClassifier: CustomStringConvertible {
    public var description: String { parameterDescription }
}

extension StandardScaler: CustomStringConvertible {
    public var description: String { parameterDescription }
}

extension MinMaxScaler: CustomStringConvertible {
    public var description: String { parameterDescription }
}

extension OneHotEncoder: CustomStringConvertible {
    public var description: String { parameterDescription }
}

extension LabelEncoder: CustomStringConvertible {
    public var description: String { parameterDescription }
}

extension SimpleImputer: CustomStringConvertible {
    public var description: String { parameterDescription }
}

extension TransformedTargetRegressor: CustomStringConvertible {
    public var description: String { parameterDescription }
}

extension KerasRegressor: CustomStringConvertible where Parameters: HyperparameterSettable {
    public var description: String { parameterDescription }
}

extension KerasClassifier: CustomStringConvertible where Parameters: HyperparameterSettable {
    public var description: String { parameterDescription }
}
