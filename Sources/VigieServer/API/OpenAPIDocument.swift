// The OpenAPI 3.1 description of every route the server has, pages
// included (they answer HTML), written by hand as a value: a test checks
// that each route of the router appears here with its method, so the
// document cannot fall behind the code.

import VigieLake

enum OpenAPIDocument {
    private static func string(_ s: String) -> JSONValue { .string(s) }
    private static func ref(_ name: String) -> JSONValue { .object([("$ref", string("#/components/schemas/\(name)"))]) }
    private static func array(_ items: JSONValue) -> JSONValue { .object([("type", string("array")), ("items", items)]) }
    private static func object(_ properties: [(String, JSONValue)], required: [String] = []) -> JSONValue {
        .object([("type", string("object")), ("properties", .object(properties))] + (required.isEmpty ? [] : [("required", .array(required.map(string)))]))
    }
    private static func nullable(_ type: String) -> JSONValue { .object([("type", .array([string(type), string("null")]))]) }
    private static let text = JSONValue.object([("type", .string("string"))])

    private static func pathParameter(_ name: String, _ description: String) -> JSONValue {
        .object([("name", string(name)), ("in", string("path")), ("required", .bool(true)), ("description", string(description)), ("schema", text)])
    }

    private static func queryParameter(_ name: String, _ description: String, required: Bool = false) -> JSONValue {
        .object([("name", string(name)), ("in", string("query")), ("required", .bool(required)), ("description", string(description)), ("schema", text)])
    }

    private static let app = pathParameter("app", "The app's name (its file in apps/ without .yaml).")
    private static let sheet = pathParameter("sheet", "The sheet's name.")
    private static let objectName = pathParameter("object", "The object's name in its sheet.")
    private static let field = pathParameter("field", "A field: Table.field, or a field name only one table has.")
    private static let selection = queryParameter("s", "The selection: the engine's compact form (base64url JSON), as in the pages' URLs; empty for none.")

    private static func json(_ schema: JSONValue, _ description: String) -> JSONValue {
        .object([("description", string(description)), ("content", .object([("application/json", .object([("schema", schema)]))]))])
    }

    private static let errors: [(String, JSONValue)] = [
        ("400", json(ref("Error"), "A parameter or selection that cannot apply.")),
        ("401", json(ref("Error"), "No session: sign in with POST /login.")),
        ("404", json(ref("Error"), "No such app, sheet, object or field for this user.")),
    ]

    private static let html = JSONValue.object([("description", string("An HTML page.")), ("content", .object([("text/html", .object([("schema", text)]))]))])
    private static let redirect = JSONValue.object([("description", string("A redirect (303) to the next page."))])

    private static func operation(_ id: String, _ summary: String, parameters: [JSONValue] = [], body: JSONValue? = nil,
                                  responses: [(String, JSONValue)], secured: Bool = true, csrf: Bool = false) -> JSONValue {
        var fields: [(String, JSONValue)] = [("operationId", string(id)), ("summary", string(summary))]
        let all = parameters + (csrf ? [JSONValue.object([("name", string("X-CSRF-Token")), ("in", string("header")), ("required", .bool(false)),
                                                          ("description", string("The session's CSRF token (or a csrf form field).")), ("schema", text)])] : [])
        if !all.isEmpty { fields.append(("parameters", .array(all))) }
        if let body { fields.append(("requestBody", body)) }
        fields.append(("responses", .object(responses)))
        if !secured { fields.append(("security", .array([]))) }
        return .object(fields)
    }

    private static let loginBody = JSONValue.object([("required", .bool(true)), ("content", .object([
        ("application/json", .object([("schema", object([("user", text), ("password", text)], required: ["user", "password"]))])),
        ("application/x-www-form-urlencoded", .object([("schema", object([("user", text), ("password", text), ("csrf", text), ("next", text)],
                                                                          required: ["user", "password", "csrf"]))])),
    ]))])

    private static let exportBody = JSONValue.object([("required", .bool(false)), ("content", .object([
        ("application/x-www-form-urlencoded", .object([("schema", object([("csrf", text), ("s", text), ("format", text)]))])),
    ]))])

