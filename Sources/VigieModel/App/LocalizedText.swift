// Texts an app shows in French and in English (titles, labels,
// descriptions). An app file writes either one text for both languages or
// a mapping `{fr: …, en: …}`; a missing language falls back to the other,
// so a French-only app still reads in English.

import VigieExpressions

/// The languages Vigie's pages speak.
public typealias Language = ValueFormat.Language

/// A text in French and English.
public struct LocalizedText: Sendable, Hashable {
    public var french: String
    public var english: String

    public init(french: String, english: String) {
        self.french = french
        self.english = english
    }

    /// The same text in both languages.
    public init(_ text: String) {
        self.init(french: text, english: text)
    }

    public func text(_ language: Language) -> String {
        language == .french ? french : english
    }
}
