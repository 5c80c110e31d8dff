import Foundation
import MPesaCore
import StatementGeneration
import StatementParsing
import Testing

/// Whole pastes: how messages come apart, duplicates, Fuliza pairs, bad and hostile input, limits.
@Suite("SMS pastes")
struct SMSParserPasteTests {
    let parser = SMSParser()

    static let separators: [String] = ["\n\n", "\n", "", " ", "\r\n", "\r\n\r\n", "\r", "\n \n\t\n"]

    @Test("every sample pasted together, with any separator, reads as the samples do one by one", arguments: separators)
    func pastedTogether(_ separator: String) throws {
        let samples = SMSSamples.all
        let result = try parser.parse(samples.map(\.text).joined(separator: separator))
        #expect(result.messageCount == samples.count)
        #expect(result.transactions.map(SMSFixtures.facts) == samples.compactMap(\.facts))
        #expect(result.rows.map(\.source.line) == samples.indices.filter { samples[$0].facts != nil }.map { $0 + 1 })
        #expect(result.rows.map(\.source.index) == Array(result.rows.indices))
        let noticeCodes = samples.compactMap { sample -> String? in
            if case .finding(let code) = sample.expected { return code }
            return nil
        }
        #expect(result.findings.map(\.code).filter { $0 != "sms_time_inferred" } == noticeCodes)
    }

    @Test("Windows line endings inside and between messages change nothing but the raw text")
    func windowsLineEndings() throws {
        let unix = SMSSamples.all.map(\.text).joined(separator: "\n\n")
        let windows = unix.replacingOccurrences(of: "\n", with: "\r\n")
        let fromUnix = try parser.parse(unix)
        let fromWindows = try parser.parse(windows)
        #expect(fromWindows.transactions == fromUnix.transactions)
        #expect(fromWindows.rows.allSatisfy { !$0.rawDetails.contains("\r") })
        let mixed = SMSSamples.all.map(\.text).enumerated().map { index, text in
            text + (["\r\n", "\n", "\r", "\r\n\r\n"][index % 4])
        }.joined()
        #expect(try parser.parse(mixed).transactions == fromUnix.transactions)
    }

    @Test("a message with a line break inside keeps it in the raw text and not in the details")
    func rawTextKeepsLines() throws {
        let text = "UGAQ5W7E9R\nConfirmed. Ksh 781.02 from your M-PESA has been used to fully pay your outstanding Fuliza M-PESA.\nYour M-PESA balance is 1218.98."
        let row = try #require(try parser.parse(text).rows.first)
        #expect(row.rawDetails == text)
        #expect(row.details == text.replacingOccurrences(of: "\n", with: " "))
    }

    @Test("a message pasted twice is kept once, with an info finding")
    func duplicates() throws {
        let message = try #require(SMSSamples.transactions.first).text
        let result = try parser.parse([message, message, message.replacingOccurrences(of: " ", with: "  ")].joined(separator: "\r\n"))
        #expect(result.transactions.count == 1)
        #expect(result.findings.map(\.code) == ["duplicate_sms", "duplicate_sms"])
        #expect(result.findings.allSatisfy { $0.severity == .info && $0.rowIndex == 0 && $0.receipt == "SJK6H7T3GA" })
        #expect(result.findings.first?.message.hasPrefix("Message 2") == true)
    }

    @Test("the same transaction with another marketing tail is a duplicate, not a conflict")
    func duplicateWithOtherTail() throws {
        let first = "UHF4K2L9QZ Confirmed. Ksh30.00 sent to JANE DOE on 15/8/26 at 7:19 PM. New M-PESA balance is Ksh661.03. Transaction cost, Ksh0.00."
        let second = first + " Earn interest daily on Ziidi MMF,Dial *334#"
        let result = try parser.parse(first + "\n" + second)
        #expect(result.transactions.count == 1)
        #expect(result.findings.map(\.code) == ["duplicate_sms"])
    }

    @Test("two different messages under one receipt keep the first and warn")
    func conflictingReceipt() throws {
        let first = "UHF4K2L9QZ Confirmed. Ksh30.00 sent to JANE DOE on 15/8/26 at 7:19 PM. New M-PESA balance is Ksh661.03. Transaction cost, Ksh0.00."
        let edited = first.replacingOccurrences(of: "Ksh30.00", with: "Ksh3,000.00")
        let result = try parser.parse(first + "\n\n" + edited)
        #expect(result.transactions.map(\.amountCents) == [3_000])
        #expect(result.findings.map(\.code) == ["conflicting_sms"])
        #expect(result.findings.first?.severity == .warning)
    }

