import Mustache

/// Turns a view (structs, arrays, optionals) into dictionaries and arrays once, before rendering.
///
/// swift-mustache looks up every `{{name}}` on a struct by building a `Mirror` and scanning its
/// children; on an article page that reflection was about 70% of the time of an uncached
/// request. Dictionaries are looked up directly. Semantics stay the same: a nil optional
/// becomes a missing key, which Mustache treats exactly as it treats a nil property.
enum MustacheFlatten {
    static func value(_ value: Any) -> Any? {
        switch value {
        case is String, is Substring, is Int, is Double, is Bool, is MustacheLambda:
            return value
        case let dictionary as [String: Any]:
            return dictionary.compactMapValues { Self.value($0) }
        default:
            break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let wrapped = mirror.children.first else { return nil }
            return Self.value(wrapped.value)
        case .collection, .set:
            return mirror.children.compactMap { Self.value($0.value) }
        case .struct, .class:
            var fields: [String: Any] = [:]
            for child in mirror.children {
                if let label = child.label, let v = Self.value(child.value) { fields[label] = v }
            }
            return fields
        default:
            return value
        }
    }
}
