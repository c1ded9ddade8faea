import Foundation

/// A statement a cell makes about its results, checked after the run: `max_error < 0.1`.
///
/// A claim compares two arithmetic expressions with one of `<`, `<=`, `>`, `>=`, `==`, `!=`
/// (or `≤`, `≥`, `≠`). An expression is built from numbers (`3`, `0.1`, `.5`, `1e-9`), names of
/// results (`max_error`, dotted for nested ones: `value.gap_to_minimum`), `+ - * /` (or `−`,
/// `×`, `÷`), unary minus, parentheses, and the functions `abs`, `log` (natural), `exp`, `sqrt`,
/// `min` and `max`, with the usual precedence and left to right among equals.
///
/// The text is data: a small recursive-descent parser reads it, and nothing else ever runs it.
public struct Claim: Sendable, Equatable {
    /// How the two sides are compared. The raw value is the ASCII spelling, as messages show it.
    public enum Comparison: String, Sendable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="

        /// Whether `left` and `right` are in this relation. A NaN on either side never is, not
        /// even for `!=`: a claim about a number the run failed to produce cannot be true.
        public func holds(_ left: Double, _ right: Double) -> Bool {
            if left.isNaN || right.isNaN { return false }
            switch self {
            case .less: return left < right
            case .lessOrEqual: return left <= right
            case .greater: return left > right
            case .greaterOrEqual: return left >= right
            case .equal: return left == right
            case .notEqual: return left != right
            }
        }
    }

    /// An arithmetic operator between two expressions.
    public enum Operator: String, Sendable {
        case add, subtract, multiply, divide

        /// The IEEE result: dividing by zero gives an infinity or NaN, not an error.
        func apply(_ left: Double, _ right: Double) -> Double {
            switch self {
            case .add: left + right
            case .subtract: left - right
            case .multiply: left * right
            case .divide: left / right
            }
        }
    }

    /// A function a claim may call; the raw value is its name in claims.
    public enum Function: String, Sendable, CaseIterable {
        case abs, log, exp, sqrt, min, max

        /// `min` and `max` take two or more arguments; the others exactly one.
        var takesSeveralArguments: Bool { self == .min || self == .max }

        /// The function's value, with IEEE results out of its domain (`log(-1)` is NaN).
        func apply(_ arguments: [Double]) -> Double {
            switch self {
            case .abs: return Swift.abs(arguments[0])
            case .log: return Foundation.log(arguments[0])
            case .exp: return Foundation.exp(arguments[0])
            case .sqrt: return arguments[0].squareRoot()
            // Swift's min and max may drop a NaN depending on argument order; a NaN must reach
            // the comparison so that the claim fails.
            case .min: return arguments.contains(where: \.isNaN) ? .nan : arguments.min()!
            case .max: return arguments.contains(where: \.isNaN) ? .nan : arguments.max()!
            }
        }
    }

    /// One side of a claim, as a tree.
    public indirect enum Expression: Sendable, Equatable {
        case number(Double)
        /// A result's name, possibly dotted: `value.gap_to_minimum`.
        case name(String)
        case negate(Expression)
        case binary(Operator, Expression, Expression)
        case call(Function, [Expression])
    }

    /// The claim as written, trimmed.
    public var text: String
    public var left: Expression
    public var comparison: Comparison
    public var right: Expression

    /// Reads a claim, or says what is wrong with it and where.
    public init(parsing text: String) throws(ClaimSyntaxError) {
        self.text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !self.text.isEmpty else {
            throw ClaimSyntaxError(
                message: "empty claim; a claim compares two expressions with <, <=, >, >=, == or !=, like max_error < 0.1",
                column: 1)
        }
        let tokens = try Tokenizer(self.text).tokens()
        // Counting comparisons first gives the message that names the fix, rather than one
        // about whatever token the parser happens to stop at.
        let comparisons = tokens.filter { if case .comparison = $0.kind { true } else { false } }
        guard comparisons.count == 1 else {
            if comparisons.isEmpty {
                throw ClaimSyntaxError(message: "a claim compares two expressions with <, <=, >, >=, == or !=", column: 1)
            }
            throw comparisons[1].error("one comparison per claim; write two claims")
        }
        var parser = Parser(tokens: tokens)
        left = try parser.sum()
        guard case .comparison(let comparison) = parser.current.kind else { throw parser.unexpectedAfterOperand() }
        self.comparison = comparison
        try parser.advance()
        right = try parser.sum()
        guard parser.current.kind == .end else { throw parser.unexpectedAfterOperand() }
    }

    /// Every name the claim uses, in order of first appearance, without repeats.
    public var names: [String] {
        var names: [String] = []
        left.appendNames(to: &names)
        right.appendNames(to: &names)
        return names
    }

    /// Evaluates both sides with `value` giving each name's number; nil if a name has no value
    /// (the caller reports it).
    public func evaluate(_ value: (String) -> Double?) -> Evaluation? {
        var values: [String: Double] = [:]
        for name in names {
            guard let number = value(name) else { return nil }
            values[name] = number
        }
        return Evaluation(left: left.value(values), comparison: comparison, right: right.value(values), values: values)
    }

    /// Both sides of a claim as numbers, and whether the comparison holds between them.
    public struct Evaluation: Sendable, Equatable, CustomStringConvertible {
        public var left: Double
        public var comparison: Comparison
        public var right: Double
        /// The values of the names used, for showing what decided the claim (in the order of
        /// `Claim.names`).
        public var values: [String: Double]

        /// Whether the claim is true; never when either side is NaN.
        public var holds: Bool { comparison.holds(left, right) }

        /// `0.05632 < 0.1`: both sides rounded to 4 significant digits, or to as many more (up
        /// to 17) as it takes for two different numbers not to read the same.
        public var description: String {
            var digits = 4
            func text(_ number: Double) -> String { formatNumber(number, significantDigits: digits) }
            // "0.1 < 0.1" next to a claim that held would read as a contradiction.
            while digits < 17, left != right, !(left.isNaN && right.isNaN), text(left) == text(right) {
                digits += 1
            }
            return "\(text(left)) \(comparison.rawValue) \(text(right))"
        }
    }
}

