/// Text made safe to stand in XML or HTML, as content or as a quoted attribute's value.
public enum MarkupText {
    /// `text` with `&`, `<`, `>`, `"` and `'` written as references.
    public static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
