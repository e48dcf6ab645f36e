// Writing HTML by hand, safely: every text and attribute from data or from
// a user goes through `escape`, so no value can open a tag or a script.
// HTML5 takes XML's escapes, so VigieDraw's XML escaping serves both.

import VigieDraw

enum HTML {
    /// `text` with &, <, >, " and ' escaped, for element content and double-quoted attributes alike.
    static func escape(_ text: String) -> String { XMLText.escaped(text, attribute: true) }
}