/// What is wrong with a claim's text, and where.
public struct ClaimSyntaxError: Error, Equatable, CustomStringConvertible {
    /// What is wrong and how to write it instead.
    public var message: String
    /// The character the problem starts at, 1-based, in the claim's trimmed text.
    public var column: Int

    public var description: String { "column \(column): \(message)" }
}

// MARK: - Evaluating

extension Claim.Expression {
    /// The number this expression stands for, with `values` holding the number of every name
    /// it uses.
    func value(_ values: [String: Double]) -> Double {
        switch self {
        case .number(let number): number
        case .name(let name): values[name] ?? .nan
        case .negate(let operand): -operand.value(values)
        case .binary(let operation, let left, let right): operation.apply(left.value(values), right.value(values))
        case .call(let function, let arguments): function.apply(arguments.map { $0.value(values) })
        }
    }

    /// Adds the names this expression uses, left to right, that `names` does not have yet.
    func appendNames(to names: inout [String]) {
        switch self {
        case .number: break
        case .name(let name): if !names.contains(name) { names.append(name) }
        case .negate(let operand): operand.appendNames(to: &names)
        case .binary(_, let left, let right):
            left.appendNames(to: &names)
            right.appendNames(to: &names)
        case .call(_, let arguments):
            for argument in arguments { argument.appendNames(to: &names) }
        }
    }
}

// MARK: - Reading

/// One piece of a claim's text.
private struct Token {
    enum Kind: Equatable {
        case number(Double)
        case name(String)
        case arithmetic(Claim.Operator)
        case open, close, comma
        case comparison(Claim.Comparison)
        /// After the last character, so that every error has a token to point at.
        case end
    }

    var kind: Kind
    /// As written, for quoting in messages.
    var text: String
    var column: Int

