import Testing
import TensorCore
@testable import NeuralNet

/// The JSON reader follows RFC 8259: what it forbids throws a SwiftLearnError that says where
/// and what, and never traps.
@Suite struct JSONParserTests {
    /// The message of the error `text` raises, or nil when it parses.
    func failure(_ text: String) -> String? {
        do { _ = try JSONValue.parse(text); return nil } catch { return "\(error)" }
    }

    func expectRejected(_ text: String, _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        guard let message = failure(text) else {
            Issue.record("accepted \(text)", sourceLocation: sourceLocation)
            return
        }
        #expect(message.hasPrefix("I/O error: invalid JSON at line "), "\(message)", sourceLocation: sourceLocation)
        for f in fragments {
            #expect(message.contains(f), "'\(f)' missing from: \(message)", sourceLocation: sourceLocation)
        }
    }

    @Test func brokenSurrogatesThrowInsteadOfTrapping() {
        // A high surrogate followed by a non-surrogate escape used to trap (Unicode.Scalar overflow).
        expectRejected(#""\ud83d\u0041""#, ["high surrogate \\uD83D is followed by \\u0041", "byte 1"])
        // A high surrogate followed by a non-low-surrogate was decoded as U+123FF.
        expectRejected(#""\ud800\uffff""#, ["is not a low surrogate"])
        expectRejected(#""\udc00""#, ["lone low surrogate \\uDC00"])
        expectRejected(#""\ud800""#, ["high surrogate \\uD800 is not followed"])
        expectRejected(#""\ud800x""#, ["high surrogate"])
        expectRejected(#""\ud800\n""#, ["high surrogate"])
        expectRejected(#""\u12""#, ["four hexadecimal digits"])
        expectRejected(#""\u12G4""#, ["four hexadecimal digits"])
    }

    @Test func stringsRefuseWhatRFC8259Forbids() {
        expectRejected(#""\q""#, ["unknown escape '\\q'"])
        expectRejected(#""\x41""#, ["unknown escape '\\x'"])
        expectRejected(#""\'""#, ["unknown escape"])
        expectRejected("\"a\u{01}b\"", ["unescaped control character 0x1"])
        expectRejected("\"line\nbreak\"", ["unescaped control character 0xA"])
        expectRejected("\"tab\there\"", ["unescaped control character 0x9"])
        expectRejected(#""abc"#, ["unterminated string"])
        expectRejected(#"{'a': 1}"#, ["expected a string key"])
    }

    @Test func numbersFollowTheGrammar() throws {
        for bad in ["01", "-01", "00", "1.", ".5", "1e", "1e+", "+1", "-", "1.e3", "0x10", "1_000", "--1", "- 1"] {
            #expect(failure(bad) != nil, "\(bad) was accepted")
        }
        expectRejected("[01]", ["leading zeros", "byte 1"])
        for (good, value) in [("0", 0.0), ("-0", -0.0), ("12", 12), ("-3.25", -3.25), ("1e3", 1000), ("1E+2", 100),
                              ("2.5e-3", 0.0025), ("0.1", 0.1), ("1e400", .infinity)] as [(String, Double)] {
            #expect((try? JSONValue.parse(good))?.doubleValue == value, "\(good)")
        }
        #expect(try JSONValue.parse("NaN").doubleValue?.isNaN == true)
        #expect(try JSONValue.parse("-Infinity").doubleValue == -.infinity)
    }

    @Test func structureErrors() {
        expectRejected("[1,]", ["trailing comma"])
        expectRejected("[1,,2]", ["expected a value"])
        expectRejected(#"{"a": 1,}"#, ["expected a string key"])
        expectRejected(#"{"a" 1}"#, ["expected ':' after the key 'a'"])
        expectRejected(#"{"a": 1 "b": 2}"#, ["expected ',' or '}'"])
        expectRejected("[1 2]", ["expected ',' or ']'"])
        expectRejected(#"{"units": 1, "units": 2}"#, ["duplicate key 'units'"])
        expectRejected("1 2", ["unexpected '2' after the JSON value"])
        expectRejected(#"{"a": 1} x"#, ["after the JSON value"])
        expectRejected("[1]]", ["after the JSON value"])
        expectRejected("", ["expected a value, found the end of the input"])
        expectRejected("   ", ["end of the input"])
        expectRejected("[", ["end of the input"])
        expectRejected(#"{"a": [1, 2"#, ["unterminated array"])
        expectRejected("tru", ["expected 'true'"])
        expectRejected("True", ["expected a value, found 'T'"])
        expectRejected("\u{0C}1", ["found byte 0x0C"])
        expectRejected("\u{A0}1", ["found byte 0xC2"])
    }

    @Test func errorsGiveLineAndColumn() {
        // The 't' of 'tru' is the 9th character of line 3 and byte 21 (from 0; 'é' takes two bytes).
        let text = "{\n  \"a\": 1,\n  \"bé\": tru\n}"
        expectRejected(text, ["line 3, column 9 (byte 21)", "expected 'true'"])
    }

    @Test func nestingIsCappedWithAClearError() {
        let limit = JSONValue.maximumNestingDepth
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(failure(deepest) == nil)
        expectRejected(String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1),
                       ["nested deeper than \(limit) levels"])
        // Far deeper input fails at the cap, long before the stack is in danger.
        expectRejected(String(repeating: #"{"a":["#, count: 100_000), ["nested deeper than"])
    }

    @Test func invalidUTF8IsRefused() throws {
        #expect(throws: SwiftLearnError.self) { try JSONValue.parse(utf8: [0x22, 0xFF, 0x22]) }
        #expect(throws: SwiftLearnError.self) { try JSONValue.parse(utf8: [0x22, 0xC3, 0x22]) }
        #expect(try JSONValue.parse(utf8: [0x22, 0xC3, 0xA9, 0x22]).stringValue == "é")
        #expect(try JSONValue.parse(utf8: [0xEF, 0xBB, 0xBF, 0x31]).doubleValue == 1, "a leading byte order mark is ignored")
    }

    @Test func validStringsDecode() throws {
        #expect(try JSONValue.parse(#""\ud83d\ude00 \u00E9\/\b\f\r\t\u0000""#).stringValue == "😀 é/\u{08}\u{0C}\r\t\u{00}")
        #expect(try JSONValue.parse(#""\uDBFF\uDFFF""#).stringValue == "\u{10FFFF}")
        #expect(try JSONValue.parse("\"日本語\"").stringValue == "日本語")
        let text = try JSONValue.parse(#"" \u0001 \" \\ ""#).jsonText
        #expect(text == #"" \u0001 \" \\ ""#, "control characters are written escaped")
    }

    @Test func writtenTextParsesBackToTheSameText() throws {
        let values: [JSONValue] = [
            .object([("a", .array([1, 2.5, -3e-7, .null, true, false])), ("b", .string("q\"\\\n\u{1F}\u{7F}😀")), ("", .object([]))]),
            .number(.nan), .number(-.infinity), .number(1e300), .number(-0.0), .array([]),
            .string(String(repeating: "x", count: 1000)),
        ]
        for v in values {
            let text = v.jsonText
            #expect(try JSONValue.parse(text).jsonText == text)
        }
    }
}
