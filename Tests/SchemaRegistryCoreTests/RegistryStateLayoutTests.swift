import JSONModel
@testable import SchemaRegistryCore
import Testing

/// The compact in-memory layout behind `RegistryState` (schema tables, their indexes and
/// text arena, the streaming builder) must answer exactly as plain dictionaries would.
@Suite("In-memory state layout")
struct RegistryStateLayoutTests {
    /// A small deterministic generator (SplitMix64), so failures can be replayed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func schema(_ id: Int, _ text: String, references: [SchemaReference] = [], metadata: JSONValue? = nil) -> StoredSchema {
        StoredSchema(context: ".", id: id, schemaType: .avro, text: text, references: references, metadata: metadata, ruleSet: nil)
    }

    @Test("a schema table answers by id and by hash as dictionaries would, through inserts, replacements and removals")
    func tableMatchesDictionaries() {
        var random = Generator(state: 42)
        var table = SchemaTable()
        var byId: [Int: StoredSchema] = [:]
        for step in 0..<6000 {
            // Mostly dense ids, now and then one far beyond the rest (as IMPORT can give).
            let id = Int.random(in: 0..<10, using: &random) == 0 ? Int.random(in: 1_000_000...2_000_000, using: &random) : Int.random(in: 1...1500, using: &random)
            if Int.random(in: 0..<3, using: &random) == 0 {
                table.remove(id: id)
                byId[id] = nil
            } else {
                let text = "{\"type\":\"fixed\",\"name\":\"f\(step)\",\"size\":\(id)}" + String(repeating: " ", count: step % 300)
                let s = Self.schema(id, text, metadata: step % 7 == 0 ? .object(["n": .integer(Int64(step))]) : nil)
                table.insert(s)
                byId[id] = s
            }
        }
        #expect(table.count == byId.count)
        for (id, s) in byId {
            #expect(table.schema(id: id, context: ".") == s)
            #expect(table.id(forHash: s.identityHash) == id)
        }
        #expect(table.schema(id: 999_999_999, context: ".") == nil)
        #expect(table.id(forHash: Self.schema(1, "never stored").identityHash) == nil)
    }

    @Test("equal content under two ids is found under the one added last, and stays found when the other goes")
    func duplicateContent() {
        var table = SchemaTable()
        table.insert(Self.schema(1, "\"int\""))
        table.insert(Self.schema(2, "\"int\""))
        let hash = Self.schema(0, "\"int\"").identityHash
        #expect(table.id(forHash: hash) == 2)
        table.remove(id: 1)
        #expect(table.id(forHash: hash) == 2)
        #expect(table.schema(id: 2, context: ".")?.text == "\"int\"")
    }

    @Test("an id far beyond the others stays out of the dense array and is found once the array grows past it")
    func sparseIds() {
        var index = SchemaIdIndex()
        index.set(0, for: 1 << 40, count: 1)
        index.set(1, for: 9000, count: 2)
        index.set(2, for: -5, count: 3)
        #expect(index.position(of: 1 << 40) == 0)
        #expect(index.position(of: 9000) == 1)
        #expect(index.position(of: -5) == 2)
        // Enough ids for the array to cover 9000: it moves from the dictionary to the array.
        for id in 1...6000 { index.set(id + 2, for: id, count: id + 3) }
        index.set(7000, for: 9500, count: 7000)
        #expect(index.position(of: 9000) == 1)
        #expect(index.position(of: 9500) == 7000)
        #expect(index.position(of: 6000) == 6002)
        index.remove(9000)
        #expect(index.position(of: 9000) == nil)
        #expect(index.position(of: 8999) == nil)
    }

    @Test("copies of a text arena share what was written and never see each other's later texts")
    func arenaCopies() {
        var a = TextArena()
        let first = a.append("shared")
        var b = a
        let fromA = a.append("only in a")
        let fromB = b.append("only in b")
        #expect(a.string(first) == "shared" && b.string(first) == "shared")
        #expect(a.string(fromA) == "only in a")
        #expect(b.string(fromB) == "only in b")
        // A text larger than a chunk gets a chunk of its own.
        let big = String(repeating: "x", count: TextArena.largestChunk + 10)
        let span = a.append(big)
        #expect(a.string(span) == big)
        #expect(a.string(fromA) == "only in a")
    }

    @Test("removing most schemas compacts the texts and keeps the others intact")
    func compaction() {
        var table = SchemaTable()
        for id in 1...400 { table.insert(Self.schema(id, "schema-\(id)-" + String(repeating: "y", count: 1000))) }
        let snapshot = table
        for id in 1...350 { table.remove(id: id) }
        for id in 351...400 {
            #expect(table.schema(id: id, context: ".")?.text == "schema-\(id)-" + String(repeating: "y", count: 1000))
        }
        // The copy taken before still reads every text.
        #expect(snapshot.schema(id: 7, context: ".")?.text == "schema-7-" + String(repeating: "y", count: 1000))
    }

    @Test("versions in any order, split in several runs, build the same state as ordered ones")
    func builderOrder() throws {
        let refs = [SchemaReference(name: "A", subject: "a", version: 1)]
        var ordered = RegistryStoreContents()
        ordered.schemas = [Self.schema(1, "\"int\""), Self.schema(2, "\"long\"", references: refs), Self.schema(3, "\"string\"")]
        let a = QualifiedSubject(parsing: "a")
        let b = QualifiedSubject(parsing: "b")
        ordered.versions = [
            StoredVersion(subject: a, version: 1, schemaId: 1, deleted: false, timestamp: 10),
            StoredVersion(subject: a, version: 2, schemaId: 3, deleted: true, timestamp: 11),
            StoredVersion(subject: b, version: 1, schemaId: 2, deleted: false, timestamp: 12),
            StoredVersion(subject: b, version: 5, schemaId: 3, deleted: false, timestamp: 13),
        ]
        var shuffled = ordered
        shuffled.schemas.reverse()
        shuffled.versions = [ordered.versions[3], ordered.versions[1], ordered.versions[2], ordered.versions[0]]
        let x = RegistryState(contents: ordered)
        let y = RegistryState(contents: shuffled)
        for subject in [a, b] { #expect(x.versions(of: subject) == y.versions(of: subject)) }
        #expect(y.versions(of: b).map(\.version) == [1, 5])
        #expect(y.referrers(of: a, version: 1) == [RegistryState.VersionKey(subject: b, version: 1)])
        // Usage was counted: schema 3 goes only with the last of its two versions.
        var state = y
        for write in state.permanentRemoval([b: [5]]) { state.apply(write, outcome: .done) }
        #expect(state.schema(id: 3, context: ".") != nil)
        for write in state.permanentRemoval([a: [2]]) { state.apply(write, outcome: .done) }
        #expect(state.schema(id: 3, context: ".") == nil)
        #expect(state.schemaId(forHash: Self.schema(0, "\"string\"").identityHash, context: ".") == nil)
    }

    @Test("a builder that leaves content indexing to whoever absorbs it still indexes when built on its own")
    func deferredContentIndex() {
        var part = RegistryStateBuilder(indexingContent: false)
        part.addSchema(Self.schema(1, "\"int\""))
        part.addSchema(Self.schema(2, "\"long\""))
        part.addSchema(Self.schema(3, "\"int\""))
        var alone = part
        let built = alone.build()
        #expect(built.schemaId(forHash: Self.schema(0, "\"int\"").identityHash, context: ".") == 3)
        #expect(built.schemaId(forHash: Self.schema(0, "\"long\"").identityHash, context: ".") == 2)
        // Absorbed as the earlier part: the absorbing builder's equal content wins.
        var later = RegistryStateBuilder()
        later.addSchema(Self.schema(4, "\"long\""))
        later.addSchema(Self.schema(5, "\"string\""))
        later.absorb(earlier: part)
        let merged = later.build()
        #expect(merged.schemaId(forHash: Self.schema(0, "\"int\"").identityHash, context: ".") == 3)
        #expect(merged.schemaId(forHash: Self.schema(0, "\"long\"").identityHash, context: ".") == 4)
        #expect(merged.schemaCount == 5)
        #expect(merged.schema(id: 1, context: ".")?.text == "\"int\"")
    }

    @Test("a loaded schema keeps the identity hash its store gave")
    func storedHashIsKept() {
        var builder = RegistryStateBuilder()
        let text = Array("\"int\"".utf8)
        let given = SchemaHash(high: 1, low: 2)
        text.withUnsafeBufferPointer { bytes in
            builder.addSchema(
                context: ".", id: 1, schemaType: .avro, text: bytes, references: [], metadata: nil, ruleSet: nil, identityHash: given)
        }
        let state = builder.build()
        #expect(state.schema(id: 1, context: ".")?.identityHash == given)
        #expect(state.schema(id: 1, context: ".")?.text == "\"int\"")
        #expect(state.schemaId(forHash: given, context: ".") == 1)
    }
}
