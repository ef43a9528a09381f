/// The one rule for text people send: no control characters but tab and line breaks, within a length, and
/// leading and trailing white space trimmed from every field, the story's own words included (the body's
/// paragraphs keep the white space inside them). A value echoed in a refusal is cut short.
public enum TextRule {
    /// Why `text`, the value of `field`, cannot be taken, or nil when it can.
    public static func problem(_ text: String, field: String, maxLength: Int) -> String? {
        if text.unicodeScalars.contains(where: isForbidden) {
            return "\(field) holds a control character (such as U+0000); only tab and line breaks are allowed"
        }
        if text.count > maxLength { return "\(field) is longer than \(maxLength) characters" }
        return nil
    }

    /// Whether a scalar is a control character other than tab, line feed and carriage return.
    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.properties.generalCategory == .control else { return false }
        return !["\t", "\n", "\r"].contains(scalar)
    }

    /// `text` without leading and trailing white space.
    public static func trimmed(_ text: String) -> String {
        String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    /// At most the first 40 characters of `value`, for a refusal that names it.
    public static func echo(_ value: String) -> String {
        value.count > 40 ? String(value.prefix(40)) + "…" : value
    }
}
