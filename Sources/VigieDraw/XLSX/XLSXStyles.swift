// The workbook's styles (xl/styles.xml, ECMA-376 part 1, §18.8): two fonts
// (regular, and bold for the header row) and one cell format (`<xf>`) per
// number format code used, in first-use order. A cell's `s` attribute is
// its index in <cellXfs>: 0 is the default, 1 the header; custom number
// formats are numbered from 164, the first id Excel leaves to workbooks.

/// The cell formats a workbook's cells refer to.
struct XLSXStyles {
    static let header = 1
    private static let firstCustomFormat = 164

    /// The number format id of each cell format after the two fixed ones.
    private var formats: [Int] = []
    private var customCodes: [String] = []
    private var styleOfCode: [String: Int] = [:]

    /// The style index of cells shown with `format`.
    mutating func style(_ format: ExcelFormatCode) -> Int {
        if format == .general { return 0 }
        if let style = styleOfCode[format.code] { return style }
        customCodes.append(format.code)
        formats.append(Self.firstCustomFormat + customCodes.count - 1)
        let style = 2 + formats.count - 1
        styleOfCode[format.code] = style
        return style
    }

    /// The styles.xml part.
    func part() -> String {
        var xml = XLSXPart.declaration + "<styleSheet xmlns=\"\(XLSXPart.mainNamespace)\">"
        if !customCodes.isEmpty {
            xml += "<numFmts count=\"\(customCodes.count)\">"
            for (i, code) in customCodes.enumerated() {
                xml += "<numFmt numFmtId=\"\(Self.firstCustomFormat + i)\" formatCode=\"\(XMLText.escaped(code, attribute: true))\"/>"
            }
            xml += "</numFmts>"
        }
        let font = "<sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/>"
        xml += "<fonts count=\"2\"><font>\(font)</font><font><b/>\(font)</font></fonts>"
        xml += "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        xml += "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        xml += "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        xml += "<cellXfs count=\"\(2 + formats.count)\">"
        xml += "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        xml += "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        for id in formats {
            xml += "<xf numFmtId=\"\(id)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        }
        xml += "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        return xml + "</styleSheet>"
    }
}
