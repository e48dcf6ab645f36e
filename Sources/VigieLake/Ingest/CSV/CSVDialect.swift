// How one CSV file is written: separator, quote, encoding, number and date
// conventions, header. `CSVDialect+Detection.swift` guesses it from the
// first bytes of a file; any part can be fixed by the caller (`Overrides`).

/// The conventions of one CSV file, as business software exports them.
///
/// French exports are typically `;`-separated, Windows-1252, with decimal
/// commas, spaces as thousands separators and dates as dd/MM/yyyy; the
/// defaults of `init()` are that convention in UTF-8.
public struct CSVDialect: Sendable, Hashable, CustomStringConvertible {
    /// How the file's bytes encode text.
    public enum Encoding: String, Sendable, Hashable, CaseIterable {
        /// UTF-8 without a byte order mark.
        case utf8
        /// UTF-8 starting with the byte order mark EF BB BF (skipped by the reader).
        case utf8WithBOM
        /// Windows-1252 (the "ANSI" code page of French Windows, a superset of Latin-1's printable range).
        case windows1252
    }

    /// What groups the digits of large numbers (`1 234 567,89`).
    public enum ThousandsSeparator: String, Sendable, Hashable, CaseIterable {
        /// U+0020.
        case space
        /// U+00A0 NO-BREAK SPACE (byte 0xA0 in Windows-1252), what Excel writes in French.
        case noBreakSpace
        /// U+202F NARROW NO-BREAK SPACE, the CLDR French group separator (not in Windows-1252).
        case narrowNoBreakSpace
        /// `.`, as in German and Italian exports (`1.234,56`).
        case dot
        /// `'`, as in Swiss exports (`1'234.56`).
        case apostrophe
        /// `,`, as in English exports (`1,234.56`); only with a decimal dot.
        case comma

        /// Whether this is one of the three spaces; a parser accepts any of them for any other.
        public var isSpace: Bool { self == .space || self == .noBreakSpace || self == .narrowNoBreakSpace }
    }

    /// The order of day, month and year in dates written with two-digit
    /// leading groups (`15/03/2024`). A date starting with a four-digit year
    /// (`2024-03-15`) is read as year-month-day whatever the order.
    public enum DateOrder: String, Sendable, Hashable, CaseIterable {
        /// dd/MM/yyyy, dd/MM/yy (French, and most of Europe).
        case dayMonthYear
        /// MM/dd/yyyy (United States).
        case monthDayYear
        /// yyyy-MM-dd, yy-MM-dd (ISO 8601 and Sweden).
        case yearMonthDay
    }

    /// The byte between fields: `;`, `,`, tab or `|` in practice.
    public var separator: UInt8
    /// The byte that opens and closes a quoted field (RFC 4180: `"`); doubled inside a quoted field it stands for itself.
    public var quote: UInt8
    /// The text encoding.
    public var encoding: Encoding
    /// The byte between the integer and fraction digits: `,` or `.`.
    public var decimalSeparator: UInt8
    /// What groups thousands, if anything.
    public var thousandsSeparator: ThousandsSeparator?
    /// How dates that do not start with a four-digit year are read.
    public var dateOrder: DateOrder
    /// Whether the first record names the columns.
    public var hasHeader: Bool

    /// A dialect; the defaults are a French export in UTF-8 without thousands separators.
    public init(
        separator: UInt8 = UInt8(ascii: ";"),
        quote: UInt8 = UInt8(ascii: "\""),
        encoding: Encoding = .utf8,
        decimalSeparator: UInt8 = UInt8(ascii: ","),
        thousandsSeparator: ThousandsSeparator? = nil,
        dateOrder: DateOrder = .dayMonthYear,
        hasHeader: Bool = true
    ) {
        self.separator = separator
        self.quote = quote
        self.encoding = encoding
        self.decimalSeparator = decimalSeparator
        self.thousandsSeparator = thousandsSeparator
        self.dateOrder = dateOrder
        self.hasHeader = hasHeader
    }

    /// Parts of a dialect the caller knows better than detection; `nil` leaves a part to detection.
    public struct Overrides: Sendable, Hashable {
        public var separator: UInt8?
        public var quote: UInt8?
        public var encoding: Encoding?
        public var decimalSeparator: UInt8?
        /// `.some(nil)` fixes "no thousands separator"; `nil` leaves it to detection.
        public var thousandsSeparator: ThousandsSeparator??
        public var dateOrder: DateOrder?
        public var hasHeader: Bool?

        public init(
            separator: UInt8? = nil,
            quote: UInt8? = nil,
            encoding: Encoding? = nil,
            decimalSeparator: UInt8? = nil,
            thousandsSeparator: ThousandsSeparator?? = nil,
            dateOrder: DateOrder? = nil,
            hasHeader: Bool? = nil
        ) {
            self.separator = separator
            self.quote = quote
            self.encoding = encoding
            self.decimalSeparator = decimalSeparator
            self.thousandsSeparator = thousandsSeparator
            self.dateOrder = dateOrder
            self.hasHeader = hasHeader
        }

        /// Whether nothing is fixed.
        public var isEmpty: Bool { self == Overrides() }
    }

    /// This dialect with every part that `overrides` fixes replaced.
    public func applying(_ overrides: Overrides) -> CSVDialect {
        var d = self
        if let v = overrides.separator { d.separator = v }
        if let v = overrides.quote { d.quote = v }
        if let v = overrides.encoding { d.encoding = v }
        if let v = overrides.decimalSeparator { d.decimalSeparator = v }
        if let v = overrides.thousandsSeparator { d.thousandsSeparator = v }
        if let v = overrides.dateOrder { d.dateOrder = v }
        if let v = overrides.hasHeader { d.hasHeader = v }
        return d
    }

    /// The bytes a thousands separator takes in this dialect's encoding, or nil when the encoding cannot write it.
    func bytes(of thousands: ThousandsSeparator) -> [UInt8]? {
        switch thousands {
        case .space: return [0x20]
        case .dot: return [UInt8(ascii: ".")]
        case .apostrophe: return [UInt8(ascii: "'")]
        case .comma: return [UInt8(ascii: ",")]
        case .noBreakSpace: return encoding == .windows1252 ? [0xA0] : [0xC2, 0xA0]
        case .narrowNoBreakSpace: return encoding == .windows1252 ? nil : [0xE2, 0x80, 0xAF]
        }
    }

    /// For messages and `vigie ingest`'s summary, e.g. `separator ';', utf8, decimal ',', thousands space, dayMonthYear, header`.
    public var description: String {
        func show(_ b: UInt8) -> String {
            switch b {
            case 0x09: return "tab"
            case 0x20...0x7E: return "'\(Character(Unicode.Scalar(b)))'"
            default: return "0x" + String(b, radix: 16)
            }
        }
        return "separator \(show(separator)), quote \(show(quote)), \(encoding.rawValue), decimal \(show(decimalSeparator)), "
            + "thousands \(thousandsSeparator?.rawValue ?? "none"), \(dateOrder.rawValue), \(hasHeader ? "header" : "no header")"
    }
}
