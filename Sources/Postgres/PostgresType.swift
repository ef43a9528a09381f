/// A PostgreSQL data type, identified by its OID in `pg_type`.
public struct PostgresType: Hashable, Sendable, CustomStringConvertible {
    /// The type's OID; 0 lets the server infer a parameter's type from the statement.
    public let oid: UInt32

    /// Wraps an OID.
    public init(oid: UInt32) { self.oid = oid }

    /// Lets the server infer the type from the statement.
    public static let unspecified = PostgresType(oid: 0)
    /// `boolean`
    public static let bool = PostgresType(oid: 16)
    /// `bytea`
    public static let bytea = PostgresType(oid: 17)
    /// `"char"`, PostgreSQL's one-byte internal type.
    public static let char = PostgresType(oid: 18)
    /// `name`
    public static let name = PostgresType(oid: 19)
    /// `bigint`
    public static let int8 = PostgresType(oid: 20)
    /// `smallint`
    public static let int2 = PostgresType(oid: 21)
    /// `integer`
    public static let int4 = PostgresType(oid: 23)
    /// `text`
    public static let text = PostgresType(oid: 25)
    /// `oid`
    public static let oidType = PostgresType(oid: 26)
    /// `json`
    public static let json = PostgresType(oid: 114)
    /// `real`
    public static let float4 = PostgresType(oid: 700)
    /// `double precision`
    public static let float8 = PostgresType(oid: 701)
    /// `unknown`, the type of an untyped literal.
    public static let unknown = PostgresType(oid: 705)
    /// `character(n)`
    public static let bpchar = PostgresType(oid: 1042)
    /// `character varying`
    public static let varchar = PostgresType(oid: 1043)
    /// `date`
    public static let date = PostgresType(oid: 1082)
    /// `timestamp without time zone`
    public static let timestamp = PostgresType(oid: 1114)
    /// `timestamp with time zone`
    public static let timestamptz = PostgresType(oid: 1184)
    /// `numeric`
    public static let numeric = PostgresType(oid: 1700)
    /// `uuid`
    public static let uuid = PostgresType(oid: 2950)
    /// `jsonb`
    public static let jsonb = PostgresType(oid: 3802)
    /// `xid8`, a 64-bit transaction id.
    public static let xid8 = PostgresType(oid: 5069)
    /// `boolean[]`
    public static let boolArray = PostgresType(oid: 1000)
    /// `bytea[]`
    public static let byteaArray = PostgresType(oid: 1001)
    /// `integer[]`
    public static let int4Array = PostgresType(oid: 1007)
    /// `text[]`
    public static let textArray = PostgresType(oid: 1009)
    /// `bigint[]`
    public static let int8Array = PostgresType(oid: 1016)
    /// `double precision[]`
    public static let float8Array = PostgresType(oid: 1022)
    /// `timestamp with time zone[]`
    public static let timestamptzArray = PostgresType(oid: 1185)
    /// `uuid[]`
    public static let uuidArray = PostgresType(oid: 2951)
    /// `jsonb[]`
    public static let jsonbArray = PostgresType(oid: 3807)

    /// The SQL name for the types this layer knows, the OID for the rest.
    public var description: String {
        switch self {
        case .bool: "boolean"
        case .bytea: "bytea"
        case .char: "\"char\""
        case .name: "name"
        case .int8: "bigint"
        case .int2: "smallint"
        case .int4: "integer"
        case .text: "text"
        case .oidType: "oid"
        case .json: "json"
        case .float4: "real"
        case .float8: "double precision"
        case .unknown: "unknown"
        case .bpchar: "character"
        case .varchar: "character varying"
        case .date: "date"
        case .timestamp: "timestamp"
        case .timestamptz: "timestamp with time zone"
        case .numeric: "numeric"
        case .uuid: "uuid"
        case .jsonb: "jsonb"
        case .xid8: "xid8"
        case .textArray: "text[]"
        case .int8Array: "bigint[]"
        default: "type with oid \(oid)"
        }
    }
}
