// Building responses: HTML pages, JSON documents, redirects and files.

import Foundation
import Hummingbird
import VigieLake

enum Responses {
    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        body(page, type: "text/html; charset=utf-8", status: status)
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        body(value.description, type: "application/json; charset=utf-8", status: status)
    }

    /// A 303 to `location` (a path of this server).
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// A file to download as `filename`.
    static func download(_ data: Data, type: String, filename: String) -> Response {
        var response = body("", type: type, status: .ok)
        response.body = ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        let ascii = String(filename.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        response.headers[.contentDisposition] = "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(FormParameters.encode(filename))"
        return response
    }

    static func body(_ text: String, type: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

extension Request {
    /// The query's parameters.
    var query: FormParameters { FormParameters(uri.query ?? "") }

    /// A form body's parameters (application/x-www-form-urlencoded), or nil for another body.
    func form(limit: Int = 1 << 20) async throws -> FormParameters? {
        guard headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true else { return nil }
        var copy = self
        let buffer = try await copy.collectBody(upTo: limit)
        return FormParameters(String(buffer: buffer))
    }

    /// A JSON body, or nil for another body.
    func jsonBody(limit: Int = 1 << 20) async throws -> JSONValue? {
        guard headers[.contentType]?.hasPrefix("application/json") == true else { return nil }
        var copy = self
        let buffer = try await copy.collectBody(upTo: limit)
        do { return try JSONValue.parse(String(buffer: buffer)) } catch { throw ServerError(.badRequest, "the body is not JSON: \(error.message)") }
    }

    /// Whether the request is for the JSON API (errors answer in JSON there).
    var isAPI: Bool { uri.path.hasPrefix("/api/") }
}
