import Foundation

extension DecodingError {
    /// The error's case and the key it failed at, the same whichever decoder raised it: the two decoders word
    /// their messages differently, and the tests hold them to the same case and key.
    public var refusal: String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch self {
        case .typeMismatch(_, let context): return "type mismatch at \(path(context))"
        case .valueNotFound(_, let context): return "no value at \(path(context))"
        case .keyNotFound(let key, _): return "no key \(key.stringValue)"
        case .dataCorrupted(let context): return "corrupted at \(path(context))"
        @unknown default: return "\(self)"
        }
    }
}
