import Foundation
import Testing
import TensorCore
@testable import Datasets

/// The CSV loader follows RFC 4180 and names the line and column of every problem.
@Suite struct CSVTests {
    func failure(_ text: String, missingValues: Bool = false) -> String {
        do { _ = try CSV.parse(text, source: "t.csv", missingValues: missingValues); return "accepted" } catch { return "\(error)" }
    }

    func expectFailure(_ text: String, _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let message = failure(text)
        for f in ["t.csv"] + fragments {
            #expect(message.contains(f), "'\(f)' missing from: \(message)", sourceLocation: sourceLocation)
        }
    }

    @Test func parsesPlainNumbers() throws {
        let table = try CSV.parse("a,b\n1,2\n3.5,-4\n", source: "mem")
        #expect(table.columns == ["a", "b"])
        #expect(table.values.shape == [2, 2])
        #expect(try table.column("b").scalars == [2, -4])
        #expect(throws: SwiftLearnError.self) { try table.column("c") }
    }

    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        let text = "\"a,1\",\"say \"\"hi\"\"\",\"multi\nline\",\"plain\"\r\n\"1\",2,\" 3 \",4\r\n5,\"6\",7,8"
        let table = try CSV.parse(text, source: "mem")
        #expect(table.columns == ["a,1", "say \"hi\"", "multi\nline", "plain"])
        #expect(table.values.shape == [2, 4])
        #expect(table.values.scalars == [1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test func lineEndingsAndBlankLines() throws {
        for text in ["x,y\n1,2\n3,4\n", "x,y\r\n1,2\r\n3,4\r\n", "x,y\n1,2\n3,4", "x,y\r1,2\r3,4\r", "\u{FEFF}x,y\n1,2\n\n3,4\n\n\n",
                     "\n\nx,y\n1,2\n3,4"] {
            let table = try CSV.parse(text, source: "mem")
            #expect(table.columns == ["x", "y"] && table.values.scalars == [1, 2, 3, 4], "\(text.debugDescription)")
        }
        #expect(try CSV.parse("x,y\n", source: "mem").values.shape == [0, 2], "a header alone is an empty table")
    }

    @Test func raggedRowsNameTheLine() {
        expectFailure("a,b\n1,2\n3\n", ["line 3, column 2: the row has 1 fields, expected 2", "('b') is missing"])
        expectFailure("a,b\n1,2\n3,4,5\n", ["line 3, column 3: the row has 3 fields, expected 2", "column 3 is extra"])
        // The header spans lines 1 and 2; blank line 4 is skipped; the bad row is line 5.
        expectFailure("\"a\nb\",c\n1,2\n\n3,4,5\n", ["line 5, column 3: the row has 3 fields"])
        expectFailure("\"a\r\nb\",c\r\n1,2\r\n3\r\n", ["line 4, column 2: the row has 1 fields"])
    }

    @Test func nonNumericCellsNameLineAndColumn() {
        expectFailure("a,b\n1,2\n3,x\n", ["line 3, column 2 ('b'): 'x' is not a number"])
        expectFailure("a,b\n\"1,5\",2\n", ["line 2, column 1 ('a'): '1,5' is not a number"])
        for bad in ["0x10", "1e", "--1", "1..2", "e5", "+", ".", "1 2", "one"] {
            expectFailure("a\n\(bad)\n", ["line 2, column 1 ('a')", "is not a number"])
        }
        let odd = try? CSV.parse("a,b,c,d\n inf ,-Infinity,1e3,  .5\n", source: "mem").values.scalars
        #expect(odd == [.infinity, -.infinity, 1000, 0.5])
    }

    @Test func missingValuesOnlyWhenAsked() throws {
        let text = "a,b,c\n1,,nan\nNaN,2,NA\n"
        expectFailure(text, ["line 2, column 2 ('b'): empty cell; pass missingValues: true"])
        expectFailure("a\nnan\n", ["line 2, column 1 ('a'): 'nan' marks a missing value"])
        let table = try CSV.parse(text, source: "mem", missingValues: true)
        let v = table.values.scalars
        #expect(v[0] == 1 && v[1].isNaN && v[2].isNaN && v[3].isNaN && v[4] == 2 && v[5].isNaN)
    }

    @Test func duplicateColumnNamesAreReported() {
        expectFailure("a,b,a\n1,2,3\n", ["columns 1 and 3 of the header have the same name 'a'"])
        expectFailure("a, b ,\"b\"\n1,2,3\n", ["columns 2 and 3", "'b'"])
    }

    @Test func malformedQuotingIsRefused() {
        expectFailure("a,b\n1,2\"\n", ["line 2, column 4: '\"' inside an unquoted field"])
        expectFailure("a,b\n\"1\"x,2\n", ["line 2, column 4: text after the closing quote"])
        expectFailure("\"a\"b,c\n1,2\n", ["line 1, column 4: text after the closing quote"])
        expectFailure("a,b\n1,\"2\n3,4\n", ["line 2, column 3: quoted field is not closed"])
        expectFailure("a,\"b\n", ["line 1, column 3: quoted field is not closed"])
        expectFailure("", ["empty CSV"])
        expectFailure("\n\n", ["empty CSV"])
    }

    @Test func bytesMustBeUTF8() throws {
        #expect(throws: SwiftLearnError.self) { try CSV.parse(Data([0x61, 0x0A, 0xFF, 0x0A]), source: "bin.csv") }
        #expect(try CSV.parse(Data("é\n1\n".utf8), source: "u.csv").columns == ["é"])
    }
}
