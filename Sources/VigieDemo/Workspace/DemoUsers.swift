// The demo's users: one for each kind of reader of the group's figures, with
// the role and rights a real one would have, so that signing in as two of
// them shows the same sheets over different rows. The server module keeps
// accounts; this one only says who they are, from the group's skeleton.

/// A user of the demo: a name, a role (admin, designer, analyst or viewer) and row-level rules (`structure in [S01]`).
public struct DemoUser: Sendable, Equatable {
    public var name: String
    public var role: String
    public var rules: [String]
    /// Who this user stands for and what they see.
    public var description: String
}

extension Demo {
    /// Every demo user's password: the demo serves this machine only (127.0.0.1) unless told otherwise.
    public static let password = "vigie-demo"

    /// The demo's users, widest rights first.
    public static var users: [DemoUser] {
        let west = GroupSkeleton.unions[0], brittany = GroupSkeleton.structures[0], provence = GroupSkeleton.structures[12]
        let westStructures = GroupSkeleton.structures.filter { $0.union == 0 }.map(\.code)
        return [
            DemoUser(name: "direction", role: "admin", rules: [], description: "direction générale: the whole group, and app errors"),
            DemoUser(name: "controle", role: "designer", rules: [], description: "contrôle de gestion: the whole group"),
            DemoUser(name: "bretagne", role: "analyst", rules: ["structure in [\(brittany.code)]"],
                     description: "\(brittany.name) (\(brittany.code)) only"),
            DemoUser(name: "provence", role: "analyst", rules: ["structure in [\(provence.code)]"],
                     description: "\(provence.name) (\(provence.code)) only"),
            DemoUser(name: "grand-ouest", role: "viewer", rules: ["union in [\(west.code)]"],
                     description: "\(west.name) (\(westStructures.first!)–\(westStructures.last!)), no exports"),
        ]
    }
}
