/// Whether a table could evolve from its current columns to proposed ones, by its table
/// format's schema evolution rules: the answer to a compatibility check against a Unity
/// Catalog table.
///
/// - Iceberg: columns are tracked by field id, so renames and drops are metadata changes;
///   types may only widen (`int -> long`, `float -> double`, a decimal's precision up with its
///   scale kept); new columns must be optional; a required column may become optional, never
///   the reverse.
/// - Delta: renames and drops need column mapping (`delta.columnMapping.mode` `name` or `id`);
///   type changes need type widening (`delta.enableTypeWidening`), which also allows
///   `byte -> short -> int -> long`, integers to `double`, `date -> timestamp_ntz` and decimals
///   whose precision and scale both grow. Other formats (Parquet, CSV tables) follow Delta's
///   rules without either feature.
public struct TableEvolutionChecker: Hashable, Sendable {
    /// The rules of one table format.
    public enum Rules: Hashable, Sendable, CustomStringConvertible {
        case iceberg
        case delta(columnMapping: Bool, typeWidening: Bool)

        /// The rules for a Unity Catalog table's `data_source_format` and `properties`.
        public init(dataSourceFormat: String?, properties: [String: String]) {
            if dataSourceFormat?.uppercased() == "ICEBERG" || properties["table_type"]?.uppercased() == "ICEBERG" {
                self = .iceberg
            } else {
                let mapping = properties["delta.columnMapping.mode"]?.lowercased()
                self = .delta(
                    columnMapping: mapping == "name" || mapping == "id",
                    typeWidening: properties["delta.enableTypeWidening"]?.lowercased() == "true")
            }
        }

        public var description: String {
            switch self {
            case .iceberg: return "iceberg schema evolution"
            case .delta(let mapping, let widening):
                return "delta schema evolution (column mapping \(mapping ? "on" : "off"), type widening \(widening ? "on" : "off"))"
            }
        }

        var tracksColumnsByID: Bool {
            switch self {
            case .iceberg: return true
            case .delta(let mapping, _): return mapping
            }
        }
    }

    public var rules: Rules

    /// Creates a checker for `rules`.
    public init(rules: Rules) {
        self.rules = rules
    }

    /// Why the table cannot take `proposed`; empty when it can.
    public func problems(current: [TableColumn], proposed: [TableColumn]) -> [String] {
        var problems: [String] = []
        compare(current: current, proposed: proposed, path: "", into: &problems)
        return problems
    }

    func compare(current: [TableColumn], proposed: [TableColumn], path: String, into problems: inout [String]) {
        var matched: Set<Int> = []
        for column in proposed {
            let name = path + column.name
            let index =
                column.fieldID.flatMap { id in current.firstIndex { $0.fieldID == id } }
                ?? current.firstIndex { $0.name == column.name }
                ?? current.firstIndex { $0.name.lowercased() == column.name.lowercased() }
            guard let index, !matched.contains(index) else {
                if !column.nullable {
                    problems.append("new column \(name) is required: a table can only add optional (nullable) columns, since existing rows have no value for it")
                }
                continue
            }
            matched.insert(index)
            let old = current[index]
            if old.name != column.name && old.name.lowercased() != column.name.lowercased() && !rules.tracksColumnsByID {
                problems.append("renaming column \(path + old.name) to \(column.name) needs Delta column mapping (delta.columnMapping.mode = name)")
            }
            if old.nullable && !column.nullable {
                problems.append("column \(name) cannot become required: existing rows may hold null")
            }
            compareTypes(old.type, column.type, at: name, into: &problems)
        }
        for (index, old) in current.enumerated() where !matched.contains(index) && !rules.tracksColumnsByID {
            problems.append("dropping column \(path + old.name) needs Delta column mapping (delta.columnMapping.mode = name)")
        }
    }

    func compareTypes(_ old: TableColumnType, _ new: TableColumnType, at name: String, into problems: inout [String]) {
        switch (old, new) {
        case (.structure(let oldFields), .structure(let newFields)):
            compare(current: oldFields, proposed: newFields, path: name + ".", into: &problems)
        case (.array(let oldElement, let oldNulls), .array(let newElement, let newNulls)):
            if oldNulls && !newNulls { problems.append("elements of \(name) cannot become required: existing lists may hold null") }
            compareTypes(oldElement, newElement, at: name + ".element", into: &problems)
        case (.map(let oldKey, let oldValue, let oldNulls), .map(let newKey, let newValue, let newNulls)):
            if oldKey != newKey {
                if case .iceberg = rules {
                    problems.append("the keys of map \(name) cannot change type from \(oldKey) to \(newKey): iceberg never updates map keys")
                } else {
                    compareTypes(oldKey, newKey, at: name + ".key", into: &problems)
                }
            }
            if oldNulls && !newNulls { problems.append("values of \(name) cannot become required: existing maps may hold null") }
            compareTypes(oldValue, newValue, at: name + ".value", into: &problems)
        default:
            if old != new && !widens(from: old, to: new) {
                problems.append("column \(name) cannot change type from \(old) to \(new) (\(allowedChanges))")
            }
        }
    }

    /// Whether `old -> new` is a type promotion the format allows.
    func widens(from old: TableColumnType, to new: TableColumnType) -> Bool {
        let integerRank: (TableColumnType) -> Int? = {
            switch $0 {
            case .byte: return 1
            case .short: return 2
            case .int: return 3
            case .long: return 4
            default: return nil
            }
        }
        switch rules {
        case .iceberg:
            // Iceberg has one 32-bit integer type, which Spark's byte and short are stored as.
            if let from = integerRank(old), let to = integerRank(new) { return from <= to || (from < 3 && to == 3) }
            if case .float = old, case .double = new { return true }
            if case .decimal(let p1, let s1) = old, case .decimal(let p2, let s2) = new { return s1 == s2 && p2 >= p1 }
            return false
        case .delta(_, let typeWidening):
            guard typeWidening else { return false }
            if let from = integerRank(old), let to = integerRank(new) { return from <= to }
            if integerRank(old).map({ $0 <= 3 }) == true, case .double = new { return true }
            if case .float = old, case .double = new { return true }
            if case .date = old, case .timestampNTZ = new { return true }
            if case .decimal(let p1, let s1) = old, case .decimal(let p2, let s2) = new { return s2 >= s1 && p2 - s2 >= p1 - s1 }
            return false
        }
    }

    var allowedChanges: String {
        switch rules {
        case .iceberg: return "iceberg allows int -> long, float -> double and a larger decimal precision with the same scale"
        case .delta(_, true):
            return "delta type widening allows byte -> short -> int -> long, integers -> double, float -> double, date -> timestamp_ntz and larger decimals"
        case .delta(_, false): return "type changes on a delta table need type widening (delta.enableTypeWidening = true)"
        }
    }
}
