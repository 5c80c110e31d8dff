extension SafeRegex {
    /// A set of scalars written as `[...]`, `\d`, `\w` or `\s` (and their negations).
    struct ScalarClass: Sendable, Hashable {
        /// The shorthand classes; each may appear negated, as in `\D` or `[\W]`.
        enum Shorthand: Sendable, Hashable {
            case digit, word, space
        }

        struct ShorthandItem: Sendable, Hashable {
            var shorthand: Shorthand
            var isNegated: Bool
        }

        private(set) var ranges: [ClosedRange<UInt32>] = []
        private(set) var shorthands: [ShorthandItem] = []
        let isNegated: Bool

        init(negated: Bool = false) {
            self.isNegated = negated
        }

        init(_ shorthand: Shorthand, negated: Bool) {
            self.isNegated = false
            self.shorthands = [ShorthandItem(shorthand: shorthand, isNegated: negated)]
        }

        var isEmpty: Bool { ranges.isEmpty && shorthands.isEmpty }

        mutating func insert(_ scalar: Unicode.Scalar) {
            ranges.append(scalar.value...scalar.value)
        }

        mutating func insert(_ range: ClosedRange<Unicode.Scalar>) {
            ranges.append(range.lowerBound.value...range.upperBound.value)
        }

        mutating func insert(_ shorthand: Shorthand, negated: Bool) {
            shorthands.append(ShorthandItem(shorthand: shorthand, isNegated: negated))
        }

        /// Whether `scalar` is in the class. Case-insensitively, a scalar matches when it or its lowercase or uppercase
        /// form is listed, so `[A-Z]` accepts `k` and `[^a]` refuses `A`; negation applies after that test.
        func contains(_ scalar: Unicode.Scalar, caseInsensitive: Bool) -> Bool {
            var listed = lists(scalar)
            if !listed && caseInsensitive {
                let lower = SafeRegex.fold(scalar)
                listed = lower != scalar && lists(lower)
                if !listed {
                    let upper = SafeRegex.uppercaseVariant(of: scalar)
                    listed = upper != scalar && lists(upper)
                }
            }
            return listed != isNegated
        }

        private func lists(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            for range in ranges where range.contains(value) {
                return true
            }
            for item in shorthands where SafeRegex.isMember(scalar, of: item.shorthand) != item.isNegated {
                return true
            }
            return false
        }
    }

    /// Simple case folding: the scalar's lowercase form when that is a single scalar, otherwise the scalar itself.
    static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if value < 0x80 {
            return (0x41...0x5A).contains(value) ? Unicode.Scalar(UInt8(value + 0x20)) : scalar
        }
        guard scalar.properties.changesWhenLowercased else { return scalar }
        return singleScalar(scalar.properties.lowercaseMapping) ?? scalar
    }

    static func uppercaseVariant(of scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if value < 0x80 {
            return (0x61...0x7A).contains(value) ? Unicode.Scalar(UInt8(value - 0x20)) : scalar
        }
        guard scalar.properties.changesWhenUppercased else { return scalar }
        return singleScalar(scalar.properties.uppercaseMapping) ?? scalar
    }

    private static func singleScalar(_ string: String) -> Unicode.Scalar? {
        var scalars = string.unicodeScalars.makeIterator()
        guard let first = scalars.next(), scalars.next() == nil else { return nil }
        return first
    }

    /// `\d` is ASCII digits (amounts and receipt numbers are ASCII). `\w` adds letters and combining marks of every
    /// script, so Swahili, French or a decomposed `é` count as word characters for `\w` and `\b`. `\s` adds Unicode
    /// spaces such as the no-break space that PDF statements often contain.
    static func isMember(_ scalar: Unicode.Scalar, of shorthand: ScalarClass.Shorthand) -> Bool {
        let value = scalar.value
        switch shorthand {
        case .digit:
            return (0x30...0x39).contains(value)
        case .word:
            return isWordScalar(scalar)
        case .space:
            if value < 0x80 {
                return value == 0x20 || (0x09...0x0D).contains(value)
            }
            return scalar.properties.isWhitespace
        }
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
                || value == 0x5F
        }
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
