// The server's runtime state in SQLite (GRDB), under the workspace at
// state/vigie.sqlite: users (a bcrypt hash, never a password), sessions
// (the SHA-256 of each token, never the token) and the audit trail
// (logins, failed logins, exports; never a password or a token). The file
// is created readable by its owner only.

import Foundation
import GRDB
import HummingbirdBcrypt
import VigieLake
import VigieModel

/// Users, sessions and the audit trail of a workspace.
public final class AccountStore: Sendable {
    private let database: DatabaseQueue
    /// bcrypt's cost for new passwords: 2^cost rounds (12 takes about a quarter of a second; tests use less).
    public let passwordCost: UInt8
    /// How long a session lasts after it opens.
    public let sessionLifetime: TimeInterval

    /// Opens (creating if needed) the state database of `workspace`.
    public convenience init(workspace: Workspace, passwordCost: UInt8 = 12, sessionLifetime: TimeInterval = 12 * 3600) throws(ServerError) {
        let folder = workspace.root + "/state"
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) } catch {
            throw ServerError(.storage, "cannot create \(folder): \(error.localizedDescription)")
        }
        try self.init(path: folder + "/vigie.sqlite", passwordCost: passwordCost, sessionLifetime: sessionLifetime)
    }

    public init(path: String, passwordCost: UInt8 = 12, sessionLifetime: TimeInterval = 12 * 3600) throws(ServerError) {
        self.passwordCost = passwordCost
        self.sessionLifetime = sessionLifetime
        do {
            if !FileManager.default.fileExists(atPath: path) {
                guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                    throw ServerError(.storage, "cannot create the state database \(path)")
                }
            }
            database = try DatabaseQueue(path: path)
            try Self.migrator.migrate(database)
        } catch {
            throw ServerError(.storage, "cannot open the state database \(path): \(error)")
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("accounts") { db in
            try db.create(table: "user") { t in
                t.column("name", .text).primaryKey()
                t.column("role", .text).notNull()
                t.column("passwordHash", .text).notNull()
                t.column("rights", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "session") { t in
                t.column("tokenHash", .text).primaryKey()
                t.column("userName", .text).notNull().references("user", column: "name", onDelete: .cascade)
                t.column("csrfToken", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull()
            }
            try db.create(table: "audit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull()
                t.column("event", .text).notNull()
                t.column("userName", .text)
                t.column("address", .text)
                t.column("detail", .text).notNull()
            }
        }
        return migrator
    }

    private func run<T>(_ body: (Database) throws -> T) throws(ServerError) -> T {
        do { return try database.write(body) } catch let error as ServerError { throw error } catch {
            throw ServerError(.storage, "state database: \(error)")
        }
    }

    // MARK: Users

    /// Adds a user; refuses an existing name or an empty password.
    public func addUser(_ user: User, password: String) throws(ServerError) {
        try Self.check(name: user.name, password: password)
        let hash = Bcrypt.hash(password, cost: passwordCost)
        let rights = try Self.json(user.rights)
        try run { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM user WHERE name = ?", arguments: [user.name]) == nil else {
                throw ServerError(.badRequest, "a user named \(user.name) already exists")
            }
            try db.execute(sql: "INSERT INTO user (name, role, passwordHash, rights, createdAt) VALUES (?, ?, ?, ?, ?)",
                           arguments: [user.name, user.role.rawValue, hash, rights, Date()])
        }
    }

    public func users() throws(ServerError) -> [User] {
        try run { db in try Row.fetchAll(db, sql: "SELECT name, role, rights FROM user ORDER BY name").map(Self.user) }
    }

    public func user(named name: String) throws(ServerError) -> User? {
        try run { db in try Row.fetchOne(db, sql: "SELECT name, role, rights FROM user WHERE name = ?", arguments: [name]).map(Self.user) }
    }

    /// Removes a user and their sessions.
    public func removeUser(named name: String) throws(ServerError) {
        try run { db in
            try db.execute(sql: "DELETE FROM session WHERE userName = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM user WHERE name = ?", arguments: [name])
            guard db.changesCount > 0 else { throw ServerError(.notFound, "no user named \(name)") }
        }
    }

    /// Sets a user's password and closes their sessions.
    public func setPassword(of name: String, to password: String) throws(ServerError) {
        try Self.check(name: name, password: password)
        let hash = Bcrypt.hash(password, cost: passwordCost)
        try run { db in
            try db.execute(sql: "UPDATE user SET passwordHash = ? WHERE name = ?", arguments: [hash, name])
            guard db.changesCount > 0 else { throw ServerError(.notFound, "no user named \(name)") }
            try db.execute(sql: "DELETE FROM session WHERE userName = ?", arguments: [name])
        }
    }

    /// The user whose password this is; nil otherwise. An unknown name costs a bcrypt check too, so the time taken
    /// does not tell which names exist.
    public func verify(name: String, password: String) throws(ServerError) -> User? {
        let found = try run { db -> (User, String)? in
            try Row.fetchOne(db, sql: "SELECT name, role, rights, passwordHash FROM user WHERE name = ?", arguments: [name]).map { (try Self.user($0), $0["passwordHash"]) }
        }
        guard let (user, hash) = found else {
            _ = Bcrypt.verify(password, hash: Self.decoyHash)
            return nil
        }
        return Bcrypt.verify(password, hash: hash) ? user : nil
    }

    /// A hash of no one's password, checked against for unknown names.
    private static let decoyHash = Bcrypt.hash(Tokens.random(), cost: 12)

    private static func check(name: String, password: String) throws(ServerError) {
        guard !name.isEmpty, name.count <= 100, !name.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw ServerError(.badRequest, "a user name is 1 to 100 characters without spaces")
        }
        guard password.count >= 8, password.utf8.count <= 72 else {
            throw ServerError(.badRequest, "a password has at least 8 characters and at most 72 bytes (bcrypt reads no further)")
        }
    }

    private static func user(_ row: Row) throws -> User {
        guard let role = Role(rawValue: row["role"]) else { throw ServerError(.storage, "user \(row["name"] as String): unknown role") }
        let rights = try JSONDecoder().decode(UserRights.self, from: Data((row["rights"] as String).utf8))
        return User(name: row["name"], role: role, rights: rights)
    }

    private static func json(_ rights: UserRights) throws(ServerError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        do { return String(decoding: try encoder.encode(rights), as: UTF8.self) } catch { throw ServerError(.storage, "cannot encode rights: \(error)") }
    }

    // MARK: Sessions

    /// An open session: its user and its CSRF token.
    public struct Session: Sendable, Equatable {
        public var user: User
        public var csrfToken: String
    }

    /// Opens a session for `name`; returns the token for the cookie (stored only as its hash) and the session.
    public func openSession(for name: String) throws(ServerError) -> (token: String, session: Session) {
        let token = Tokens.random(), csrf = Tokens.random()
        let now = Date()
        try run { db in
            try db.execute(sql: "DELETE FROM session WHERE expiresAt < ?", arguments: [now])
            try db.execute(sql: "INSERT INTO session (tokenHash, userName, csrfToken, createdAt, expiresAt) VALUES (?, ?, ?, ?, ?)",
                           arguments: [Tokens.hash(token), name, csrf, now, now.addingTimeInterval(sessionLifetime)])
        }
        guard let user = try user(named: name) else { throw ServerError(.notFound, "no user named \(name)") }
        return (token, Session(user: user, csrfToken: csrf))
    }

    /// The open session of a cookie's token, if it has not expired.
    public func session(token: String) throws(ServerError) -> Session? {
        try run { db in
            let sql = """
                SELECT user.name, user.role, user.rights, session.csrfToken FROM session JOIN user ON user.name = session.userName
                WHERE session.tokenHash = ? AND session.expiresAt > ?
                """
            return try Row.fetchOne(db, sql: sql, arguments: [Tokens.hash(token), Date()]).map { Session(user: try Self.user($0), csrfToken: $0["csrfToken"]) }
        }
    }

    public func closeSession(token: String) throws(ServerError) {
        try run { db in try db.execute(sql: "DELETE FROM session WHERE tokenHash = ?", arguments: [Tokens.hash(token)]) }
    }

    // MARK: Audit

    /// One line of the audit trail.
    public struct AuditEntry: Sendable, Equatable {
        public var at: Date
        /// `login`, `login-failed`, `login-throttled`, `logout`, `export`.
        public var event: String
        public var user: String?
        public var address: String?
        public var detail: String
    }

    /// Records an event; callers never pass a password or a token.
    public func audit(_ event: String, user: String?, address: String?, detail: String = "") throws(ServerError) {
        try run { db in
            try db.execute(sql: "INSERT INTO audit (at, event, userName, address, detail) VALUES (?, ?, ?, ?, ?)",
                           arguments: [Date(), event, user, address, detail])
        }
    }

    /// The latest `limit` events, newest first.
    public func auditTrail(limit: Int = 100) throws(ServerError) -> [AuditEntry] {
        try run { db in
            try Row.fetchAll(db, sql: "SELECT at, event, userName, address, detail FROM audit ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                AuditEntry(at: $0["at"], event: $0["event"], user: $0["userName"], address: $0["address"], detail: $0["detail"])
            }
        }
    }

    /// Every stored text of the database (for tests that check no secret is kept).
    func allTexts() throws(ServerError) -> [String] {
        try run { db in
            var out: [String] = []
            for table in ["user", "session", "audit"] {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table)") {
                    for column in row.columnNames {
                        if case let .string(text) = (row[column] as DatabaseValue).storage { out.append(text) }
                    }
                }
            }
            return out
        }
    }
}