    @Test("a Fuliza draw and the payment it funded are two legs, spending is counted once", arguments: [true, false])
    func fulizaPair(drawFirst: Bool) throws {
        let payment = "UG7P4D6F8G Confirmed. Ksh70.00 paid to SHOP NAME. on 7/7/26 at 4:21 PM.New M-PESA balance is Ksh0.00. Transaction cost, Ksh0.00."
        let draw = "UG7P4D6F8G Confirmed. Fuliza M-PESA amount is Ksh 20.00. Access Fee charged Ksh 0.20. Total Fuliza M-PESA outstanding amount is Ksh90.88 due on 06/08/26. To check daily charges, Dial *334#OK Select Query Charges"
        let result = try parser.parse(drawFirst ? draw + payment : payment + "\n" + draw)
        #expect(result.transactions.count == 2)
        #expect(result.findings.isEmpty, "\(result.findings.map(\.message))")
        #expect(Set(result.transactions.map(\.identity)) == ["UG7P4D6F8G:main", "UG7P4D6F8G:overdraft"])
        let spending = result.transactions.filter { $0.direction == .out }.reduce(0) { $0 + $1.amountCents + $1.feeCents }
        #expect(spending == 7_000)
        // Net effect on the wallet: +20.00 drawn, −70.00 paid.
        #expect(result.transactions.reduce(0) { $0 + $1.netCents } == -5_000)
        let fuliza = try #require(result.transactions.first { $0.kind == .fulizaDraw })
        #expect(fuliza.direction == .in && fuliza.lineKind == .overdraft && fuliza.amountCents == 2_000 && fuliza.feeCents == 0)
        #expect(fuliza.localTime == SMSFixtures.time(2026, 7, 7, 16, 21))
        #expect(!result.transactions.contains { $0.kind == .buyGoods && $0.amountCents != 7_000 })
    }

    @Test("a receipt whose date code disagrees with the message date is kept and flagged")
    func receiptDateMismatch() throws {
        // The real pennywiseai sample: a 2025 code (`T`) on a message dated 2024.
        let result = try parser.parse("TJK6H7T3GA Confirmed. Ksh50.00 sent to JOHN DOE 0712345678 on 20/10/24 at 6:27 PM. New M-PESA balance is Ksh123.12. Transaction cost, Ksh0.00.")
        #expect(result.transactions.count == 1)
        let finding = try #require(result.findings.first)
        #expect(finding.code == "receipt_date_mismatch")
        #expect(finding.severity == .warning)
        #expect(finding.receipt == "TJK6H7T3GA" && finding.rowIndex == 0)
        #expect(finding.message.contains("2025-10-20") && finding.message.contains("2024-10-20"))
    }

    @Test("text that is no confirmation becomes a warning with its message number, and parsing goes on")
    func unrecognisedMessages() throws {
        let samples = SMSSamples.transactions.prefix(2).map(\.text)
        let paste = [samples[0], "Hi, please send the money for the tomatoes 🍅🍅", "ABCD123456 Confirmed. You have won a car!", samples[1]].joined(separator: "\n\n")
        let result = try parser.parse(paste)
        #expect(result.transactions.count == 2)
        #expect(result.findings.map(\.code) == ["unrecognised_sms", "unrecognised_sms"])
        #expect(result.findings.map(\.severity) == [.warning, .warning])
        #expect(result.findings[0].message.hasPrefix("Message 2 "))
        #expect(result.findings[1].message.hasPrefix("Message 3 ") && result.findings[1].receipt == "ABCD123456")
        #expect(result.rows.map(\.source.line) == [1, 4])
    }

    @Test("an impossible date or an unreadable amount skips the message with a warning", arguments: [
        "UF5C7V1B3N Confirmed. Ksh50.00 sent to JOHN DOE 0712345678 on 31/2/26 at 6:27 PM. New M-PESA balance is Ksh123.12.",
        "UF5C7V1B3N Confirmed. Ksh50.00 sent to JOHN DOE 0712345678 on 5/6/26 at 16:27 PM. New M-PESA balance is Ksh123.12.",
        "UF5C7V1B3N Confirmed. Ksh99999999999999999999.00 sent to JOHN DOE 0712345678 on 5/6/26 at 6:27 PM.",
        "UF5C7V1B3N Confirmed. Ksh1,00,000.00 sent to JOHN DOE 0712345678 on 5/6/26 at 6:27 PM.",
        "UF5C7V1B3N Confirmed. Ksh50.00 sent to JOHN DOE 0712345678 on 5/6/126 at 6:27 PM.",
    ])
    func invalidValues(_ text: String) throws {
        let result = try parser.parse(text)
        #expect(result.transactions.isEmpty)
        #expect(result.findings.map(\.code) == ["invalid_sms_value"])
        #expect(result.findings.first?.receipt == "UF5C7V1B3N")
    }

