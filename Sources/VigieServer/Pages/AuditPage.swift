// The audit trail for administrators: the latest sign-ins (and their
// failures and throttling), sign-outs and exports, newest first, with who,
// from where and what. Other roles get 403: the trail names every user.

import Foundation
import Hummingbird
import VigieModel

enum AuditPage {
    /// How many events a page or an API answer shows at most.
    static let limit = 1000

    /// The trail's latest events, as many as the request's `limit` asks (200 by default), for an administrator only.
    static func entries(_ state: ServerState, _ context: VigieContext, _ request: Request) throws(ServerError) -> [AccountStore.AuditEntry] {
        guard try context.user().role == .admin else { throw ServerError(.forbidden, "the audit trail is for administrators") }
        let asked = request.uri.queryParameters.get("limit").flatMap { Int($0) } ?? 200
        return try state.accounts.auditTrail(limit: min(max(asked, 1), Self.limit))
    }

    static func time(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon))
    }

    static func render(_ entries: [AccountStore.AuditEntry], context: VigieContext) -> String {
        let labels = Labels(context.language)
        var body = "<main class=\"portal\"><h1>\(labels["audit"])</h1><table class=\"grid-table audit\"><thead><tr>"
        for column in ["audit-at", "audit-event", "audit-user", "audit-address", "audit-detail"] { body += "<th scope=\"col\">\(labels[column])</th>" }
        body += "</tr></thead><tbody>"
        for entry in entries {
            body += "<tr data-event=\"\(HTML.escape(entry.event))\"><td>\(time(entry.at))</td><td>\(HTML.escape(entry.event))</td>"
            body += "<td>\(HTML.escape(entry.user ?? ""))</td><td>\(HTML.escape(entry.address ?? ""))</td><td>\(HTML.escape(entry.detail))</td></tr>"
        }
        body += "</tbody></table></main>"
        return Layout.page(title: labels["audit"], context: context, body: body)
    }
}
