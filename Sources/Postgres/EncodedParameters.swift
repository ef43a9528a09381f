/// Statement parameters laid out for `PQexecParams`: one buffer, with offsets, lengths, types and formats.
struct EncodedParameters: Sendable {
    var types: [UInt32] = []
    var formats: [Int32] = []
    var lengths: [Int32] = []
    var offsets: [Int] = []  // -1 for NULL
    var buffer: [UInt8] = []

    static let empty = try! EncodedParameters([])

    init(_ parameters: [(any PostgresEncodable)?]) throws {
        types.reserveCapacity(parameters.count)
        for (position, parameter) in parameters.enumerated() {
            let binding = parameter?.postgresBinding ?? .null
            types.append(binding.type.oid)
            formats.append(binding.format.rawValue)
            guard let bytes = binding.bytes else {
                lengths.append(0)
                offsets.append(-1)
                continue
            }
            if binding.format == .text && bytes.contains(0) {
                throw PostgresError.invalidParameter(
                    index: position + 1, reason: "text holds a NUL character, which PostgreSQL cannot store")
            }
            guard let length = Int32(exactly: bytes.count) else {
                throw PostgresError.invalidParameter(index: position + 1, reason: "larger than 2 GiB")
            }
            lengths.append(length)
            offsets.append(buffer.count)
            buffer.append(contentsOf: bytes)
            buffer.append(0)  // text parameters are read as C strings
        }
    }

    var count: Int { types.count }

    /// Calls `body` with a C pointer to each parameter's bytes (nil for NULL), valid only during the call.
    func withValuePointers<T>(_ body: ([UnsafePointer<CChar>?]) -> T) -> T {
        buffer.withUnsafeBufferPointer { buffer in
            body(
                offsets.map { offset in
                    guard offset >= 0, let base = buffer.baseAddress else { return nil }
                    return UnsafeRawPointer(base + offset).assumingMemoryBound(to: CChar.self)
                })
        }
    }
}
