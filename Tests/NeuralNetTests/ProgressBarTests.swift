import Testing
@testable import NeuralNet

@Suite struct ProgressBarTests {
    @Test func logsAreFormattedLikeKeras() {
        #expect(ProgressBar.formatLogs(["loss": 0.5012, "accuracy": 0.81234, "val_loss": 0.4, "val_accuracy": 0.8])
                == " - accuracy: 0.8123 - loss: 0.5012 - val_accuracy: 0.8000 - val_loss: 0.4000")
        #expect(ProgressBar.formatValue(1.5e-5) == "1.5000e-05")
        #expect(ProgressBar.formatValue(0) == "0.0000")
    }

    @Test func timesAreFormattedLikeKeras() {
        #expect(ProgressBar.formatDuration(2.4) == "2s")
        #expect(ProgressBar.formatDuration(125) == "2:05")
        #expect(ProgressBar.formatDuration(3725) == "1:02:05")
        #expect(ProgressBar.formatPerStep(0.0004) == "400us/step")
        #expect(ProgressBar.formatPerStep(0.012) == "12ms/step")
        #expect(ProgressBar.formatPerStep(3) == "3s/step")
    }

    @Test func verbosityFromIntegers() {
        let levels: [Verbosity] = [0, 1, 2]
        #expect(levels == [.silent, .progressBar, .oneLinePerEpoch])
    }
}
