// Event-driven (SAX) reading of one XML part of a workbook with Foundation's
// XMLParser (libxml2 underneath), so that no part is ever held as a tree.
//
// What the handlers see: element names without their namespace prefix
// (`x:row` and `row` are the same element; Office writes either), the
// attributes as written (prefixed names such as `r:id` kept), and character
// data including CDATA sections. XMLParser reports a few things loosely,
// which this file makes strict: it may return true after an error, and it
// reports nothing at all for a document shorter than four bytes, so a part
// is accepted only when its root element was opened and closed without any
// error from libxml2. Parts are parsed as they are inflated
// (XLSXPartStream.swift): memory holds a few chunks of a part, never all of it.

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Receives the events of one part; any error it throws stops the parse and is rethrown.
protocol XLSXXMLHandler: AnyObject {
    func start(_ name: Substring, _ attributes: [String: String]) throws
    func end(_ name: Substring) throws
    /// Character data; called only while `wantsText` is true.
    func characters(_ text: String)
    var wantsText: Bool { get }
}

/// Thrown by a handler that has read all it needs: the parse ends without error.
struct XLSXStopReading: Error {}

/// Runs XMLParser over one part and turns its outcome into a LakeError naming the part.
final class XLSXXMLReader: NSObject, XMLParserDelegate {
    private let handler: any XLSXXMLHandler
    private var failure: (any Error)?
    private var depth = 0
    private var rootClosed = false
    private var libxmlError: (code: Int, line: Int, column: Int)?

    private init(handler: any XLSXXMLHandler) {
        self.handler = handler
    }

    /// Parses `part` of `package` into `handler`, streaming: the part is inflated as it is parsed.
    ///
    /// Outcomes, in this order: the stop the handler asked for (no error) or an error that is not
    /// a LakeError (the caller's own, passed through); a damaged part (its inflation failed, so
    /// what the parser saw may be cut short or wrong); the handler's LakeError (a bad cell);
    /// malformed XML; a document that ends early.
    static func parse(_ part: String, of package: XLSXPackage, into handler: any XLSXXMLHandler) throws {
        let reader = XLSXXMLReader(handler: handler)
        let stream = package.stream(part)
        let parser = XMLParser(stream: stream)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        _ = parser.parse()
        stream.close()
        switch reader.failure {
        case let failure? where failure is XLSXStopReading: return
        case let failure? where !(failure is LakeError): throw failure
        default: break
        }
        if let failure = stream.failure { throw failure }
        if let failure = reader.failure { throw failure }
        if let e = reader.libxmlError ?? (parser.parserError as NSError?).map({ ($0.code, parser.lineNumber, parser.columnNumber) }) {
            throw LakeError(.corrupt, "\(part) is not well-formed XML (libxml2 error \(e.code) at line \(e.line), column \(e.column))")
        }
        guard reader.rootClosed else {
            throw LakeError(.corrupt, "\(part) ends before its XML is complete (truncated or empty)")
        }
    }

    private func stop(_ parser: XMLParser, _ error: any Error) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }

    private static func localName(_ name: String) -> Substring {
        if let colon = name.lastIndex(of: ":") { return name[name.index(after: colon)...] }
        return name[...]
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String]) {
        guard failure == nil, libxmlError == nil else { return }
        if rootClosed {
            stop(parser, LakeError(.corrupt, "XML has a second root element <\(elementName)>"))
            return
        }
        depth += 1
        do { try handler.start(Self.localName(elementName), attributeDict) } catch { stop(parser, error) }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard failure == nil, libxmlError == nil, depth > 0 else { return }
        depth -= 1
        if depth == 0 { rootClosed = true }
        do { try handler.end(Self.localName(elementName)) } catch { stop(parser, error) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard failure == nil, libxmlError == nil, handler.wantsText else { return }
        handler.characters(string)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard failure == nil, libxmlError == nil, handler.wantsText else { return }
        handler.characters(String(decoding: CDATABlock, as: UTF8.self))
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        guard libxmlError == nil else { return }
        libxmlError = ((parseError as NSError).code, parser.lineNumber, parser.columnNumber)
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, validationErrorOccurred validationError: any Error) {
        self.parser(parser, parseErrorOccurred: validationError)
    }
}

extension Dictionary where Key == String, Value == String {
    /// The value of the attribute whose name, without its namespace prefix, is `localName`.
    func xlsxAttribute(_ localName: String) -> String? {
        if let value = self[localName] { return value }
        for (key, value) in self where key.hasSuffix(":" + localName) && !key.hasPrefix("xmlns") { return value }
        return nil
    }
}
