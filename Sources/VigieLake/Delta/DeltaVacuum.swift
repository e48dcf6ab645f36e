// Vacuum: deleting data files the table no longer needs. A file is kept
// while the current version uses it, or while a version still inside the
// retention period used it (its remove is more recent than the cutoff), so
// time travel within the retention keeps working. Files no commit ever
// referenced (left by a writer that died before committing) go once they
// are older than the retention, as do stale temporary commit files.

import Foundation

extension DeltaTable {
    /// Deletes unreferenced files older than `retentionHours`; returns their paths relative to the table.
    /// With `dryRun`, only lists them.
    @discardableResult
    public func vacuum(retentionHours: Double = 168, dryRun: Bool = false, now: Date = Date()) throws(LakeError) -> [String] {
        guard retentionHours >= 0 else { throw LakeError(.invalidArgument, "the retention must not be negative") }
        let snapshot = try snapshot()
        let cutoff = Int64((now.timeIntervalSince1970 - retentionHours * 3600) * 1000)
        var keep = Set(snapshot.files.map(\.path))
        for tombstone in snapshot.tombstones where (tombstone.deletionTimestamp ?? Int64.max) >= cutoff {
            keep.insert(tombstone.path)
        }
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: path) else { throw LakeError(.io, "cannot list \(path)") }
        var deleted: [String] = []
        while let relative = walker.nextObject() as? String {
            let full = path + "/" + relative
            let name = (relative as NSString).lastPathComponent
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: full, isDirectory: &isDirectory) else { continue }
            if relative == "_delta_log" || relative.hasPrefix("_delta_log/") {
                // Only stale temporary commit files are Vacuum's business in the log.
                guard name.hasPrefix(".tmp-"), olderThan(full, cutoff) else { continue }
            } else {
                if isDirectory.boolValue { continue }
                // Hidden and underscore-prefixed files are not data (as in Spark and delta-rs).
                if name.hasPrefix(".") || name.hasPrefix("_") || keep.contains(relative) { continue }
                guard olderThan(full, cutoff) else { continue }
            }
            if !dryRun {
                do { try fm.removeItem(atPath: full) } catch { throw LakeError(.io, "cannot delete \(full): \(error.localizedDescription)") }
            }
            deleted.append(relative)
        }
        return deleted.sorted()
    }

    private func olderThan(_ file: String, _ cutoff: Int64) -> Bool {
        guard let modified = (try? FileManager.default.attributesOfItem(atPath: file))?[.modificationDate] as? Date else { return false }
        return Int64(modified.timeIntervalSince1970 * 1000) < cutoff
    }
}
