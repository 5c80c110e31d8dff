import MPesaCore

/// The sentences after a template's core: the M-PESA balance in all its wordings, the transaction cost, and
/// whether a Pochi (business wallet) balance is printed instead.
///
/// Scanned as lower-cased bytes rather than with regular expressions because every message has a tail, often
/// with a long marketing text, and the balance sentence has to be told apart from look-alikes: `New Pochi
/// balance`, `M-Shwari balance`, `New M-Shwari saving account balance` and `KCB M-PESA balance` are not the
/// M-PESA balance.
struct SMSMessageTail {
    private let bytes: [UInt8]

    init(_ text: some StringProtocol) {
        bytes = text.utf8.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 : $0 }
    }

    /// `New M-PESA balance is Ksh…`, `M-PESA balance is Ksh…`, `New M-PESA account balance is Ksh…`,
    /// `Your M-PESA balance is 1218.98` and, in airtime-for-another-number messages, `New balance is Ksh…`.
    /// Nil when none is printed; the text of the first amount otherwise.
    var balance: String? {
        for position in occurrences(of: "balance is ") {
            if endsWith("new ", at: position) || isMPesaBalance(at: position) {
                return amount(after: position + "balance is ".utf8.count, kshOptional: true)
            }
        }
        return nil
    }

    /// `Transaction cost, Ksh23.00` or `Transaction cost Ksh.0.00`; nil when the message prints no cost.
    var cost: String? {
        for position in occurrences(of: "transaction cost") {
            var cursor = position + "transaction cost".utf8.count
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ",") { cursor += 1 }
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
            if let amount = amount(after: cursor, kshOptional: false) { return amount }
        }
        return nil
    }

    /// `New Pochi balance is` (or `New business balance is`): the money went to the Pochi la Biashara wallet.
    var printsPochiBalance: Bool {
        !occurrences(of: "new pochi balance is").isEmpty || !occurrences(of: "new business balance is").isEmpty
    }

    // MARK: - Scanning

    /// `M-PESA balance` / `M-PESA account balance` (also `MPESA`), but not `KCB M-PESA balance`.
    private func isMPesaBalance(at position: Int) -> Bool {
        var start = position
        if endsWith("account ", at: start) { start -= "account ".utf8.count }
        for product in ["m-pesa ", "mpesa "] where endsWith(product, at: start) {
            return !endsWith("kcb ", at: start - product.utf8.count)
        }
        return false
    }

    private func endsWith(_ word: String, at position: Int) -> Bool {
        let word = Array(word.utf8)
        guard position - word.count >= 0 else { return false }
        return bytes[(position - word.count)..<position].elementsEqual(word)
    }

    private func occurrences(of word: String) -> [Int] {
        let word = Array(word.utf8)
        guard let first = word.first, bytes.count >= word.count else { return [] }
        var found: [Int] = []
        var index = 0
        while index <= bytes.count - word.count {
            if bytes[index] == first, bytes[index..<(index + word.count)].elementsEqual(word) { found.append(index) }
            index += 1
        }
        return found
    }

    /// `Ksh1,234.50`, `Ksh.0.00`, `Ksh 20.00` (and, when `kshOptional`, a bare `1218.98`): the digits, with
    /// thousands separators and up to two decimals, as printed.
    private func amount(after position: Int, kshOptional: Bool) -> String? {
        var cursor = position
        if cursor + 3 <= bytes.count, bytes[cursor..<(cursor + 3)].elementsEqual("ksh".utf8) {
            cursor += 3
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ".") { cursor += 1 }
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
        } else if !kshOptional {
            return nil
        }
        let start = cursor
        func isDigit(_ index: Int) -> Bool { index < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) }
        guard isDigit(cursor) else { return nil }
        while isDigit(cursor) || (cursor < bytes.count && bytes[cursor] == UInt8(ascii: ",")) { cursor += 1 }
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "."), isDigit(cursor + 1) {
            cursor += isDigit(cursor + 2) ? 3 : 2
        }
        return String(decoding: bytes[start..<cursor], as: UTF8.self)
    }
}
