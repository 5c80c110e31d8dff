/// The MIME encodings a mail message needs (RFC 2045 quoted-printable and base64, RFC 2047 encoded-words), in
/// both directions, as pure functions on bytes so `MailMessage` rendering and parsing can share and test them.
enum MIMEEncoding {
    static let crlf: [UInt8] = [0x0D, 0x0A]

    /// RFC 5322's recommended line length; folding aims for it.
    static let preferredLineLength = 78

    /// Lines past this many bytes (RFC 5322's hard limit) force a body out of `7bit`.
    static let maximumLineLength = 998

    // MARK: Text canonicalisation

    /// `text` with CRLF and lone CR turned into LF, and a final LF added to non-empty text that lacks one.
    static func canonicalLines(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 1)
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == 0x0D {
                bytes.append(0x0A)
                previousWasCR = true
                continue
            }
            if byte == 0x0A && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            bytes.append(byte)
        }
        if let last = bytes.last, last != 0x0A { bytes.append(0x0A) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Splits LF-terminated `bytes` into lines without their terminators (a final LF ends the last line).
    static func lines(of bytes: some Collection<UInt8>) -> [ArraySlice<UInt8>] {
        var result = Array(bytes).split(separator: 0x0A, omittingEmptySubsequences: false)
        if result.last?.isEmpty == true { result.removeLast() }
        return result
    }

    // MARK: Bodies

    /// A `Content-Transfer-Encoding` this renderer uses.
    enum TransferEncoding: String {
        case sevenBit = "7bit"
        case quotedPrintable = "quoted-printable"
        case base64
    }

    /// Picks the transfer encoding for canonical (LF-terminated) `text`: `7bit` for short-lined printable ASCII,
    /// base64 when most of it is non-ASCII (quoted-printable would triple it), quoted-printable otherwise.
    static func transferEncoding(for text: String) -> TransferEncoding {
        let bytes = text.utf8
        let plain = lines(of: bytes).allSatisfy { line in
            line.count <= maximumLineLength && line.allSatisfy { $0 == 0x09 || (0x20...0x7E).contains($0) }
        }
        if plain { return .sevenBit }
        let nonASCII = bytes.lazy.filter { $0 >= 0x80 }.count
        return nonASCII * 3 > bytes.count ? .base64 : .quotedPrintable
    }

    /// Encodes canonical `text` for the wire: CRLF line endings, every line (including the last) terminated.
    static func encodeBody(_ text: String, as encoding: TransferEncoding) -> [UInt8] {
        switch encoding {
        case .sevenBit:
            var output: [UInt8] = []
            for line in lines(of: text.utf8) { output += line; output += crlf }
            return output
        case .quotedPrintable:
            return quotedPrintable(text)
        case .base64:
            var wire: [UInt8] = []
            for line in lines(of: text.utf8) { wire += line; wire += crlf }
            return base64Lines(wire)
        }
    }

    /// Decodes a body in `encoding` back to canonical text (LF line endings). Unknown encodings are taken as is.
    static func decodeBody(_ body: [UInt8], encoding: String) -> String {
        let bytes: [UInt8]
        switch encoding.lowercased() {
        case "quoted-printable": bytes = decodeQuotedPrintable(body)
        case "base64": bytes = decodeBase64(body) ?? body
        default: bytes = body
        }
        return canonicalLines(String(decoding: bytes, as: UTF8.self))
    }

    // MARK: Quoted-printable (RFC 2045 §6.7)

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Quoted-printable with lines of at most 76 characters; never produces `=_`, so it is safe inside a
    /// multipart whose boundary starts with `=_`.
    static func quotedPrintable(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        for line in lines(of: text.utf8) {
            var current: [UInt8] = []
            let bytes = Array(line)
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let token: [UInt8]
                switch byte {
                case 0x09 where !isLast, 0x20 where !isLast: token = [byte]
                case 0x21...0x3C, 0x3E...0x7E: token = [byte]
                default: token = [UInt8(ascii: "="), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
                }
                // 75 leaves room for the "=" of a soft line break within the 76-character limit.
                if current.count + token.count > (isLast ? 76 : 75) {
                    output += current; output.append(UInt8(ascii: "=")); output += crlf
                    current = []
                }
                current += token
            }
            output += current
            output += crlf
        }
        return output
    }

    static func decodeQuotedPrintable(_ encoded: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        // Work line by line so trailing whitespace (added by transports) can be dropped as RFC 2045 requires.
        let normalized = encoded.filter { $0 != 0x0D }
        let lines = normalized.split(separator: 0x0A, omittingEmptySubsequences: false)
        for (lineIndex, rawLine) in lines.enumerated() {
            var line = Array(rawLine)
            while let last = line.last, last == 0x20 || last == 0x09 { line.removeLast() }
            var softBreak = false
            var index = 0
            while index < line.count {
                let byte = line[index]
                if byte == UInt8(ascii: "=") {
                    if index == line.count - 1 {
                        softBreak = true
                        index += 1
                        continue
                    }
                    if index + 2 < line.count, let high = hexValue(line[index + 1]), let low = hexValue(line[index + 2]) {
                        output.append(high << 4 | low)
                        index += 3
                        continue
                    }
                }
                output.append(byte)
                index += 1
            }
            if !softBreak && lineIndex < lines.count - 1 { output.append(0x0A) }
        }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    // MARK: Base64

    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func base64(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index < input.count {
            let chunk = input[index..<min(index + 3, input.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for position in 0..<4 {
                if position <= chunk.count {
                    output.append(base64Alphabet[Int((value >> (18 - 6 * UInt32(position))) & 0x3F)])
                } else {
                    output.append(UInt8(ascii: "="))
                }
            }
            index += 3
        }
        return output
    }

    /// Base64 in CRLF-terminated lines of 76 characters, as RFC 2045 requires for bodies.
    static func base64Lines(_ bytes: [UInt8]) -> [UInt8] {
        let encoded = base64(bytes)
        var output: [UInt8] = []
        var index = 0
        while index < encoded.count {
            output += encoded[index..<min(index + 76, encoded.count)]
            output += crlf
            index += 76
        }
        return output
    }

    /// Decodes base64, ignoring line breaks and other whitespace; `nil` for anything else outside the alphabet.
    static func decodeBase64(_ encoded: some Collection<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in encoded {
            let value: UInt8
            switch byte {
            case 0x41...0x5A: value = byte - 0x41
            case 0x61...0x7A: value = byte - 0x61 + 26
            case 0x30...0x39: value = byte - 0x30 + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="), 0x20, 0x09, 0x0D, 0x0A: continue
            default: return nil
            }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
            }
        }
        return output
    }

    // MARK: Headers (RFC 2047, RFC 5322 §2.2.3)

    /// The most UTF-8 bytes one `B` encoded-word carries while staying within RFC 2047's 75 characters.
    private static let encodedWordPayload = 45

    /// Whether header text must go out as encoded-words: non-ASCII, control characters, text a reader would
    /// mistake for an encoded-word, or a word too long to fold.
    static func needsEncodedWords(_ text: String) -> Bool {
        text.utf8.contains { $0 >= 0x80 || ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }
            || text.contains("=?")
            || text.split(separator: " ").contains { $0.utf8.count > 900 }
    }

    /// `text` as UTF-8 `B` encoded-words, split between characters so each word decodes on its own.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append("=?UTF-8?B?" + String(decoding: base64(chunk), as: UTF8.self) + "?=")
            chunk = []
        }
        for character in text {
            let bytes = Array(character.utf8)
            if chunk.count + bytes.count > encodedWordPayload { flush() }
            if bytes.count > encodedWordPayload {
                // A grapheme longer than one word (long emoji sequences): split it between scalars instead.
                for scalar in character.unicodeScalars {
                    let scalarBytes = Array(String(scalar).utf8)
                    if chunk.count + scalarBytes.count > encodedWordPayload { flush() }
                    chunk += scalarBytes
                }
            } else {
                chunk += bytes
            }
        }
        flush()
        return words
    }

    /// A complete header line (without the final CRLF), folded at `separator`s so lines stay near 78 characters.
    /// Folding puts CRLF before the separator's whitespace, so unfolding (removing CRLF) restores `tokens`
    /// joined by `separator` exactly.
    static func foldedHeader(_ name: String, tokens: [String], separator: String = " ") -> String {
        let trimmedSeparator = String(separator.drop { $0 != " " })  // the whitespace part: " " or ", " -> " "
        let head = String(separator.prefix { $0 != " " })            // what stays on the line: "" or ","
        var result = name + ":"
        var lineLength = result.utf8.count
        for (index, token) in tokens.enumerated() {
            if index == 0 {
                result += " " + token
                lineLength += 1 + token.utf8.count
                continue
            }
            if lineLength + separator.utf8.count + token.utf8.count > preferredLineLength {
                result += head + "\r\n" + trimmedSeparator + token
                lineLength = trimmedSeparator.utf8.count + token.utf8.count
            } else {
                result += separator + token
                lineLength += separator.utf8.count + token.utf8.count
            }
        }
        if tokens.isEmpty { result += " " }
        return result
    }

    /// Decodes the encoded-words in an unfolded header value (B and Q, UTF-8 and ASCII charsets); whitespace
    /// between two adjacent encoded-words is dropped, as RFC 2047 §6.2 requires.
    static func decodeEncodedWords(_ value: String) -> String {
        var output = ""
        var pendingWhitespace = ""
        var lastWasEncodedWord = false
        var rest = Substring(value)
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let (decoded, length) = decodeEncodedWord(rest) {
                if !lastWasEncodedWord { output += pendingWhitespace }
                pendingWhitespace = ""
                output += decoded
                lastWasEncodedWord = true
                rest = rest.dropFirst(length)
                continue
            }
            let character = rest.removeFirst()
            if character == " " || character == "\t" {
                pendingWhitespace.append(character)
            } else {
                output += pendingWhitespace
                pendingWhitespace = ""
                output.append(character)
                lastWasEncodedWord = false
            }
        }
        return output + pendingWhitespace
    }

    /// One encoded-word at the start of `text`: its decoded text and its length in characters.
    private static func decodeEncodedWord(_ text: Substring) -> (String, Int)? {
        let parts = text.dropFirst(2).split(separator: "?", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        let charset = parts[0].lowercased().split(separator: "*").first.map(String.init) ?? ""
        let encoding = parts[1].uppercased()
        guard ["utf-8", "us-ascii", "iso-8859-1"].contains(charset), encoding == "B" || encoding == "Q",
              let end = parts[2].range(of: "?=")
        else { return nil }
        let payload = parts[2][..<end.lowerBound]
        guard !payload.contains(" ") else { return nil }
        let bytes: [UInt8]
        if encoding == "B" {
            guard let decoded = decodeBase64(payload.utf8) else { return nil }
            bytes = decoded
        } else {
            bytes = decodeQuotedPrintable(Array(payload.utf8).map { $0 == UInt8(ascii: "_") ? 0x20 : $0 })
        }
        let decoded = charset == "iso-8859-1"
            ? String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
            : String(decoding: bytes, as: UTF8.self)
        let length = text.distance(from: text.startIndex, to: end.upperBound)
        return (decoded, length)
    }
}
