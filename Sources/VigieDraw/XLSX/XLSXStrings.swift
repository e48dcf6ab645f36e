// The shared string table (xl/sharedStrings.xml, ECMA-376 part 1, §18.4):
// every text cell holds an index into it, each distinct text stored once.
// Cells are never written as inline strings or formulas, so a text such as
// `=HYPERLINK(…)` or `+33 6…` stays text in Excel (no formula injection).
//
// A cell holds at most 32,767 characters (UTF-16 code units) in Excel;
// longer texts are cut there, the last kept character replaced by `…` so
// the cut shows. Excel and its readers decode `_xHHHH_` in texts as the
// character HHHH (§22.4.2.4), so a text that contains such a sequence
// literally gets its underscore written as `_x005F_`.

/// The distinct texts of a workbook in first-use order, and how many cells refer to them.
struct XLSXSharedStrings {
    static let maximumCellLength = 32_767

    private(set) var texts: [String] = []
    private var indices: [String: Int] = [:]
    private(set) var references = 0

    /// The index of `text` (as the cell will hold it: cut to Excel's limit), adding it when new.
    mutating func index(_ text: String) -> Int {
        references += 1
        let kept = Self.cellText(text)
        if let index = indices[kept] { return index }
        indices[kept] = texts.count
        texts.append(kept)
        return texts.count - 1
    }

    /// `text` as a cell can hold it: without the characters XML forbids, cut to 32,767 UTF-16 code units.
    static func cellText(_ text: String) -> String {
        var kept = String(String.UnicodeScalarView(text.unicodeScalars.filter(XMLText.isAllowed)))
        if kept.utf16.count > maximumCellLength {
            kept = kept.cut(to: maximumCellLength - 1) + "…"
        }
        return kept
    }

    /// The sharedStrings.xml part.
    func part() -> String {
        var xml = XLSXPart.declaration + "<sst xmlns=\"\(XLSXPart.mainNamespace)\" count=\"\(references)\" uniqueCount=\"\(texts.count)\">"
        for text in texts {
            xml += "<si><t xml:space=\"preserve\">" + XMLText.escaped(Self.escapingEscapes(text)) + "</t></si>"
        }
        return xml + "</sst>"
    }

    /// `text` with the underscore of each literal `_xHHHH_` written as `_x005F_`, so readers decode it back to itself.
    static func escapingEscapes(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        let u = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        for i in u.indices {
            if u[i] == "_", i + 6 < u.count, u[i + 1] == "x", u[i + 6] == "_",
               u[(i + 2)..<(i + 6)].allSatisfy({ $0.properties.isASCIIHexDigit }) {
                out.append(contentsOf: "_x005F".unicodeScalars)
            }
            out.append(u[i])
        }
        return String(out)
    }
}
