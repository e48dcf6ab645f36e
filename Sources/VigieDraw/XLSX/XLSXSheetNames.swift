// Sheet names Excel accepts: 1 to 31 characters (UTF-16 code units, as
// Excel counts them), none of `[ ] : * ? / \`, not starting or ending with
// an apostrophe, not the reserved "History", and unique in the workbook
// without regard to case ("Ventes" and "VENTES" clash).

import Foundation

enum XLSXSheetNames {
    static let maximumLength = 31

    /// Valid, unique names for `names`, in order: forbidden characters become spaces, long names are cut,
    /// an empty name becomes "Sheet N", and a name already taken gets " (2)", " (3)"… within the 31 characters.
    static func sanitised(_ names: [String]) -> [String] {
        var taken: Set<String> = []
        var result: [String] = []
        for (index, name) in names.enumerated() {
            var base = String(name.unicodeScalars.map { c -> Character in
                "[]:*?/\\".unicodeScalars.contains(c) || !XMLText.isAllowed(c) || c.value < 0x20 ? " " : Character(c)
            })
            base = base.trimmingApostrophes()
            if base.trimmingCharacters(in: .whitespaces).isEmpty { base = "Sheet \(index + 1)" }
            if base.lowercased() == "history" { base += " 1" }
            var candidate = base.cut(to: maximumLength).trimmingApostrophes()
            var suffix = 2
            while taken.contains(candidate.lowercased()) {
                let tail = " (\(suffix))"
                candidate = base.cut(to: maximumLength - tail.utf16.count).trimmingApostrophes() + tail
                suffix += 1
            }
            taken.insert(candidate.lowercased())
            result.append(candidate)
        }
        return result
    }
}

extension String {
    /// The longest prefix of whole characters that fits in `units` UTF-16 code units.
    func cut(to units: Int) -> String {
        guard utf16.count > units else { return self }
        var out = ""
        var used = 0
        for character in self {
            let width = character.utf16.count
            if used + width > units { break }
            out.append(character)
            used += width
        }
        return out
    }

    fileprivate func trimmingApostrophes() -> String {
        var s = Substring(self)
        while s.first == "'" { s.removeFirst() }
        while s.last == "'" { s.removeLast() }
        return String(s)
    }
}