    /// The token as a message quotes it.
    var quoted: String { kind == .end ? "the end of the claim" : "'\(text)'" }

    func error(_ message: String) -> ClaimSyntaxError {
        ClaimSyntaxError(message: message, column: column)
    }
}

private extension Character {
    var isDigit: Bool { ("0"..."9").contains(self) }
    /// Names are ASCII: `é` or a lookalike letter is an unexpected character, not part of a name.
    var startsName: Bool { isASCII && (isLetter || self == "_") }
    var continuesName: Bool { startsName || isDigit }

    /// The character as a message shows it: quoted, with its code point, so that lookalikes
    /// (`–` for `-`) can be told apart; invisible ones by code point alone.
    var quoted: String {
        let codes = unicodeScalars.map { "U+" + String(format: "%04X", $0.value) }.joined(separator: " ")
        let invisible: Set<Unicode.GeneralCategory> = [
            .control, .format, .unassigned, .privateUse, .surrogate, .nonspacingMark, .enclosingMark,
        ]
        if unicodeScalars.contains(where: { invisible.contains($0.properties.generalCategory) }) { return codes }
        return "'\(self)' (\(codes))"
    }
}

/// Splits a claim's text into tokens, rejecting characters and spellings outside the grammar.
private struct Tokenizer {
    let characters: [Character]

    init(_ text: String) { characters = Array(text) }

    static let noPowerOperator = "there is no power operator: write x * x, or exp(y * log(x)) for x to the power y"

    func character(at index: Int) -> Character? {
        index < characters.count ? characters[index] : nil
    }

