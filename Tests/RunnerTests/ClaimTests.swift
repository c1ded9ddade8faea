import Foundation
import Testing

@testable import MinimaxRunner

@Suite("Claims a cell makes about its results")
struct ClaimTests {
    typealias Expression = Claim.Expression

    /// Whether the claim holds with these values; nil if one of its names has none.
    func holds(_ text: String, _ values: [String: Double] = [:]) throws -> Bool? {
        try Claim(parsing: text).evaluate { values[$0] }?.holds
    }

    /// The error a claim's text raises, or nil if it reads.
    func syntaxError(_ text: String) -> ClaimSyntaxError? {
        do {
            _ = try Claim(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Reading

    @Test("* and / bind tighter than + and -; parentheses group")
    func precedence() throws {
        let claim = try Claim(parsing: "1 + 2 * 3 == 7")
        #expect(claim.left == .binary(.add, .number(1), .binary(.multiply, .number(2), .number(3))))
        #expect(claim.comparison == .equal)
        #expect(claim.right == .number(7))
        #expect(try holds("1 + 2 * 3 == 7") == true)
        #expect(try holds("(1 + 2) * 3 == 9") == true)
        #expect(try holds("1 + 2 * 3 == 9") == false)
        #expect(try holds("2 * 3 - 8 / 4 == 4") == true)
        #expect(try Claim(parsing: "(1 + 2) * 3 == 9").left == .binary(.multiply, .binary(.add, .number(1), .number(2)), .number(3)))
    }

    @Test("Unary minus, repeated or after an operator")
    func unaryMinus() throws {
        #expect(try holds("-2 * -3 == 6") == true)
        #expect(try holds("- - 1 == 1") == true)
        #expect(try holds("2 - -3 == 5") == true)
        #expect(try holds("-(1 + 2) == -3") == true)
        #expect(try Claim(parsing: "-2 * -3 == 6").left == .binary(.multiply, .negate(.number(2)), .negate(.number(3))))
        #expect(try Claim(parsing: "--x > 0").left == .negate(.negate(.name("x"))))
    }

    @Test("Operators of equal precedence group from the left")
    func leftAssociativity() throws {
        #expect(try holds("8 / 4 / 2 == 1") == true)
        #expect(try holds("10 - 3 - 2 == 5") == true)
        #expect(try Claim(parsing: "a - b - c < 0").left == .binary(.subtract, .binary(.subtract, .name("a"), .name("b")), .name("c")))
    }

    @Test("Numbers in every spelling the grammar allows")
    func numbers() throws {
        let spellings: [(String, Double)] = [("3", 3), ("0.1", 0.1), ("1e-9", 1e-9), ("2.5E+3", 2500), (".5", 0.5), ("5.", 5), ("1e5", 100_000)]
        for (spelling, value) in spellings {
            #expect(try Claim(parsing: "x < \(spelling)").right == .number(value), "\(spelling)")
        }
        // A hyphen after an exponent's digits is minus again.
        #expect(try Claim(parsing: "1e-3-1 < 0").left == .binary(.subtract, .number(0.001), .number(1)))
    }

    @Test("All comparisons, in ASCII and Unicode")
    func comparisons() throws {
        let cases: [(String, Claim.Comparison, Bool)] = [
            ("<", .less, true), ("<=", .lessOrEqual, true), ("≤", .lessOrEqual, true),
            (">", .greater, false), (">=", .greaterOrEqual, false), ("≥", .greaterOrEqual, false),
            ("==", .equal, false), ("!=", .notEqual, true), ("≠", .notEqual, true),
        ]
        for (symbol, comparison, expected) in cases {
            let claim = try Claim(parsing: "1\(symbol)2")
            #expect(claim.comparison == comparison, "\(symbol)")
            #expect(claim.evaluate { _ in nil }?.holds == expected, "\(symbol)")
        }
        #expect(try holds("2 <= 2") == true)
        #expect(try holds("2 >= 2") == true)
        #expect(try holds("2 == 2") == true)
    }

    @Test("Unicode −, × and ÷ read as - * /")
    func unicodeOperators() throws {
        let unicode = try Claim(parsing: "a − b × c ÷ d ≤ −e")
        let ascii = try Claim(parsing: "a - b * c / d <= -e")
        #expect(unicode.left == ascii.left)
        #expect(unicode.right == ascii.right)
        #expect(unicode.comparison == ascii.comparison)
        #expect(unicode.text == "a − b × c ÷ d ≤ −e")
        #expect(try holds("7 − 2 × 3 ÷ 2 == 4") == true)
    }

    @Test("Functions and their values")
    func functions() throws {
        #expect(try holds("abs(-2.5) == 2.5") == true)
        #expect(try holds("abs(log(exp(1)) - 1) < 1e-15") == true)
        #expect(try holds("sqrt(16) == 4") == true)
        #expect(try holds("min(3, 1, 2) == 1") == true)
        #expect(try holds("max(3, 1, 2) == 3") == true)
        #expect(try holds("max(min(1, 2), -abs(-5)) == 1") == true)
        #expect(try Claim(parsing: "min(a, 2) < 1").left == .call(.min, [.name("a"), .number(2)]))
        // Only a call makes a function: a result may be named after one.
        #expect(try Claim(parsing: "max < min").names == ["max", "min"])
        // Space before the parenthesis still calls.
        #expect(try Claim(parsing: "abs (x) < 1").left == .call(.abs, [.name("x")]))
    }

    @Test("Dotted names; names in order of first appearance, without repeats; a hyphen is minus")
    func names() throws {
        let claim = try Claim(parsing: "value.gap_to_minimum - a.b.c * value.gap_to_minimum > grid.points + abs(a.b.c) + _x1")
        #expect(claim.names == ["value.gap_to_minimum", "a.b.c", "grid.points", "_x1"])
        #expect(claim.left == .binary(.subtract, .name("value.gap_to_minimum"), .binary(.multiply, .name("a.b.c"), .name("value.gap_to_minimum"))))
        let hyphen = try Claim(parsing: "d-loss < g-loss")
        #expect(hyphen.names == ["d", "loss", "g"])
        #expect(hyphen.left == .binary(.subtract, .name("d"), .name("loss")))
        #expect(try Claim(parsing: "1 < 2").names == [])
    }

    @Test("The text is kept as written, trimmed; columns count in it")
    func text() throws {
        let claim = try Claim(parsing: "  \tmax_error   <  0.1 \n")
        #expect(claim.text == "max_error   <  0.1")
        #expect(try Claim(parsing: claim.text) == claim)
        #expect(syntaxError("   a < b < c") == ClaimSyntaxError(message: "one comparison per claim; write two claims", column: 7))
    }

    // MARK: - Evaluating

    @Test("Evaluation gives both sides, the names' values, and nil when a name has none")
    func evaluation() throws {
        let claim = try Claim(parsing: "v_learned_quadrature <= v_star + abs(v_star - 1)")
        let values = ["v_learned_quadrature": 0.5, "v_star": 0.75, "unused": 9]
        let evaluation = try #require(claim.evaluate { values[$0] })
        #expect(evaluation.left == 0.5)
        #expect(evaluation.right == 1.0)
        #expect(evaluation.comparison == .lessOrEqual)
        #expect(evaluation.values == ["v_learned_quadrature": 0.5, "v_star": 0.75])
        #expect(evaluation.holds)
        #expect(claim.evaluate { $0 == "v_star" ? 1 : nil } == nil)
        var asked: [String] = []
        _ = claim.evaluate { asked.append($0); return 1 }
        #expect(asked == ["v_learned_quadrature", "v_star"])
    }

    @Test("A NaN on either side never holds, whatever the comparison; division by zero is IEEE")
    func notANumber() throws {
        for symbol in ["<", "<=", ">", ">=", "==", "!=", "≠"] {
            #expect(try holds("x \(symbol) 1", ["x": .nan]) == false, "\(symbol)")
            #expect(try holds("1 \(symbol) x", ["x": .nan]) == false, "\(symbol)")
            #expect(try holds("x \(symbol) x", ["x": .nan]) == false, "\(symbol)")
        }
        #expect(try holds("0 / 0 != 1") == false)
        #expect(try holds("log(-1) != 0") == false)
        #expect(try holds("sqrt(-1) < 1") == false)
        #expect(try holds("1 / 0 > 1e308") == true)
        #expect(try holds("-1 / 0 < -1e308") == true)
        #expect(try holds("log(0) < -1e308") == true)
        // min and max pass a NaN on, whichever argument it is.
        #expect(try holds("min(x, 1) < 2", ["x": .nan]) == false)
        #expect(try holds("min(1, x) < 2", ["x": .nan]) == false)
        #expect(try holds("max(1, x, 0) > 0", ["x": .nan]) == false)
    }

    @Test("Description: 4 significant digits, more when two different numbers would read the same")
    func description() throws {
        func described(_ left: Double, _ comparison: Claim.Comparison, _ right: Double) -> String {
            Claim.Evaluation(left: left, comparison: comparison, right: right, values: [:]).description
        }
        #expect(described(0.056321, .less, 0.1) == "0.05632 < 0.1")
        #expect(described(0.09999, .less, 0.1) == "0.09999 < 0.1")
        #expect(described(0.099999, .less, 0.1) == "0.099999 < 0.1")
        #expect(described(1.00001, .greater, 1) == "1.00001 > 1")
        #expect(described(0.1 + 0.2, .notEqual, 0.3) == "0.30000000000000004 != 0.3")
        #expect(described(1.0.nextUp, .greater, 1) == "1.0000000000000002 > 1")
        #expect(described(0.1, .equal, 0.1) == "0.1 == 0.1")
        #expect(described(123_456, .greaterOrEqual, 1e-9) == "123500 >= 1e-09")
        #expect(described(.nan, .less, 0.1) == "nan < 0.1")
        #expect(described(.nan, .notEqual, .nan) == "nan != nan")
        #expect(described(-.infinity, .lessOrEqual, 2) == "-inf <= 2")
        let evaluation = try #require(try Claim(parsing: "max_error ≤ 0.1").evaluate { _ in 0.05632 })
        #expect("\(evaluation)" == "0.05632 <= 0.1")
    }

    // MARK: - Mistakes

    static let mistakes: [(text: String, message: String, column: Int)] = [
        ("", "empty claim; a claim compares two expressions with <, <=, >, >=, == or !=, like max_error < 0.1", 1),
        (" \n\t ", "empty claim; a claim compares two expressions with <, <=, >, >=, == or !=, like max_error < 0.1", 1),
        ("max_error + 1", "a claim compares two expressions with <, <=, >, >=, == or !=", 1),
        ("a < b < c", "one comparison per claim; write two claims", 7),
        ("0 ≤ a ≤ 1", "one comparison per claim; write two claims", 7),
        ("foo(x) < 1", "unknown function 'foo'; the functions are abs, log, exp, sqrt, min, max (to multiply, write foo * (...))", 1),
        ("2 * grid.points(3) > 1", "unknown function 'grid.points'; the functions are abs, log, exp, sqrt, min, max (to multiply, write grid.points * (...))", 5),
        ("Abs(x) < 1", "unknown function 'Abs'; the functions are abs, log, exp, sqrt, min, max (to multiply, write Abs * (...))", 1),
        ("abs(a, b) < 1", "abs takes one argument", 1),
        ("1 > sqrt()", "sqrt takes one argument", 5),
        ("1 < min(a)", "min takes two or more arguments", 5),
        ("max() > 0", "max takes two or more arguments", 1),
        ("(a + b < 1", "unbalanced parenthesis: this '(' has no matching ')'", 1),
        ("a < (b + c", "unbalanced parenthesis: this '(' has no matching ')'", 5),
        ("abs(x < 1", "unbalanced parenthesis: this '(' has no matching ')'", 4),
        ("a) < b", "unbalanced parenthesis: this ')' has no matching '('", 2),
        ("a < (b))", "unbalanced parenthesis: this ')' has no matching '('", 8),
        ("(a < b)", "'<' is inside parentheses; a claim compares two expressions outside any parentheses", 4),
        ("min(a, b <= c)", "'<=' is inside parentheses; a claim compares two expressions outside any parentheses", 10),
        ("a # b < c", "unexpected character '#' (U+0023)", 3),
        ("a – b < 1", "unexpected character '–' (U+2013)", 3),
        ("a < b\u{0}", "unexpected character U+0000", 6),
        ("naïve < 1", "unexpected character 'ï' (U+00EF)", 3),
        ("a = b", "unexpected character '='; write == to compare for equality", 3),
        ("!a < b", "unexpected character '!'; write != for 'not equal'", 1),
        ("a =< b", "'=<' is not a comparison; write <=", 3),
        ("a => b", "'=>' is not a comparison; write >=", 3),
        ("a <> b", "'<>' is not a comparison; write != for 'not equal'", 3),
        ("a^2 < 1", "unexpected character '^'; there is no power operator: write x * x, or exp(y * log(x)) for x to the power y", 2),
        ("a**2 < 1", "'**' is not an operator; there is no power operator: write x * x, or exp(y * log(x)) for x to the power y", 2),
        ("a < b c", "expected an operator (+ - * /) before 'c'", 7),
        ("a b < c", "expected an operator (+ - * /) before 'b'", 3),
        ("a < 2 (c)", "expected an operator (+ - * /) before '('", 7),
        ("(a b) < c", "expected an operator (+ - * /) before 'b'", 4),
        ("(a, b) < 1", "unexpected ','; commas separate a function's arguments, like min(a, b)", 3),
        ("a <", "expected a number, a name or '(', found the end of the claim", 4),
        ("< 1", "expected a number, a name or '(', found '<'", 1),
        ("+1 < 2", "expected a number, a name or '(', found '+'", 1),
        ("a + * b < 1", "expected a number, a name or '(', found '*'", 5),
        ("() < 1", "expected a number, a name or '(', found ')'", 2),
        ("min(a,, b) < 1", "expected a number, a name or '(', found ','", 7),
        ("1.2.3 < x", "malformed number '1.2.3'; numbers are written like 3, 0.1, .5, 1e-9 or 2.5E+3", 1),
        ("x < 1e", "malformed number '1e'; numbers are written like 3, 0.1, .5, 1e-9 or 2.5E+3", 5),
        ("x < 2e-", "malformed number '2e-'; numbers are written like 3, 0.1, .5, 1e-9 or 2.5E+3", 5),
        ("x < 3x", "malformed number '3x'; numbers are written like 3, 0.1, .5, 1e-9 or 2.5E+3", 5),
        ("x < 0x1F", "malformed number '0x1F'; numbers are written like 3, 0.1, .5, 1e-9 or 2.5E+3", 5),
        ("x < 1e999", "the number '1e999' is too large; the largest is about 1.8e308", 5),
        ("value. < 1", "malformed name 'value.'; each part of a dotted name starts with a letter or '_', like value.gap_to_minimum", 1),
        ("1 < a.5", "malformed name 'a.5'; each part of a dotted name starts with a letter or '_', like value.gap_to_minimum", 5),
        ("a..b < 1", "malformed name 'a..b'; each part of a dotted name starts with a letter or '_', like value.gap_to_minimum", 1),
        ("x < .", "unexpected character '.' (U+002E)", 5),
    ]

    @Test("Each mistake is named with its fix and its column", arguments: mistakes)
    func syntaxErrors(text: String, message: String, column: Int) {
        #expect(syntaxError(text) == ClaimSyntaxError(message: message, column: column))
    }

    @Test("The error reads as column and message")
    func errorDescription() {
        #expect("\(ClaimSyntaxError(message: "one comparison per claim; write two claims", column: 7))"
            == "column 7: one comparison per claim; write two claims")
    }

    @Test("Deep nesting and very long claims are errors, not stack overflows")
    func limits() throws {
        let tooDeep = ClaimSyntaxError(
            message: "nested too deeply; a claim nests parentheses, function calls and minus signs at most 100 deep", column: 101)
        let parentheses = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + " < 2"
        #expect(syntaxError(parentheses) == tooDeep)
        #expect(syntaxError(String(repeating: "-", count: 10_000) + "1 < 2") == tooDeep)
        #expect(syntaxError("1 < " + String(repeating: "-", count: 10_000) + "1")?.column == 105)
        let calls = String(repeating: "abs(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + " > 0"
        #expect(syntaxError(calls) == ClaimSyntaxError(message: tooDeep.message, column: 404))
        // A hundred levels are fine.
        let hundred = String(repeating: "(", count: 100) + "-x" + String(repeating: ")", count: 100) + " < 0"
        #expect(syntaxError(hundred) == ClaimSyntaxError(message: tooDeep.message, column: 101))
        #expect(try holds(String(repeating: "(", count: 99) + "-x" + String(repeating: ")", count: 99) + " < 0", ["x": 1]) == true)
        #expect(try holds(String(repeating: "(", count: 100) + "x" + String(repeating: ")", count: 100) + " > 0", ["x": 1]) == true)
        // A chain is not nested, but its tree is as deep as it is long.
        let sum = "1" + String(repeating: " + 1", count: 10_000) + " > 0"
        #expect(syntaxError(sum) == ClaimSyntaxError(
            message: "too long; a claim has at most 1000 numbers, names and symbols: split it into several claims", column: 2001))
        #expect(try holds("1" + String(repeating: " + 1", count: 400) + " == 401") == true)
    }

    // MARK: - Any input

    /// A reproducible stream of random numbers (SplitMix64).
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A piece of claim text: mostly the grammar's own tokens, sometimes any Unicode scalar
    /// (combining marks, controls and emoji included).
    func randomPiece(using generator: inout SeededGenerator) -> String {
        let pieces = [
            "a", "b", "x1", "_", "value.gap", "grid.points", ".", "0", "1", "9", ".5", "e", "E", "1e-9", "2.5E+3",
            "+", "-", "−", "*", "×", "/", "÷", "(", ")", ",", "<", "<=", ">", ">=", "==", "!=", "≤", "≥", "≠",
            "=", "!", "^", " ", " ", "\t", "abs", "log", "exp", "sqrt", "min", "max", "abs(", "min(", "max(",
        ]
        guard Int.random(in: 0..<20, using: &generator) == 0 else { return pieces.randomElement(using: &generator)! }
        let code = UInt32.random(in: 0...0x1F_FFF, using: &generator)
        return String(Unicode.Scalar(code) ?? "?")
    }

    @Test("Random text, and valid claims with random edits, only ever give a claim or a syntax error")
    func randomText() throws {
        var generator = SeededGenerator(state: 2014)
        var parsed = 0
        var rejected = 0
        for round in 0..<6000 {
            var text: String
            if round.isMultiple(of: 2) {
                text = (0..<Int.random(in: 0...24, using: &generator)).map { _ in randomPiece(using: &generator) }.joined()
            } else {
                // Near misses reach deeper into the parser than random text does.
                text = randomExpression(depth: 3, using: &generator).1 + " < " + randomExpression(depth: 3, using: &generator).1
                for _ in 0..<Int.random(in: 0...3, using: &generator) {
                    var characters = Array(text)
                    let offset = Int.random(in: 0...characters.count, using: &generator)
                    if Bool.random(using: &generator), offset < characters.count {
                        characters.remove(at: offset)
                    } else {
                        characters.insert(contentsOf: randomPiece(using: &generator), at: offset)
                    }
                    text = String(characters)
                }
            }
            let claim: Claim
            do {
                claim = try Claim(parsing: text)
            } catch {
                rejected += 1
                let length = text.trimmingCharacters(in: .whitespacesAndNewlines).count
                #expect((1...length + 1).contains(error.column), "\(text) → \(error)")
                #expect(!error.message.isEmpty)
                continue
            }
            parsed += 1
            #expect(try Claim(parsing: claim.text) == claim, "\(text)")
            let evaluation = try #require(claim.evaluate { _ in 1.5 })
            #expect(evaluation.values.count == claim.names.count)
            #expect(!evaluation.description.isEmpty)
        }
        // Both outcomes are common enough for the property to mean something.
        #expect(parsed > 500)
        #expect(rejected > 500)
    }

    /// A random expression tree of at most `depth` levels, and its text.
    func randomExpression(depth: Int, using generator: inout SeededGenerator) -> (Expression, String) {
        let names = ["a", "value.gap_to_minimum", "grid.points", "_x"]
        let spaces = ["", " ", "  "]
        func space() -> String { spaces.randomElement(using: &generator)! }
        switch depth == 0 ? Int.random(in: 0...1, using: &generator) : Int.random(in: 0...4, using: &generator) {
        case 0:
            let number = Double(Int.random(in: 0...10_000, using: &generator)) / 64 * [1, 1e-9, 1e12].randomElement(using: &generator)!
            return (.number(number), "\(number)")
        case 1:
            let name = names.randomElement(using: &generator)!
            return (.name(name), name)
        case 2:
            let (operand, text) = randomExpression(depth: depth - 1, using: &generator)
            return (.negate(operand), ["-", "−"].randomElement(using: &generator)! + space() + text)
        case 3:
            let (left, leftText) = randomExpression(depth: depth - 1, using: &generator)
            let (right, rightText) = randomExpression(depth: depth - 1, using: &generator)
            let (operation, symbol) = [
                (Claim.Operator.add, "+"), (.subtract, "-"), (.subtract, "−"), (.multiply, "*"), (.multiply, "×"),
                (.divide, "/"), (.divide, "÷"),
            ].randomElement(using: &generator)!
            return (.binary(operation, left, right), "(" + space() + leftText + space() + symbol + space() + rightText + space() + ")")
        default:
            let function = Claim.Function.allCases.randomElement(using: &generator)!
            let count = function == .min || function == .max ? Int.random(in: 2...4, using: &generator) : 1
            let arguments = (0..<count).map { _ in randomExpression(depth: depth - 1, using: &generator) }
            let text = function.rawValue + space() + "(" + arguments.map(\.1).joined(separator: "," + space()) + ")"
            return (.call(function, arguments.map(\.0)), text)
        }
    }

    @Test("Random expression trees, written out, read back as the same trees")
    func randomTrees() throws {
        var generator = SeededGenerator(state: 1406)
        let comparisons: [(Claim.Comparison, String)] = [
            (.less, "<"), (.lessOrEqual, "<="), (.lessOrEqual, "≤"), (.greater, ">"), (.greaterOrEqual, ">="),
            (.greaterOrEqual, "≥"), (.equal, "=="), (.notEqual, "!="), (.notEqual, "≠"),
        ]
        for _ in 0..<1000 {
            let (left, leftText) = randomExpression(depth: 5, using: &generator)
            let (right, rightText) = randomExpression(depth: 5, using: &generator)
            let (comparison, symbol) = comparisons.randomElement(using: &generator)!
            let text = leftText + " " + symbol + " " + rightText
            let claim = try Claim(parsing: text)
            #expect(claim.left == left, "\(text)")
            #expect(claim.comparison == comparison, "\(text)")
            #expect(claim.right == right, "\(text)")
        }
    }
}
