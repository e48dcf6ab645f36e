// Reading the workspace's YAML files (pipelines, apps) with errors that
// name the file and the line, and refuse unknown keys: a typo in a key is
// an error, never a silently ignored setting.

import Yams

/// A reader of one YAML file; conforming types add the document's own structure.
public protocol YAMLReading {
    /// The file read, for messages.
    var file: String { get }
}

extension YAMLReading {
    /// The document's root node.
    public func root(_ text: String) throws(LakeError) -> Node {
        do {
            guard let node = try Yams.compose(yaml: text) else { throw LakeError(.invalidArgument, "the file is empty", context: [file]) }
            return node
        } catch let error as LakeError {
            throw error
        } catch {
            throw LakeError(.invalidArgument, "invalid YAML: \(error)", context: [file])
        }
    }

    /// An error about `node`, naming the file and the node's line.
    public func fail(_ node: Node?, _ message: String) -> LakeError {
        let line = node?.mark.map { "line \($0.line)" }
        return LakeError(.invalidArgument, message, context: [file] + (line.map { [$0] } ?? []))
    }

    public func mapping(_ node: Node?, _ what: String) throws(LakeError) -> Node.Mapping {
        guard let m = node?.mapping else { throw fail(node, "\(what) must be a mapping (key: value lines)") }
        return m
    }

    public func string(_ node: Node?, _ what: String) throws(LakeError) -> String {
        guard let s = node?.scalar?.string else { throw fail(node, "\(what) must be a text value") }
        return s
    }

    /// A list of texts (a single text counts as a list of one).
    public func strings(_ node: Node?, _ what: String) throws(LakeError) -> [String] {
        if let s = node?.scalar?.string { return [s] }
        guard let items = node?.sequence else { throw fail(node, "\(what) must be a list") }
        var out: [String] = []
        for item in items { out.append(try string(item, what)) }
        return out
    }

    /// Refuses keys outside `allowed`, naming them and the allowed ones.
    public func checkKeys(_ m: Node.Mapping, allowed: Set<String>, _ what: String) throws(LakeError) {
        for (k, _) in m {
            guard let key = k.scalar?.string, allowed.contains(key) else {
                throw fail(k, "unknown key '\(k.scalar?.string ?? "?")' in \(what); allowed: \(allowed.sorted().joined(separator: ", "))")
            }
        }
    }
}
