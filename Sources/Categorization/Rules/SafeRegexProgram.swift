extension SafeRegex {
    /// One step of a compiled pattern. Consuming instructions (`scalar`, `anyExceptNewline`, `scalarClass`) advance
    /// by one scalar; the others are followed during the epsilon closure without consuming input.
    enum Instruction: Sendable {
        case scalar(Unicode.Scalar)
        case anyExceptNewline
        case scalarClass(Int)
        case assertion(Assertion)
        case split(Int, Int)
        case jump(Int)
        case match
    }

    /// A class as the VM uses it: ASCII membership precomputed as a 128-bit table (case folding included), the
    /// full test kept for other scalars.
    struct CompiledClass: Sendable {
        let asciiLow: UInt64
        let asciiHigh: UInt64
        let scalarClass: ScalarClass
        let caseInsensitive: Bool

        init(_ scalarClass: ScalarClass, caseInsensitive: Bool) {
            var low: UInt64 = 0
            var high: UInt64 = 0
            for value in UInt8(0)..<0x80 where scalarClass.contains(Unicode.Scalar(value), caseInsensitive: caseInsensitive) {
                if value < 64 { low |= 1 << UInt64(value) } else { high |= 1 << UInt64(value - 64) }
            }
            self.asciiLow = low
            self.asciiHigh = high
            self.scalarClass = scalarClass
            self.caseInsensitive = caseInsensitive
        }

        @inline(__always)
        func contains(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            if value < 64 { return asciiLow & (1 << UInt64(value)) != 0 }
            if value < 128 { return asciiHigh & (1 << UInt64(value - 64)) != 0 }
            return scalarClass.contains(scalar, caseInsensitive: caseInsensitive)
        }
    }

    /// A compiled pattern: a flat instruction array run by a Pike VM that keeps at most one thread per instruction,
    /// so each text scalar costs at most O(program size).
    struct Program: Sendable {
        let instructions: ContiguousArray<Instruction>
        let classes: [CompiledClass]
        let caseInsensitive: Bool
        /// Every match must start at offset 0, so the search can stop as soon as no thread is alive.
        let anchoredAtStart: Bool
        /// Only `\b` and `\B` need to know whether neighbouring scalars are word characters.
        let usesWordBoundaries: Bool

        init(compiling root: Node, caseInsensitive: Bool) throws(SyntaxError) {
            // Measure before emitting, so `(a{1000}){1000}` is refused without building a million instructions.
            _ = try Self.size(of: root, budget: SafeRegex.maximumProgramSize - 1)
            var compiler = Compiler(caseInsensitive: caseInsensitive)
            compiler.emit(root)
            compiler.append(.match)
            self.instructions = compiler.instructions
            self.classes = compiler.classes
            self.caseInsensitive = caseInsensitive
            self.anchoredAtStart = Self.isAnchoredAtStart(root)
            self.usesWordBoundaries = compiler.usesWordBoundaries
        }

        /// The number of instructions `node` compiles to; throws at the node that first pushes it past `budget`.
        private static func size(of node: Node, budget: Int) throws(SyntaxError) -> Int {
            let size: Int
            switch node.kind {
            case .empty:
                size = 0
            case .scalar, .anyExceptNewline, .scalarClass, .assertion:
                size = 1
            case .concatenation(let items):
                var total = 0
                for item in items {
                    total += try Self.size(of: item, budget: budget)
                    if total > budget { throw tooComplex(at: item.position) }
                }
                size = total
            case .alternation(let branches):
                var total = 2 * (branches.count - 1)
                for branch in branches {
                    total += try Self.size(of: branch, budget: budget)
                    if total > budget { throw tooComplex(at: branch.position) }
                }
                size = total
            case .repetition(let body, let minimum, let maximum):
                let bodySize = try Self.size(of: body, budget: budget)
                switch maximum {
                case nil where minimum == 0: size = bodySize + 2
                case nil: size = minimum * bodySize + 1
                case let maximum?: size = minimum * bodySize + (maximum - minimum) * (bodySize + 1)
                }
            }
            if size > budget { throw tooComplex(at: node.position) }
            return size
        }

        private static func tooComplex(at position: Int) -> SyntaxError {
            SyntaxError(
                position: position,
                "the pattern is too complex: it expands to more than \(SafeRegex.maximumProgramSize) steps"
            )
        }

        private static func isAnchoredAtStart(_ node: Node) -> Bool {
            switch node.kind {
            case .assertion(.textStart): return true
            case .concatenation(let items): return items.first.map(isAnchoredAtStart) ?? false
            case .alternation(let branches): return branches.allSatisfy(isAnchoredAtStart)
            case .repetition(let body, let minimum, _): return minimum > 0 && isAnchoredAtStart(body)
            default: return false
            }
        }

        func matches(_ text: String) -> Bool {
            let count = instructions.count
            return instructions.withUnsafeBufferPointer { code in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: 4 * count) { buffer in
                    buffer.initialize(repeating: -1)
                    let base = buffer.baseAddress!
                    var machine = PikeVM(
                        code: code, classes: classes, caseInsensitive: caseInsensitive,
                        marks: base, current: base + count, next: base + 2 * count, stack: base + 3 * count
                    )
                    return machine.run(
                        text.unicodeScalars, anchoredAtStart: anchoredAtStart, usesWordBoundaries: usesWordBoundaries
                    )
                }
            }
        }
    }

    /// Turns a measured `Node` into instructions.
    private struct Compiler {
        let caseInsensitive: Bool
        var instructions: ContiguousArray<Instruction> = []
        var classes: [CompiledClass] = []
        var classIndices: [ScalarClass: Int] = [:]
        var usesWordBoundaries = false

        init(caseInsensitive: Bool) {
            self.caseInsensitive = caseInsensitive
        }

        @discardableResult
        mutating func append(_ instruction: Instruction) -> Int {
            instructions.append(instruction)
            return instructions.count - 1
        }

        mutating func emit(_ node: Node) {
            switch node.kind {
            case .empty:
                break
            case .scalar(let scalar):
                append(.scalar(caseInsensitive ? SafeRegex.fold(scalar) : scalar))
            case .anyExceptNewline:
                append(.anyExceptNewline)
            case .scalarClass(let scalarClass):
                append(.scalarClass(index(of: scalarClass)))
            case .assertion(let assertion):
                if assertion == .wordBoundary || assertion == .notWordBoundary { usesWordBoundaries = true }
                append(.assertion(assertion))
            case .concatenation(let items):
                for item in items { emit(item) }
            case .alternation(let branches):
                var exits: [Int] = []
                for branch in branches.dropLast() {
                    let split = append(.split(0, 0))
                    emit(branch)
                    exits.append(append(.jump(0)))
                    instructions[split] = .split(split + 1, instructions.count)
                }
                emit(branches[branches.count - 1])
                for exit in exits { instructions[exit] = .jump(instructions.count) }
            case .repetition(let body, let minimum, let maximum):
                emitRepetition(of: body, minimum: minimum, maximum: maximum)
            }
        }

        private mutating func emitRepetition(of body: Node, minimum: Int, maximum: Int?) {
            guard let maximum else {
                if minimum == 0 {
                    let loop = append(.split(0, 0))
                    emit(body)
                    append(.jump(loop))
                    instructions[loop] = .split(loop + 1, instructions.count)
                } else {
                    for _ in 1..<minimum { emit(body) }
                    let start = instructions.count
                    emit(body)
                    append(.split(start, instructions.count + 1))
                }
                return
            }
            for _ in 0..<minimum { emit(body) }
            // Each optional copy may skip straight to the end: x{1,3} is x(x(x)?)? flattened.
            var skips: [Int] = []
            for _ in minimum..<maximum {
                skips.append(append(.split(0, 0)))
                emit(body)
            }
            for skip in skips { instructions[skip] = .split(skip + 1, instructions.count) }
        }

        private mutating func index(of scalarClass: ScalarClass) -> Int {
            if let existing = classIndices[scalarClass] { return existing }
            classes.append(CompiledClass(scalarClass, caseInsensitive: caseInsensitive))
            classIndices[scalarClass] = classes.count - 1
            return classes.count - 1
        }
    }

    /// The Pike VM over caller-provided scratch memory (one allocation per `matches` call, usually on the stack).
    ///
    /// `marks[pc] == position` means instruction `pc` has already been reached at this text position, so each
    /// instruction is visited at most once per position: that is the linear-time guarantee. `current` and `next` hold
    /// the threads waiting on a consuming instruction before and after the scalar being read.
    private struct PikeVM {
        let code: UnsafeBufferPointer<Instruction>
        let classes: [CompiledClass]
        let caseInsensitive: Bool
        let marks: UnsafeMutablePointer<Int>
        var current: UnsafeMutablePointer<Int>
        var next: UnsafeMutablePointer<Int>
        let stack: UnsafeMutablePointer<Int>
        var currentCount = 0
        var nextCount = 0

        init(
            code: UnsafeBufferPointer<Instruction>, classes: [CompiledClass], caseInsensitive: Bool,
            marks: UnsafeMutablePointer<Int>, current: UnsafeMutablePointer<Int>, next: UnsafeMutablePointer<Int>,
            stack: UnsafeMutablePointer<Int>
        ) {
            self.code = code
            self.classes = classes
            self.caseInsensitive = caseInsensitive
            self.marks = marks
            self.current = current
            self.next = next
            self.stack = stack
        }

        /// What the zero-width assertions can see at a position between two scalars.
        struct Context {
            var position: Int
            var atEnd: Bool
            var previousIsWord: Bool
            var nextIsWord: Bool

            func holds(_ assertion: Assertion) -> Bool {
                switch assertion {
                case .textStart: return position == 0
                case .textEnd: return atEnd
                case .wordBoundary: return previousIsWord != nextIsWord
                case .notWordBoundary: return previousIsWord == nextIsWord
                }
            }
        }

        mutating func run(_ text: String.UnicodeScalarView, anchoredAtStart: Bool, usesWordBoundaries: Bool) -> Bool {
            var scalars = text.makeIterator()
            var scalar = scalars.next()
            var context = Context(
                position: 0, atEnd: scalar == nil, previousIsWord: false,
                nextIsWord: usesWordBoundaries && scalar.map(SafeRegex.isWordScalar) == true
            )
            while true {
                if !anchoredAtStart || context.position == 0 {
                    if addThread(0, toNext: false, context) { return true }
                }
                guard let consumed = scalar, currentCount > 0 || !anchoredAtStart else { return false }
                let folded = caseInsensitive ? SafeRegex.fold(consumed) : consumed
                scalar = scalars.next()
                context = Context(
                    position: context.position + 1, atEnd: scalar == nil, previousIsWord: context.nextIsWord,
                    nextIsWord: usesWordBoundaries && scalar.map(SafeRegex.isWordScalar) == true
                )
                nextCount = 0
                for index in 0..<currentCount {
                    let pc = current[index]
                    let accepts: Bool
                    switch code[pc] {
                    case .scalar(let expected): accepts = expected == folded
                    case .anyExceptNewline: accepts = consumed != "\n"
                    case .scalarClass(let classIndex): accepts = classes[classIndex].contains(consumed)
                    default: accepts = false
                    }
                    if accepts && addThread(pc + 1, toNext: true, context) { return true }
                }
                swap(&current, &next)
                currentCount = nextCount
            }
        }

        /// Follows every epsilon path from `start` at `context.position`, with an explicit stack rather than
        /// recursion, recording the consuming instructions it reaches. Returns true as soon as `match` is reachable:
        /// search semantics need no more than that.
        private mutating func addThread(_ start: Int, toNext: Bool, _ context: Context) -> Bool {
            let position = context.position
            var depth = 0
            push(start, at: position, depth: &depth)
            while depth > 0 {
                depth -= 1
                let pc = stack[depth]
                switch code[pc] {
                case .match:
                    return true
                case .jump(let target):
                    push(target, at: position, depth: &depth)
                case .split(let first, let second):
                    push(second, at: position, depth: &depth)
                    push(first, at: position, depth: &depth)
                case .assertion(let assertion):
                    if context.holds(assertion) { push(pc + 1, at: position, depth: &depth) }
                case .scalar, .anyExceptNewline, .scalarClass:
                    if toNext {
                        next[nextCount] = pc
                        nextCount += 1
                    } else {
                        current[currentCount] = pc
                        currentCount += 1
                    }
                }
            }
            return false
        }

        @inline(__always)
        private func push(_ pc: Int, at position: Int, depth: inout Int) {
            guard marks[pc] != position else { return }
            marks[pc] = position
            stack[depth] = pc
            depth += 1
        }
    }
}
