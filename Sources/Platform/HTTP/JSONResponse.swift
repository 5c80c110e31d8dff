import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension Response {
    /// A JSON answer in the platform's encoding (snake_case keys, RFC 3339 dates). API answers are private to the
    /// caller, so by default nothing may cache them (RFC 6749 §5.1 requires it for tokens).
    public static func json(
        _ value: some Encodable, status: HTTPResponse.Status = .ok, location: String? = nil, cacheControl: String = "no-store"
    ) throws -> Response {
        let data = try ServiceJSONCoding.makeEncoder().encode(value)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .contentLength: String(data.count), .cacheControl: cacheControl]
        if let location { headers[.location] = location }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    /// 204: done, nothing to say.
    public static func noContent() -> Response {
        Response(status: .noContent, headers: [.cacheControl: "no-store"])
    }
}
