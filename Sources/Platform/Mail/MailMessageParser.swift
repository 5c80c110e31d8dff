import Foundation

/// Reads RFC 5322 text back into a `MailMessage`: the headers, the plain-text body and an HTML alternative.
///
/// It understands what `MailMessage.rfc5322()` writes and the common variations of it (LF line endings, Q
/// encoded-words, `8bit` bodies, unquoted display names), which is what the development mailbox needs; it is not a
/// general MIME parser (nested multiparts and attachments are ignored).
enum MailMessageParser {
    static func parse(_ text: String) throws(MailError) -> MailMessage {
        let normalized = Array(text.utf8).filter { $0 != 0x0D }
        let (headers, body) = splitHeaders(normalized)
        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name }?.value }
        func require(_ name: String) throws(MailError) -> String {
            guard let value = header(name.lowercased()) else { throw .invalidMessage(reason: "it has no \(name): header") }
            return value
        }
        let fromHeader = try require("From")
        guard let from = try parseAddressList(fromHeader).first else { throw .invalidMessage(reason: "its From: header is empty") }
        let to = try parseAddressList(try require("To"))
        let dateHeader = try require("Date")
        guard let date = RFC5322DateFormat.parse(dateHeader) else {
            throw .invalidMessage(reason: "its Date: header \(dateHeader.debugDescription) is not an RFC 5322 date")
        }
        let subject = MIMEEncoding.decodeEncodedWords(header("subject") ?? "")
        let (type, parameters) = contentType(header("content-type") ?? "text/plain")
        var textBody = ""
        var htmlBody: String?
        if type == "multipart/alternative" || type == "multipart/mixed", let boundary = parameters["boundary"] {
            for part in parts(of: body, boundary: boundary) {
                let (partHeaders, partBody) = splitHeaders(part)
                let partHeader = { (name: String) in partHeaders.first { $0.name.lowercased() == name }?.value }
                let (partType, _) = contentType(partHeader("content-type") ?? "text/plain")
                let decoded = MIMEEncoding.decodeBody(partBody, encoding: partHeader("content-transfer-encoding") ?? "7bit")
                if partType == "text/plain" { textBody = decoded }
                if partType == "text/html" { htmlBody = decoded }
            }
        } else {
            let decoded = MIMEEncoding.decodeBody(body, encoding: header("content-transfer-encoding") ?? "7bit")
            if type == "text/html" { htmlBody = decoded } else { textBody = decoded }
        }
        return try MailMessage(
            from: from, to: to, subject: subject, textBody: textBody, htmlBody: htmlBody,
            messageID: header("message-id")?.trimmingCharacters(in: .whitespaces), date: date
        )
    }

    /// Unfolded headers in order, and the body after the first empty line.
    private static func splitHeaders(_ bytes: [UInt8]) -> ([(name: String, value: String)], [UInt8]) {
        var headers: [(name: String, value: String)] = []
        var index = 0
        while index < bytes.count {
            let end = bytes[index...].firstIndex(of: 0x0A) ?? bytes.count
            let line = bytes[index..<end]
            index = end + 1
            if line.isEmpty { break }
            if line.first == 0x20 || line.first == 0x09, !headers.isEmpty {
                headers[headers.count - 1].value += String(decoding: line, as: UTF8.self)  // unfolding removes only the line break
            } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                let name = String(decoding: line[..<colon], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                var value = line[(colon + 1)...]
                if value.first == 0x20 { value = value.dropFirst() }
                headers.append((name, String(decoding: value, as: UTF8.self)))
            }
        }
        return (headers, index < bytes.count ? Array(bytes[index...]) : [])
    }

    /// The lowercased media type and its parameters, quotes removed.
    private static func contentType(_ value: String) -> (String, [String: String]) {
        let fields = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        var parameters: [String: String] = [:]
        for field in fields.dropFirst() {
            guard let equals = field.firstIndex(of: "=") else { continue }
            var parameter = field[field.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if parameter.count >= 2, parameter.hasPrefix("\""), parameter.hasSuffix("\"") {
                parameter = String(parameter.dropFirst().dropLast())
            }
            parameters[field[..<equals].trimmingCharacters(in: .whitespaces).lowercased()] = parameter
        }
        return ((fields.first ?? "text/plain").lowercased(), parameters)
    }

    /// The parts between `--boundary` lines; each delimiter's preceding line break belongs to the delimiter.
    private static func parts(of body: [UInt8], boundary: String) -> [[UInt8]] {
        let delimiter = Array("\n--\(boundary)".utf8)
        let text = [0x0A] + body
        var starts: [Int] = []
        var index = 0
        while index + delimiter.count <= text.count {
            if text[index] == 0x0A, text[index..<(index + delimiter.count)].elementsEqual(delimiter) {
                starts.append(index)
                index += delimiter.count
            } else {
                index += 1
            }
        }
        var parts: [[UInt8]] = []
        for (position, start) in starts.enumerated() {
            let afterDelimiter = start + delimiter.count
            if text[afterDelimiter...].starts(with: Array("--".utf8)) { break }
            guard let lineEnd = text[afterDelimiter...].firstIndex(of: 0x0A) else { break }
            let end = position + 1 < starts.count ? starts[position + 1] : text.count
            parts.append(Array(text[(lineEnd + 1)..<max(lineEnd + 1, end)]))
        }
        return parts
    }

    /// Addresses in `"Name" <a@b>`, `=?UTF-8?B?…?= <a@b>`, `Name <a@b>` or bare `a@b` form, comma separated.
    static func parseAddressList(_ value: String) throws(MailError) -> [MailAddress] {
        var entries: [String] = []
        var current = ""
        var inQuotes = false
        var inAngle = false
        var escaped = false
        for character in value {
            if escaped { current.append(character); escaped = false; continue }
            switch character {
            case "\\" where inQuotes: escaped = true; current.append(character)
            case "\"": inQuotes.toggle(); current.append(character)
            case "<" where !inQuotes: inAngle = true; current.append(character)
            case ">" where !inQuotes: inAngle = false; current.append(character)
            case "," where !inQuotes && !inAngle: entries.append(current); current = ""
            default: current.append(character)
            }
        }
        entries.append(current)
        var addresses: [MailAddress] = []
        for entry in entries.map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            guard let open = entry.lastIndex(of: "<"), let close = entry.lastIndex(of: ">"), open < close else {
                addresses.append(try MailAddress(entry))
                continue
            }
            let address = String(entry[entry.index(after: open)..<close])
            var name = entry[..<open].trimmingCharacters(in: .whitespaces)
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                var unquoted = ""
                var escape = false
                for character in name.dropFirst().dropLast() {
                    if escape { unquoted.append(character); escape = false } else if character == "\\" { escape = true } else { unquoted.append(character) }
                }
                name = unquoted
            } else {
                name = MIMEEncoding.decodeEncodedWords(name)
            }
            addresses.append(try MailAddress(address, displayName: name.isEmpty ? nil : name))
        }
        return addresses
    }
}
