// Who uses Vigie and what they may do. Roles go from the widest to the
// narrowest: administrators manage users, designers write apps (and see
// their load errors), analysts explore and export, viewers explore. Each
// user's row-level rights (UserRights, in VigieModel) apply in every app.

import VigieModel

/// A user's role.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case admin, designer, analyst, viewer

    /// Whether the role sees apps' load errors (it writes apps or manages the installation).
    public var seesAppErrors: Bool { self == .admin || self == .designer }

    /// Whether the role may export objects' data.
    public var mayExport: Bool { self != .viewer }

    public static func < (a: Role, b: Role) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A user as the server knows them (never their password).
public struct User: Sendable, Equatable, Codable {
    public var name: String
    public var role: Role
    public var rights: UserRights

    public init(name: String, role: Role, rights: UserRights = .unrestricted) {
        self.name = name
        self.role = role
        self.rights = rights
    }
}
