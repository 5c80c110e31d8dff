import NIOCore
import NIOEmbedded
import Testing
@testable import Platform

@Suite("SMTP protocol pieces")
struct SMTPProtocolTests {
    @Test("dot-stuffing doubles a leading dot on every line and ends the data with CRLF.CRLF", arguments: [
        ("Hello\r\n", "Hello\r\n.\r\n"),
        (".hidden\r\n", "..hidden\r\n.\r\n"),
        ("a\r\n.\r\nb\r\n", "a\r\n..\r\nb\r\n.\r\n"),
        ("a\r\n..two\r\n", "a\r\n...two\r\n.\r\n"),
        ("no final newline", "no final newline\r\n.\r\n"),
        ("bare\nlf\n.x", "bare\r\nlf\r\n..x\r\n.\r\n"),
        ("bare\rcr\r.x\r", "bare\r\ncr\r\n..x\r\n.\r\n"),
        ("", ".\r\n"),
        ("a.b\r\n", "a.b\r\n.\r\n"),
    ])
    func dotStuffing(text: String, wire: String) {
        #expect(String(decoding: SMTPCommand.dataPayload(text), as: UTF8.self) == wire)
    }

    @Test("commands render exactly and credentials never reach a log line")
    func commands() {
        #expect(SMTPCommand.mailFrom("a@b.c", size: 1234).line == "MAIL FROM:<a@b.c> SIZE=1234\r\n")
        #expect(SMTPCommand.mailFrom("a@b.c", size: nil).line == "MAIL FROM:<a@b.c>\r\n")
        #expect(SMTPCommand.rcptTo("x@y.z").line == "RCPT TO:<x@y.z>\r\n")
        #expect(SMTPCommand.authPlain(initialResponse: "c2VjcmV0").loggable == "AUTH PLAIN <redacted>")
        #expect(SMTPCommand.authResponse("c2VjcmV0").loggable == "<redacted>")
        #expect(SMTPCommand.ehlo("mail.example.com").loggable == "EHLO mail.example.com")
    }

    /// Feeds `chunks` to a decoder in an EmbeddedChannel and returns the replies it produced.
    private func decode(_ chunks: [String]) throws -> [SMTPReply] {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(SMTPReplyDecoder()))
        var replies: [SMTPReply] = []
        for chunk in chunks {
            try channel.writeInbound(ByteBuffer(string: chunk))
            while let reply = try channel.readInbound(as: SMTPReply.self) { replies.append(reply) }
        }
        _ = try channel.finish()
        return replies
    }

    @Test("a multi-line reply is one reply, even when split across reads at awkward places")
    func multiLine() throws {
        let ehlo = "250-sink.test\r\n250-SIZE 33554432\r\n250-8BITMIME\r\n250-AUTH LOGIN PLAIN\r\n250 HELP\r\n"
        let whole = try decode([ehlo])
        #expect(whole == [SMTPReply(code: 250, lines: ["sink.test", "SIZE 33554432", "8BITMIME", "AUTH LOGIN PLAIN", "HELP"])])
        let bytes = Array(ehlo.utf8)
        for split in [1, 3, 4, 15, 16, 17, bytes.count - 1] {
            let pieces = [String(decoding: bytes[..<split], as: UTF8.self), String(decoding: bytes[split...], as: UTF8.self)]
            #expect(try decode(pieces) == whole, "split at \(split)")
        }
        #expect(try decode(["220 ready\r\n250 ok\r\n", "354"]) == [SMTPReply(code: 220, lines: ["ready"]), SMTPReply(code: 250, lines: ["ok"])])
        #expect(try decode(["221\n"]) == [SMTPReply(code: 221, lines: [""])], "bare code and LF-only line ending")
    }

    @Test("the EHLO reply's extensions are read case-insensitively, including the old AUTH= form")
    func capabilities() {
        let reply = SMTPReply(code: 250, lines: ["mx.example.com greets you", "size 1000", "STARTTLS", "AUTH=LOGIN", "auth plain cram-md5"])
        let capabilities = SMTPCapabilities(ehloReply: reply)
        #expect(capabilities.supportsStartTLS)
        #expect(capabilities.authenticationMechanisms == ["LOGIN", "PLAIN", "CRAM-MD5"])
        #expect(capabilities.maximumMessageSize == 1000)
        #expect(!SMTPCapabilities.none.supportsStartTLS)
    }

    @Test("garbage, mixed codes and endless lines from a server are errors, not hangs", arguments: [
        "HTTP/1.1 400 Bad Request\r\n",
        "250-first\r\n251 second\r\n",
        "2500 no separator\r\n",
        "099 too low\r\n",
        String(repeating: "2", count: 5_000),
    ])
    func malformed(input: String) {
        #expect(throws: SMTPReplyDecoder.DecodingError.self) { try decode([input]) }
    }
}
