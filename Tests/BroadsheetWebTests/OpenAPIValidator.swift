import Foundation

/// A JSON value, decoded strictly (a boolean never reads as a number).
indirect enum JSONValue: Decodable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    var string: String? { if case .string(let s) = self { return s }; return nil }
}

/// Checks JSON responses against the response schemas of an OpenAPI 3.1 document: the subset
/// of JSON Schema the Broadsheet document uses (`$ref`, `type`, `properties`, `required`,
/// `additionalProperties`, `items`, `enum`, `pattern`, `minItems`/`maxItems`, `minimum`/`maximum`).
struct OpenAPIValidator {
    let document: JSONValue

    /// The path template (`/api/v1/papers/{paper}`) matching a concrete path, if any.
    func template(for path: String) -> String? {
        guard case .object(let paths)? = document["paths"] else { return nil }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        // Prefer templates with more literal segments, as routers do.
        let candidates = paths.keys.sorted { $0.filter { $0 == "{" }.count < $1.filter { $0 == "{" }.count }
        return candidates.first { t in
            let tparts = t.split(separator: "/", omittingEmptySubsequences: false)
            return tparts.count == parts.count && zip(tparts, parts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }

    func responseSchema(template: String, status: Int, method: String = "get") -> JSONValue? {
        document["paths"]?[template]?[method]?["responses"]?[String(status)]?["content"]?["application/json"]?["schema"]
    }

    /// Every way `value` breaks `schema`, with a JSON path each; empty when it conforms.
    func errors(_ value: JSONValue, _ schema: JSONValue, at path: String = "$") -> [String] {
        if let ref = schema["$ref"]?.string {
            guard let target = resolve(ref) else { return ["\(path): unresolvable \(ref)"] }
            return errors(value, target, at: path)
        }
        var found: [String] = []
        if let type = schema["type"] {
            let allowed: [String]
            switch type {
            case .string(let t): allowed = [t]
            case .array(let ts): allowed = ts.compactMap(\.string)
            default: allowed = []
            }
            if !allowed.contains(where: { matches(value, type: $0) }) {
                return ["\(path): expected \(allowed.joined(separator: "|")), got \(kind(value))"]
            }
        }
        if case .array(let options)? = schema["enum"], !options.contains(value) {
            found.append("\(path): \(value) not in enum")
        }
        if let pattern = schema["pattern"]?.string, case .string(let s) = value,
           s.range(of: pattern, options: .regularExpression) == nil {
            found.append("\(path): “\(s)” does not match \(pattern)")
        }
        if case .number(let n) = value {
            if case .number(let min)? = schema["minimum"], n < min { found.append("\(path): \(n) < \(min)") }
            if case .number(let max)? = schema["maximum"], n > max { found.append("\(path): \(n) > \(max)") }
        }
        if case .array(let items) = value {
            if case .number(let min)? = schema["minItems"], Double(items.count) < min { found.append("\(path): fewer than \(min) items") }
            if case .number(let max)? = schema["maxItems"], Double(items.count) > max { found.append("\(path): more than \(max) items") }
            if let itemSchema = schema["items"] {
                for (i, item) in items.enumerated() { found += errors(item, itemSchema, at: "\(path)[\(i)]") }
            }
        }
        if case .object(let object) = value {
            let properties: [String: JSONValue]
            if case .object(let p)? = schema["properties"] { properties = p } else { properties = [:] }
            if case .array(let required)? = schema["required"] {
                for name in required.compactMap(\.string) where object[name] == nil {
                    found.append("\(path): missing required “\(name)”")
                }
            }
            for (name, member) in object {
                if let p = properties[name] {
                    found += errors(member, p, at: "\(path).\(name)")
                } else if let extra = schema["additionalProperties"] {
                    if extra == .bool(false) { found.append("\(path): undocumented property “\(name)”") }
                    else if case .object = extra { found += errors(member, extra, at: "\(path).\(name)") }
                }
            }
        }
        return found
    }

    private func resolve(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#/") else { return nil }
        return ref.dropFirst(2).split(separator: "/").reduce(Optional(document)) { $0?[String($1)] }
    }

    private func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array), ("object", .object): return true
        case ("integer", .number(let n)): return n.rounded() == n
        default: return false
        }
    }

    private func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
