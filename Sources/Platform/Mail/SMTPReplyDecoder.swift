import NIOCore

/// Turns the server's byte stream into complete `SMTPReply` values, joining `250-…` continuation lines.
///
/// Limits keep a hostile or broken server from making the client buffer without bound.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    static let maximumLineLength = 4_096
    static let maximumLines = 256

    private var pending: [SMTPReply.Line] = []

    enum DecodingError: Error, Equatable, CustomStringConvertible {
        case malformedLine(String)
        case lineTooLong
        case tooManyLines
        case inconsistentCodes(first: Int, later: Int)

        var description: String {
            switch self {
            case .malformedLine(let line): "the server sent a line that is not an SMTP reply: \(line.prefix(120).debugDescription)"
            case .lineTooLong: "the server sent a reply line longer than \(SMTPReplyDecoder.maximumLineLength) bytes"
            case .tooManyLines: "the server sent a reply of more than \(SMTPReplyDecoder.maximumLines) lines"
            case .inconsistentCodes(let first, let later): "the server changed the reply code from \(first) to \(later) within one reply"
            }
        }
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: 0x0A) else {
            if buffer.readableBytes > Self.maximumLineLength { throw DecodingError.lineTooLong }
            return .needMoreData
        }
        let length = newline - buffer.readableBytesView.startIndex
        guard length <= Self.maximumLineLength else { throw DecodingError.lineTooLong }
        var bytes = buffer.readBytes(length: length + 1)!
        bytes.removeLast()
        if bytes.last == 0x0D { bytes.removeLast() }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = SMTPReply.parseLine(text) else { throw DecodingError.malformedLine(text) }
        if let first = pending.first, first.code != line.code {
            throw DecodingError.inconsistentCodes(first: first.code, later: line.code)
        }
        pending.append(line)
        if line.isLast {
            let reply = SMTPReply(code: line.code, lines: pending.map(\.text))
            pending = []
            context.fireChannelRead(wrapInboundOut(reply))
        } else if pending.count >= Self.maximumLines {
            throw DecodingError.tooManyLines
        }
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