    @Test("empty and blank pastes are refused as not a statement", arguments: ["", "   ", "\n\r\n\t", "\u{00A0}\u{200B}"])
    func emptyInput(_ text: String) {
        #expect {
            _ = try parser.parse(text)
        } throws: { error in
            guard case StatementParseError.notAStatement = error else { return false }
            return true
        }
    }

    @Test("more messages than the limit are refused as too large")
    func messageLimit() throws {
        let limited = SMSParser(limits: .init(maxMessages: 3, maxBytes: 1_000_000))
        let messages = SMSSamples.transactions.prefix(4).map(\.text)
        #expect(try limited.parse(messages.prefix(3).joined(separator: "\n")).transactions.count == 3)
        #expect(throws: StatementParseError.self) {
            _ = try limited.parse(messages.joined(separator: "\n"))
        }
    }

    @Test("a paste over the byte limit is refused before it is read")
    func byteLimit() {
        let limited = SMSParser(limits: .init(maxMessages: 10_000, maxBytes: 100))
        let big = String(repeating: "x", count: 101)
        #expect {
            _ = try limited.parse(big)
        } throws: { error in
            guard case StatementParseError.tooLarge = error else { return false }
            return true
        }
        #expect(throws: StatementParseError.self) {
            _ = try limited.parse(data: Data(big.utf8))
        }
        #expect(SMSParser.Limits.standard == .init(maxMessages: 10_000, maxBytes: 5 * 1024 * 1024))
    }

    @Test("random bytes never crash the parser and come back as findings", arguments: 0..<20)
    func binaryGarbage(seed: Int) throws {
        var random = SMSTestRandom(seed: UInt64(seed))
        var bytes = (0..<2_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        if seed % 2 == 0 {
            bytes += Array("\n\nUF5C7V1B3N Confirmed.You have received Ksh1.00 from JOHN DOE 0712345678 on 5/6/26 at 9:04 AM New M-PESA balance is Ksh2.00.\n\n".utf8)
        }
        let result = try parser.parse(data: Data(bytes))
        #expect(result.transactions.count == (seed % 2 == 0 ? 1 : 0))
        #expect(!result.findings.isEmpty)
        #expect(result.findings.first?.code == "invalid_encoding")
    }

    @Test("UTF-16 text saved by a Windows editor reads like UTF-8")
    func utf16WithByteOrderMark() throws {
        let text = SMSSamples.all.map(\.text).joined(separator: "\r\n")
        var data = Data([0xFF, 0xFE])
        data.append(contentsOf: text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(try parser.parse(data: data).transactions == (try parser.parse(text)).transactions)
    }

    @Test("control characters, zero-width spaces and emoji around messages change nothing")
    func noiseAroundMessages() throws {
        let text = SMSSamples.transactions[0].text
        let noisy = "\u{FEFF}\u{0000}😀 \u{200B}" + text.replacingOccurrences(of: " sent", with: " \u{0007}sent") + " 👍🏽"
        let result = try parser.parse(noisy)
        #expect(result.transactions.map(SMSFixtures.facts) == [try #require(SMSSamples.transactions[0].facts)])
    }

    @Test("a message cut short anywhere gives a transaction or a finding, never a crash", arguments: SMSSamples.all)
    func truncatedMessages(_ sample: SMSSample) throws {
        let characters = Array(sample.text)
        for length in stride(from: 1, to: characters.count, by: 3) {
            let result = try parser.parse(String(characters[..<length]) + "\n\n" + SMSSamples.transactions[0].text)
            #expect(result.transactions.count >= 1)
            #expect(result.transactions.count + result.findings.count >= 2)
        }
    }

    @Test("a megabyte-long message with hostile repetitions is turned down quickly")
    func hostileLongMessage() throws {
        let name = String(repeating: "JOHN in US via ", count: 70_000)
        let text = "UF5C7V1B3N Confirmed.You have received Ksh1.00 from \(name) on 5/6/26 at 9:04 AM New M-PESA balance is Ksh2.00."
        let result = try parser.parse(text)
        #expect(result.transactions.isEmpty)
        #expect(result.findings.map(\.code) == ["unrecognised_sms"])
        let digits = "UF5C7V1B3N Confirmed. Ksh" + String(repeating: "9", count: 1_000_000) + ".00 sent to JOHN DOE 0712345678 on 5/6/26 at 6:27 PM."
        let overlong = try parser.parse(digits)
        #expect(overlong.transactions.isEmpty)
        #expect(overlong.findings.map(\.severity) == [.warning])
    }

    @Test("a paste of 10,000 messages parses completely")
    func tenThousandMessages() throws {
        var random = SMSTestRandom(seed: 10_000)
        let transactions = (0..<10_000).map { _ in SMSTransactionFactory.random(&random) }
        let paste = SMSRenderer().renderPaste(transactions, using: &random)
        let result = try parser.parse(paste)
        #expect(result.messageCount == 10_000)
        #expect(result.transactions.count == 10_000)
    }
}