    /// The tokens in order, ending with `.end`.
    func tokens() throws(ClaimSyntaxError) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let token: Token
            if character.isWhitespace {
                index += 1
                continue
            } else if character.isDigit || (character == "." && self.character(at: index + 1)?.isDigit == true) {
                token = try number(at: index)
            } else if character.startsName {
                token = try name(at: index)
            } else {
                token = try symbol(at: index)
            }
            tokens.append(token)
            index += token.text.count
        }
        tokens.append(Token(kind: .end, text: "", column: characters.count + 1))
        return tokens
    }

    /// `3`, `0.1`, `.5`, `5.`, `1e-9`, `2.5E+3`. A letter right after a number's digits is
    /// read as its exponent, so `2e-3` is a number, never `2e` minus 3.
    func number(at start: Int) throws(ClaimSyntaxError) -> Token {
        var end = start
        func skipDigits() { while character(at: end)?.isDigit == true { end += 1 } }
        skipDigits()
        if character(at: end) == "." {
            end += 1
            skipDigits()
        }
        if character(at: end) == "e" || character(at: end) == "E" {
            end += 1
            if character(at: end) == "+" || character(at: end) == "-" { end += 1 }
            let exponent = end
            skipDigits()
            if end == exponent { throw malformedNumber(at: start) }
        }
        if let next = character(at: end), next.continuesName || next == "." { throw malformedNumber(at: start) }
        let text = String(characters[start..<end])
        guard let value = Double(text), value.isFinite else {
            throw ClaimSyntaxError(message: "the number '\(text)' is too large; the largest is about 1.8e308", column: start + 1)
        }
        return Token(kind: .number(value), text: text, column: start + 1)
    }

    /// `max_error`, or dotted for a nested result: `value.gap_to_minimum`. A hyphen is always
    /// minus, so `d-loss` is `d` minus `loss`.
    func name(at start: Int) throws(ClaimSyntaxError) -> Token {
        var end = start
        while true {
            guard character(at: end)?.startsName == true else {
                throw ClaimSyntaxError(
                    message: "malformed name '\(word(from: start))'; each part of a dotted name starts with a letter or '_', like value.gap_to_minimum",
                    column: start + 1)
            }
            while character(at: end)?.continuesName == true { end += 1 }
            guard character(at: end) == "." else { break }
            end += 1
        }
        let text = String(characters[start..<end])
        return Token(kind: .name(text), text: text, column: start + 1)
    }

    /// An operator, a parenthesis, a comma or a comparison.
    func symbol(at start: Int) throws(ClaimSyntaxError) -> Token {
        let character = characters[start]
        let next = self.character(at: start + 1)
        func token(_ kind: Token.Kind, length: Int = 1) -> Token {
            Token(kind: kind, text: String(characters[start..<start + length]), column: start + 1)
        }
        func error(_ message: String) -> ClaimSyntaxError {
            ClaimSyntaxError(message: message, column: start + 1)
        }
        switch character {
        case "+": return token(.arithmetic(.add))
        case "-", "−": return token(.arithmetic(.subtract))
        case "*" where next == "*": throw error("'**' is not an operator; \(Self.noPowerOperator)")
        case "*", "×": return token(.arithmetic(.multiply))
        case "/", "÷": return token(.arithmetic(.divide))
        case "(": return token(.open)
        case ")": return token(.close)
        case ",": return token(.comma)
        case "<" where next == "=": return token(.comparison(.lessOrEqual), length: 2)
        case "<" where next == ">": throw error("'<>' is not a comparison; write != for 'not equal'")
        case "<": return token(.comparison(.less))
        case ">" where next == "=": return token(.comparison(.greaterOrEqual), length: 2)
        case ">": return token(.comparison(.greater))
        case "=" where next == "=": return token(.comparison(.equal), length: 2)
        case "=" where next == "<": throw error("'=<' is not a comparison; write <=")
        case "=" where next == ">": throw error("'=>' is not a comparison; write >=")
        case "=": throw error("unexpected character '='; write == to compare for equality")
        case "!" where next == "=": return token(.comparison(.notEqual), length: 2)
        case "!": throw error("unexpected character '!'; write != for 'not equal'")
        case "≤": return token(.comparison(.lessOrEqual))
        case "≥": return token(.comparison(.greaterOrEqual))
        case "≠": return token(.comparison(.notEqual))
        case "^": throw error("unexpected character '^'; \(Self.noPowerOperator)")
        default: throw error("unexpected character \(character.quoted)")
        }
    }

    func malformedNumber(at start: Int) -> ClaimSyntaxError {
        ClaimSyntaxError(
            message: "malformed number '\(word(from: start))'; numbers are written like 3, 0.1, .5, 1e-9 or 2.5E+3",
            column: start + 1)
    }

    /// The run of characters from `start` that was probably meant as one number or name, so
    /// that an error quotes all of it (`1.2.3`, not `1.2`).
    func word(from start: Int) -> String {
        var end = start
        while let character = character(at: end) {
            let afterExponent = end > start && characters[start].isDigit && "eE".contains(characters[end - 1])
            guard character.continuesName || character == "." || (afterExponent && "+-".contains(character)) else { break }
            end += 1
        }
        return String(characters[start..<end])
    }
}

/// Builds a claim's expressions from its tokens, one function per precedence level.
private struct Parser {
    let tokens: [Token]
    var position = 0
    /// Parentheses, calls and minus signs entered and not yet left.
    var depth = 0

    /// Every nesting level is a level of recursion here and in evaluating, so it is bounded: ten
    /// thousand parentheses must be an error, not a stack overflow.
    static let maximumDepth = 100
    /// A long chain of `+` or `*` is not nested, but its tree is as deep as the chain is long.
    static let maximumLength = 1000

    var current: Token { tokens[position] }

    /// Moves past the current token, returning it; the end stays current.
    @discardableResult
    mutating func advance() throws(ClaimSyntaxError) -> Token {
        let token = current
        guard token.kind != .end else { return token }
        guard position < Self.maximumLength else {
            throw token.error("too long; a claim has at most \(Self.maximumLength) numbers, names and symbols: split it into several claims")
        }
        position += 1
        return token
    }

