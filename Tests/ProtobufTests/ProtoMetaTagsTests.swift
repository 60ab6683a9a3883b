@testable import Protobuf
import Testing

/// Confluent's inline tags in `(confluent.*_meta)` options.
@Suite("Protobuf: inline tags")
struct ProtoMetaTagsTests {
    @Test("statements of one option merge into one aggregate, repeated values without duplicates")
    func merging() throws {
        let file = try ProtoParser.parse(
            """
            syntax = "proto3";
            import "confluent/meta.proto";
            message M {
              string a = 1 [(confluent.field_meta).tags = "X", (confluent.field_meta) = { tags: ["X", "Y"], doc: "d" }];
            }
            """)
        #expect(ProtoMetaTags.entities(in: file) == [ProtoMetaTags.Entity(path: "M.a", isMessage: false, tags: ["X", "Y"])])
    }

    @Test("merged options come in Java HashMap order: by bucket of the spread hash, then insertion")
    func hashMapOrder() {
        // Buckets of 16: "deprecated" 7, "confluent.field_meta" 2, "confluent.message_meta" 10.
        let keys = ["deprecated", "confluent.message_meta", "confluent.field_meta"]
        #expect(ProtoMetaTags.javaHashMapOrder(keys.map { ($0, 0) }).map(\.key) == ["confluent.field_meta", "deprecated", "confluent.message_meta"])
        // Thirteen keys make the table grow to 32 buckets, as Java's does past 12.
        let many = (0..<13).map { "k\($0)" }
        let ordered = ProtoMetaTags.javaHashMapOrder(many.map { ($0, 0) }).map(\.key)
        // "k0".."k9" hash to 3365...3374 (buckets 5...14 of 32), "k10", "k11", "k12" to
        // 104394...104396, spread to buckets 11, 10 and 13, after the earlier keys there.
        #expect(ordered == ["k0", "k1", "k2", "k3", "k4", "k5", "k11", "k6", "k10", "k7", "k8", "k12", "k9"])
    }

    @Test("removing the last tag drops the meta option; an unknown path names what is missing")
    func removing() throws {
        let file = try ProtoParser.parse(
            """
            syntax = "proto3";
            import "confluent/meta.proto";
            message M { option (confluent.message_meta) = { tags: ["T"] }; string a = 1; }
            """)
        let edited = try ProtoMetaTags.applying([ProtoMetaTags.Edit(path: "M", isMessage: true, add: [], remove: ["T"])], to: file)
        #expect(edited.messages[0].options.isEmpty)
        #expect(throws: ProtoMetaTags.NotFound.self) {
            try ProtoMetaTags.applying([ProtoMetaTags.Edit(path: "N.a", isMessage: false, add: ["X"], remove: [])], to: file)
        }
    }
}
