/// The one spelling of a number the C2SP formats accept (sizes, indexes, levels, widths): ASCII digits, without
/// a leading zero unless the number is zero, within 64 bits.
public enum CanonicalDecimal {
    /// The number `text` spells, or nil when it is not that one spelling of a number that fits.
    public static func value(of text: some StringProtocol) -> UInt64? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), text == "0" || !text.hasPrefix("0")
        else { return nil }
        return UInt64(text)
    }
}
