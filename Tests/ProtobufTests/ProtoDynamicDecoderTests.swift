import Protobuf
import SwiftProtobuf
import Testing

/// Messages read without generated code, against bytes swift-protobuf's generated types write.
@Suite("Protobuf: dynamic messages")
struct ProtoDynamicDecoderTests {
    @Test("google.protobuf.Struct: a map of messages, a oneof, an enum, a nested repeated field")
    func structValue() throws {
        var list = Google_Protobuf_ListValue()
        list.values = [Google_Protobuf_Value(boolValue: true), Google_Protobuf_Value(numberValue: -2)]
        var value = Google_Protobuf_Struct()
        value.fields = ["a": Google_Protobuf_Value(numberValue: 1.5), "c": Google_Protobuf_Value(nilLiteral: ()), "d": Google_Protobuf_Value(listValue: list)]
        let file = try #require(ProtoWellKnownFiles.file("google/protobuf/struct.proto"))
        let message = try ProtoDynamicDecoder(file: file).decode(try value.serializedBytes() as [UInt8], messageAt: [0])
        #expect(message.typeName == "google.protobuf.Struct")
        guard case .map(let entries)? = message["fields"] else { Issue.record("\(message)"); return }
        var byKey: [String: ProtoDynamicValue] = [:]
        for entry in entries { if case .string(let key) = entry.key { byKey[key] = entry.value } }
        #expect(byKey["a"] == .message(ProtoDynamicMessage(typeName: "google.protobuf.Value", fields: [("number_value", .double(1.5))])))
        #expect(byKey["c"] == .message(ProtoDynamicMessage(typeName: "google.protobuf.Value", fields: [("null_value", .enumValue(name: "NULL_VALUE", number: 0))])))
        guard case .message(let d)? = byKey["d"], case .message(let listValue)? = d["list_value"], case .list(let items)? = listValue["values"] else {
            Issue.record("\(String(describing: byKey["d"]))")
            return
        }
        #expect(items.count == 2)
    }

    @Test("packed numbers, zig-zag, fixed widths, and fields the schema does not declare kept by number")
    func numbers() throws {
        let file = try ProtoParser.parse(
            """
            syntax = "proto3";
            message M { repeated int32 a = 1; sint64 b = 2; fixed32 c = 3; sfixed64 d = 4; float e = 5; uint64 f = 6; }
            """)
        // a: packed [1, -1]; b: -3 zig-zag; c: 7; d: -9; e: 0.5; f: 2^63; field 9: varint 5.
        var bytes: [UInt8] = [0x0A, 11, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]
        bytes += [0x10, 0x05, 0x1D, 7, 0, 0, 0, 0x21] + withUnsafeBytes(of: Int64(-9).littleEndian, Array.init)
        bytes += [0x2D] + withUnsafeBytes(of: Float(0.5).bitPattern.littleEndian, Array.init)
        bytes += [0x30, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x48, 0x05]
        let message = try ProtoDynamicDecoder(file: file).decode(bytes, messageAt: [0])
        #expect(message["a"] == .list([.int(1), .int(-1)]))
        #expect(message["b"] == .int(-3))
        #expect(message["c"] == .uint(7))
        #expect(message["d"] == .int(-9))
        #expect(message["e"] == .float(0.5))
        #expect(message["f"] == .uint(1 << 63))
        #expect(message["#9"] == .list([.unknown(wireType: 0, bytes: [0x05])]))
        #expect(throws: ProtoDynamicDecodingError.self) { try ProtoDynamicDecoder(file: file).decode([0x0A, 5, 1], messageAt: [0]) }
    }

    @Test("proto2 groups, declared and unknown")
    func groups() throws {
        let file = try ProtoParser.parse(
            """
            syntax = "proto2";
            message M { repeated group Result = 1 { optional string url = 2; } optional int32 after = 3; }
            """)
        // Result { url: "a" }, then an unknown group 7 holding a varint, then after = 5.
        let bytes: [UInt8] = [0x0B, 0x12, 0x01, 0x61, 0x0C, 0x3B, 0x08, 0x01, 0x3C, 0x18, 0x05]
        let message = try ProtoDynamicDecoder(file: file).decode(bytes, messageAt: [0])
        #expect(message["result"] == .list([.message(ProtoDynamicMessage(typeName: "M.Result", fields: [("url", .string("a"))]))]))
        #expect(message["#7"] == .list([.unknown(wireType: 3, bytes: [0x08, 0x01, 0x3C])]))
        #expect(message["after"] == .int(5))
        #expect(throws: ProtoDynamicDecodingError.self) { try ProtoDynamicDecoder(file: file).decode([0x0B, 0x12, 0x01, 0x61], messageAt: [0]) }
    }
}
