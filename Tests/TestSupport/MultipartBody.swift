import Foundation
import NIOCore

/// Builds a multipart/form-data body.
public struct MultipartBody: Sendable {
    public init() {}

    public let boundary = "----mpesa-test-\(UUID().uuidString)"
    public var parts: [(name: String, filename: String?, contentType: String?, data: Data)] = []

    public mutating func add(_ name: String, _ text: String) {
        parts.append((name, nil, nil, Data(text.utf8)))
    }

    public mutating func addFile(_ name: String = "file", filename: String, contentType: String, data: Data) {
        parts.append((name, filename, contentType, data))
    }

    public var buffer: ByteBuffer {
        var body = Data()
        for part in parts {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\"".utf8))
            if let filename = part.filename { body.append(Data("; filename=\"\(filename)\"".utf8)) }
            body.append(Data("\r\n".utf8))
            if let type = part.contentType { body.append(Data("Content-Type: \(type)\r\n".utf8)) }
            body.append(Data("\r\n".utf8))
            body.append(part.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return ByteBuffer(data: body)
    }

    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }
}
