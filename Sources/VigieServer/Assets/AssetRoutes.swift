// The stylesheet and script, compiled into the binary (no CDN, no build
// step, nothing to install beside `vigie`), served with a content type and
// cached for an hour.

import Hummingbird

enum AssetRoutes {
    static let files: [String: (type: String, text: String)] = [
        "vigie.css": ("text/css; charset=utf-8", Stylesheet.text),
        "vigie.js": ("text/javascript; charset=utf-8", Script.text),
    ]

    static func add(to router: Router<VigieContext>) {
        router.get("/assets/:file") { _, context in
            guard let name = context.parameters.get("file"), let file = files[name] else { throw ServerError(.notFound, "no such asset") }
            var response = Responses.body(file.text, type: file.type, status: .ok)
            response.headers[.cacheControl] = "public, max-age=3600"
            return response
        }
    }
}