    /// Each path and its operations.
    static let paths: [(String, [(String, JSONValue)])] = [
        ("/login", [
            ("get", operation("loginPage", "The sign-in page; sets the vigie_login cookie whose token the login echoes.", parameters: [queryParameter("next", "Where to go after signing in.")],
                              responses: [("200", html)], secured: false)),
            ("post", operation("login", "Signs in: a JSON body answers the session as JSON, a form redirects. Throttled per account and address.",
                               body: loginBody, responses: [("200", json(ref("Session"), "Signed in; the vigie_session cookie is set.")), ("303", redirect),
                                                            ("401", json(ref("Error"), "Wrong user or password.")), ("403", json(ref("Error"), "Missing or wrong CSRF token.")),
                                                            ("429", json(ref("Error"), "Too many failed attempts: wait."))], secured: false, csrf: true)),
        ]),
        ("/logout", [("post", operation("logout", "Signs out and closes the session.", responses: [("200", json(object([("signedOut", .object([("type", string("boolean"))]))]), "Signed out.")),
                                                                                                     ("303", redirect), ("403", json(ref("Error"), "Missing or wrong CSRF token."))], csrf: true))]),
        ("/language/{language}", [("get", operation("setLanguage", "Sets the pages' language (fr or en) in a cookie.",
                                                    parameters: [pathParameter("language", "fr or en")], responses: [("303", redirect)], secured: false))]),
        ("/", [("get", operation("portal", "The portal: the apps the user may open.", responses: [("200", html), ("303", redirect)]))]),
        ("/apps/{app}", [("get", operation("appPage", "Redirects to the app's first sheet.", parameters: [app], responses: [("303", redirect)]))]),
        ("/apps/{app}/sheets/{sheet}", [("get", operation("sheetPage", "A sheet under the selection s.", parameters: [app, sheet, selection], responses: [("200", html)]))]),
        ("/apps/{app}/sheets/{sheet}/select", [("get", operation("sheetSelect", "Changes the selection and redirects to the sheet's new URL.",
                                                                  parameters: [app, sheet, selection] + changeParameters, responses: [("303", redirect)]))]),
        ("/assets/{file}", [("get", operation("asset", "The stylesheet (vigie.css) and script (vigie.js).", parameters: [pathParameter("file", "vigie.css or vigie.js")],
                                              responses: [("200", .object([("description", string("The file."))]))], secured: false))]),
        ("/api/openapi.json", [("get", operation("openAPI", "This document.", responses: [("200", json(.object([("type", string("object"))]), "OpenAPI 3.1."))], secured: false))]),
        ("/api/session", [("get", operation("session", "The signed-in user and CSRF token; before login, the token POST /login must echo.",
                                            responses: [("200", json(ref("Session"), "The session."))], secured: false))]),
        ("/api/apps", [("get", operation("listApps", "The apps the user may open, and (for admins and designers) files that fail to load.",
                                         responses: [("200", json(object([("apps", array(ref("AppSummary"))), ("errors", array(object([("name", text), ("error", text)])))]), "The apps."))] + errors))]),
        ("/api/apps/{app}", [("get", operation("getApp", "An app: sheets, measures, hierarchies and the fields the user may see.", parameters: [app],
                                               responses: [("200", json(ref("App"), "The app."))] + errors))]),
        ("/api/apps/{app}/sheets/{sheet}", [("get", operation("getSheet", "A sheet and its objects.", parameters: [app, sheet],
                                                              responses: [("200", json(object([("name", text), ("title", text), ("objects", array(ref("Object")))]), "The sheet."))] + errors))]),
        ("/api/apps/{app}/sheets/{sheet}/objects/{object}", [("get", operation("getObjectData", "An object's data under the selection: a typed grid, or a filter pane's field states.",
                                                                               parameters: [app, sheet, objectName, selection],
                                                                               responses: [("200", json(.object([("oneOf", .array([ref("Grid"), ref("FilterPane")]))]), "The data."))] + errors))]),
        ("/api/apps/{app}/sheets/{sheet}/objects/{object}/export", [("post", operation("exportObject", "An object's grid as CSV or XLSX, under the selection; audited.",
                                                                                       parameters: [app, sheet, objectName, selection, queryParameter("format", "csv (default) or xlsx")],
                                                                                       body: exportBody, responses: [
                                                                                           ("200", .object([("description", string("The file.")), ("content", .object([
                                                                                               ("text/csv", .object([("schema", text)])),
                                                                                               ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", .object([("schema", .object([("type", string("string")), ("contentEncoding", string("binary"))]))])),
                                                                                           ]))])),
                                                                                           ("403", json(ref("Error"), "Missing or wrong CSRF token, or a role that does not export.")),
                                                                                       ] + errors, csrf: true))]),
        ("/api/apps/{app}/fields/{field}/states", [("get", operation("getFieldStates", "Every value of a field the user may see, with its state and frequency.",
                                                                     parameters: [app, field, selection], responses: [("200", json(ref("FieldStates"), "The states."))] + errors))]),
        ("/api/apps/{app}/fields/{field}/search", [("get", operation("searchField", "The values a search matches (Bre*, ?reche, words, >=2016, 10..20), within the user's rights.",
                                                                     parameters: [app, field, queryParameter("q", "The search.", required: true)],
                                                                     responses: [("200", json(object([("field", text), ("values", array(text))]), "The values."))] + errors))]),
        ("/api/audit", [("get", operation("getAuditTrail", "The latest sign-ins, failures, throttling, sign-outs and exports, newest first (administrators only).",
                                          parameters: [queryParameter("limit", "How many events (default 200, at most 1000).")],
                                          responses: [("200", json(object([("entries", array(object([("at", text), ("event", text), ("user", nullable("string")),
                                                                                                      ("address", nullable("string")), ("detail", text)])))]), "The events.")),
                                                      ("403", json(ref("Error"), "Not an administrator."))] + errors))]),
        ("/audit", [("get", operation("auditPage", "The audit trail as an HTML page (administrators only).",
                                      parameters: [queryParameter("limit", "How many events (default 200, at most 1000).")],
                                      responses: [("200", html),
                                                  ("403", json(ref("Error"), "Not an administrator."))] + errors))]),
        ("/api/apps/{app}/selection", [("get", operation("changeSelection", "Applies a change to a selection and returns the new one (or decodes s).",
                                                         parameters: [app, selection] + changeParameters, responses: [("200", json(ref("Selection"), "The selection."))] + errors))]),
    ]

