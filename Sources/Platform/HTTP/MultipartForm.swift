import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// A `multipart/form-data` body read into its parts, within the request's size limit.
public struct MultipartForm: Sendable {
    public struct Part: Sendable {
        public var name: String
        public var filename: String?
        public var contentType: String?
        public var body: ByteBuffer
    }

    public var parts: [Part]

    public func part(named name: String) -> Part? {
        parts.first { $0.name == name }
    }

    /// The text of a field, or nil.
    public func text(_ name: String) -> String? {
        part(named: name).map { String(buffer: $0.body) }
    }

    /// Reads the body of a multipart request: 415 unless it is `multipart/form-data` with a boundary, 413 over
    /// the limit, 400 when the body is not well-formed multipart.
    public static func read(_ request: Request, context: ServiceRequestContext) async throws -> MultipartForm {
        let contentType = request.headers[.contentType] ?? ""
        guard MediaTypeCheck.essence(of: contentType) == "multipart/form-data", let boundary = boundary(in: contentType) else {
            throw Problem.unsupportedMediaType(got: request.headers[.contentType], expected: ["multipart/form-data"])
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: context.maxUploadSize)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Problem.payloadTooLarge(limit: context.maxUploadSize)
        }
        return try parse(body, boundary: boundary)
    }

    static func parse(_ body: ByteBuffer, boundary: String) throws -> MultipartForm {
        let parser = MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var headers: [(String, String)] = []
        var current = ByteBuffer()
        parser.onHeader = { name, value in headers.append((name.lowercased(), value)) }
        parser.onBody = { chunk in current.writeBuffer(&chunk) }
        parser.onPartComplete = {
            let disposition = headers.first { $0.0 == "content-disposition" }?.1 ?? ""
            let name = parameter("name", in: disposition) ?? ""
            parts.append(Part(
                name: name,
                filename: parameter("filename", in: disposition),
                contentType: headers.first { $0.0 == "content-type" }?.1,
                body: current
            ))
            headers = []
            current = ByteBuffer()
        }
        do {
            try parser.execute(body)
        } catch {
            throw Problem.badRequest("The multipart body is malformed; send it as multipart/form-data with the boundary named in Content-Type")
        }
        guard !parts.isEmpty else {
            throw Problem.badRequest("The multipart body has no parts; send the statement in a part named `file`")
        }
        return MultipartForm(parts: parts)
    }

    static func boundary(in contentType: String) -> String? {
        parameter("boundary", in: contentType)
    }

    /// A `key=value` or `key="value"` parameter of a header value.
    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";") {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}
