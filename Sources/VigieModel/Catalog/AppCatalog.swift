// The apps of a workspace as a server serves them, reloaded while it runs.
// `refresh()` looks at each apps/*.yaml file's modification time, size and
// inode, and at the `_delta_log/` folder of each lake table the app loads
// (a commit adds a file there, which changes the folder's modification
// time); an app whose file or data changed is parsed, its lake tables loaded
// and its names checked, and only then swapped in, so requests keep
// answering from the previous version while the new one loads. A file that fails keeps its last
// good version serving and records its error (file, line, problem) for the
// people who write apps. `watch` polls about once a second: apps are edited
// by hand or by the portal a few times a day, and a poll costs one stat()
// per file.

import Foundation
import Synchronization
import VigieLake
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The apps of a workspace, each in its last version that loaded.
public final class AppCatalog: Sendable {
    /// One app file.
    public struct Entry: Sendable {
        /// The file's name without `.yaml`: the app's name in URLs.
        public var name: String
        public var file: String
        /// The last version that loaded; nil when the file never loaded.
        public var app: LoadedApp?
        /// Why the file as it is now does not load; nil when it does.
        public var error: LakeError?
        /// Counts the versions swapped in (1 for the first).
        public var version: Int
    }

    /// What identifies a version of a file (or folder) without reading it.
    private struct Signature: Equatable {
        var seconds: Int
        var nanoseconds: Int
        var size: Int64
        var inode: UInt64
    }

    public let workspace: Workspace
    /// Each entry with the signatures of its file and of its lake tables' logs when it was loaded.
    private let entries: Mutex<[String: (entry: Entry, signature: [Signature?])]> = Mutex([:])
    /// Held while refreshing, so two refreshes never load the same file at once.
    private let refreshing = Mutex(())

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// Every app file, by name.
    public var all: [Entry] { entries.withLock { $0.values.map(\.entry) }.sorted { $0.name < $1.name } }

    public func entry(_ name: String) -> Entry? { entries.withLock { $0[name]?.entry } }

    /// The serving version of app `name`.
    public func app(_ name: String) -> LoadedApp? { entry(name)?.app }

    /// Loads the files that are new or changed since the last refresh and forgets removed ones; returns the names of
    /// the entries that changed (loaded or failed).
    @discardableResult
    public func refresh() -> [String] {
        refreshing.withLock { _ in
            let folder = workspace.appsPath
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") }
            var seen = Set<String>()
            var changed: [String] = []
            for file in files.sorted() {
                let name = String(file.dropLast(5))
                let path = folder + "/" + file
                guard let file = Self.signature(path) else { continue }
                seen.insert(name)
                let previous = entries.withLock { $0[name] }
                let tables = previous?.entry.app?.model.tables.map(\.lake) ?? []
                let signature = [file] + tables.map { Self.signature(workspace.lakePath + "/" + $0 + "/_delta_log") }
                guard previous?.signature != signature else { continue }
                var entry = previous?.entry ?? Entry(name: name, file: path, app: nil, error: nil, version: 0)
                do throws(LakeError) {
                    entry.app = try LoadedApp.load(path: path, workspace: workspace)
                    entry.error = nil
                    entry.version += 1
                } catch {
                    entry.error = error
                }
                // The signature of the tables this version loads, for the next refresh to compare.
                let loaded = entry.app?.model.tables.map(\.lake) ?? []
                let done = entry, stamps = loaded == tables ? signature : [file] + loaded.map { Self.signature(workspace.lakePath + "/" + $0 + "/_delta_log") }
                entries.withLock { $0[name] = (done, stamps) }
                changed.append(name)
            }
            entries.withLock { current in
                for name in current.keys where !seen.contains(name) {
                    current[name] = nil
                    changed.append(name)
                }
            }
            return changed
        }
    }

    /// Refreshes every `interval` until the task is cancelled.
    public func watch(every interval: Duration = .seconds(1)) async {
        while !Task.isCancelled {
            refresh()
            try? await Task.sleep(for: interval)
        }
    }

    private static func signature(_ path: String) -> Signature? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        return Signature(seconds: Int(time.tv_sec), nanoseconds: Int(time.tv_nsec), size: Int64(info.st_size), inode: UInt64(info.st_ino))
    }
}