    /// Goes one level deeper at `token`, which opens the level.
    mutating func enter(_ token: Token) throws(ClaimSyntaxError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw token.error("nested too deeply; a claim nests parentheses, function calls and minus signs at most \(Self.maximumDepth) deep")
        }
    }

    /// sum := product (('+' | '-') product)*
    mutating func sum() throws(ClaimSyntaxError) -> Claim.Expression {
        var left = try product()
        while case .arithmetic(let operation) = current.kind, operation == .add || operation == .subtract {
            try advance()
            left = .binary(operation, left, try product())
        }
        return left
    }

    /// product := signed (('*' | '/') signed)*
    mutating func product() throws(ClaimSyntaxError) -> Claim.Expression {
        var left = try signed()
        while case .arithmetic(let operation) = current.kind, operation == .multiply || operation == .divide {
            try advance()
            left = .binary(operation, left, try signed())
        }
        return left
    }

    /// signed := '-' signed | primary
    mutating func signed() throws(ClaimSyntaxError) -> Claim.Expression {
        guard current.kind == .arithmetic(.subtract) else { return try primary() }
        try enter(try advance())
        let operand = try signed()
        depth -= 1
        return .negate(operand)
    }

    /// primary := number | name | function '(' arguments ')' | '(' sum ')'
    mutating func primary() throws(ClaimSyntaxError) -> Claim.Expression {
        let token = try advance()
        switch token.kind {
        case .number(let number):
            return .number(number)
        case .name(let name):
            // A function's name is a function only when called: a result may be named `max`.
            guard current.kind == .open else { return .name(name) }
            guard let function = Claim.Function(rawValue: name) else {
                let functions = Claim.Function.allCases.map(\.rawValue).joined(separator: ", ")
                throw token.error("unknown function '\(name)'; the functions are \(functions) (to multiply, write \(name) * (...))")
            }
            return try call(function, named: token)
        case .open:
            try enter(token)
            let inner = try sum()
            try close(token)
            depth -= 1
            return inner
        default:
            throw token.error("expected a number, a name or '(', found \(token.quoted)")
        }
    }

    /// arguments := sum (',' sum)*, with the count the function takes.
    mutating func call(_ function: Claim.Function, named name: Token) throws(ClaimSyntaxError) -> Claim.Expression {
        let open = try advance()
        try enter(open)
        var arguments: [Claim.Expression] = []
        // Read `abs()` through to its ')' so that the error is about the count.
        if current.kind != .close {
            arguments.append(try sum())
            while current.kind == .comma {
                try advance()
                arguments.append(try sum())
            }
        }
        try close(open)
        depth -= 1
        if function.takesSeveralArguments {
            guard arguments.count >= 2 else { throw name.error("\(function.rawValue) takes two or more arguments") }
        } else {
            guard arguments.count == 1 else { throw name.error("\(function.rawValue) takes one argument") }
        }
        return .call(function, arguments)
    }

    /// Moves past the ')' that closes `open`.
    mutating func close(_ open: Token) throws(ClaimSyntaxError) {
        switch current.kind {
        case .close:
            try advance()
        case .end:
            throw open.error("unbalanced parenthesis: this '(' has no matching ')'")
        case .comparison where closedLater:
            throw current.error("\(current.quoted) is inside parentheses; a claim compares two expressions outside any parentheses")
        case .comparison:
            throw open.error("unbalanced parenthesis: this '(' has no matching ')'")
        default:
            throw unexpectedAfterOperand()
        }
    }

    /// Whether a ')' after the current token closes a parenthesis opened before it: then the
    /// comparison is really inside parentheses, rather than after a ')' left out.
    var closedLater: Bool {
        var balance = 0
        for token in tokens[position...] {
            if token.kind == .open { balance += 1 }
            if token.kind == .close { balance -= 1 }
            if balance < 0 { return true }
        }
        return false
    }

    /// The error for the current token where an operator, a ')' or the comparison could follow.
    func unexpectedAfterOperand() -> ClaimSyntaxError {
        switch current.kind {
        case .close: current.error("unbalanced parenthesis: this ')' has no matching '('")
        case .comma: current.error("unexpected ','; commas separate a function's arguments, like min(a, b)")
        default: current.error("expected an operator (+ - * /) before \(current.quoted)")
        }
    }
}