    private static let changeParameters = [
        queryParameter("op", "select (default), toggle, search, clear, clear-all, lock or unlock"),
        queryParameter("field", "The field changed."),
        .object([("name", string("value")), ("in", string("query")), ("required", .bool(false)), ("description", string("A value (repeat for more).")),
                 ("schema", array(text)), ("explode", .bool(true))]),
        queryParameter("search", "With op=search: the search whose values become the selection."),
    ]

    private static let cell = object([("type", .object([("enum", .array(["null", "bool", "integer", "number", "text", "date", "timestamp"].map(string)))])),
                                      ("value", .object([("description", string("The typed value: a JSON number, string, boolean or null; dates as yyyy-MM-dd."))])),
                                      ("text", text)], required: ["type", "value", "text"])

    private static let schemas: [(String, JSONValue)] = [
        ("Error", object([("error", text)], required: ["error"])),
        ("Session", object([("user", .object([("oneOf", .array([.object([("type", string("null"))]), object([("name", text), ("role", text)])]))])), ("csrfToken", text)])),
        ("AppSummary", object([("name", text), ("title", text), ("version", .object([("type", string("integer"))])), ("error", nullable("string")),
                               ("sheets", array(object([("name", text), ("title", text)])))])),
        ("App", object([("name", text), ("title", text), ("sheets", array(object([("name", text), ("title", text)]))),
                        ("measures", array(object([("name", text), ("label", text), ("expression", text), ("format", nullable("string")), ("description", nullable("string"))]))),
                        ("hierarchies", array(object([("name", text), ("levels", array(text))]))), ("fields", array(object([("field", text), ("type", text)])))])),
        ("Object", object([("name", text), ("kind", text), ("title", nullable("string")), ("width", .object([("type", string("integer"))]))])),
        ("Cell", cell),
        ("Line", object([("dimensions", array(ref("Cell"))), ("measures", array(ref("Cell"))), ("others", .object([("type", string("boolean"))]))])),
        ("Grid", object([("object", ref("Object")), ("dimensions", array(object([("name", text), ("field", text), ("label", text), ("levels", array(text))]))),
                         ("measures", array(object([("name", text), ("label", text), ("format", nullable("string"))]))), ("lines", array(ref("Line"))),
                         ("totals", array(ref("Cell"))), ("subtotals", array(array(ref("Line"))))])),
        ("FieldStates", object([("field", text), ("values", array(object([("value", nullable("string")),
                                                                             ("state", .object([("enum", .array(["selected", "selectedExcluded", "possible", "alternative", "excluded"].map(string)))])),
                                                                             ("frequency", .object([("type", string("integer"))]))])))])),
        ("FilterPane", object([("object", ref("Object")), ("fields", array(ref("FieldStates")))])),
        ("Selection", object([("s", text), ("fields", array(object([("field", text), ("values", array(text)), ("locked", .object([("type", string("boolean"))]))])))])),
    ]

    static let document: JSONValue = .object([
        ("openapi", string("3.1.0")),
        ("info", .object([("title", string("Vigie")), ("version", string("0.1.0")),
                          ("description", string("Vigie's JSON API and pages. Sign in with POST /login; send the session's CSRF token with every POST."))])),
        ("paths", .object(paths.map { path, operations in (path, .object(operations)) })),
        ("components", .object([
            ("schemas", .object(schemas)),
            ("securitySchemes", .object([("session", .object([("type", string("apiKey")), ("in", string("cookie")), ("name", string(SessionCookies.session))]))])),
        ])),
        ("security", .array([.object([("session", .array([]))])])),
    ])
}
