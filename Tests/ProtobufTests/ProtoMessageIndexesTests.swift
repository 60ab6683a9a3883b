import Protobuf
import Testing

@Suite("Protobuf: message indexes")
struct ProtoMessageIndexesTests {
    static let file = """
        syntax = "proto3";
        package shop.v1;
        enum Currency { EUR = 0; }
        message Order {
          message Line { string sku = 1; }
          map<string, Line> by_sku = 1;
          enum State { NEW = 0; }
          message Address { string city = 1; message Geo { double lat = 1; } }
        }
        service Orders { rpc Get (Order) returns (Order); }
        message Refund { int64 cents = 1; }
        """

    @Test("a path counts messages only, nested types as protoc lists them (map entries included)")
    func paths() throws {
        let file = try ProtoParser.parse(Self.file)
        #expect(ProtoMessageIndexes.of("Order", in: file) == [0])
        #expect(ProtoMessageIndexes.of("shop.v1.Refund", in: file) == [1])
        #expect(ProtoMessageIndexes.of(".shop.v1.Order.Line", in: file) == [0, 0])
        #expect(ProtoMessageIndexes.of("Order.BySkuEntry", in: file) == [0, 1])
        #expect(ProtoMessageIndexes.of("Order.Address.Geo", in: file) == [0, 2, 0])
        #expect(ProtoMessageIndexes.of("Currency", in: file) == nil)
        #expect(ProtoMessageIndexes.of("Order.Missing", in: file) == nil)
        #expect(ProtoMessageIndexes.message(at: [0, 2, 0], in: file)?.name == "Order.Address.Geo")
        #expect(ProtoMessageIndexes.message(at: [2], in: file) == nil)
    }

    @Test("the wire form: zig-zag varints, count first, [0] as the single byte 0", arguments: [
        ([0], [0x00] as [UInt8]),
        ([1], [0x02, 0x02]),
        ([1, 0], [0x04, 0x02, 0x00]),
        ([0, 2, 0], [0x06, 0x00, 0x04, 0x00]),
        ([70], [0x02, 0x8C, 0x01]),
    ])
    func wire(path: [Int], bytes: [UInt8]) {
        #expect(ProtoMessageIndexes.encode(path) == bytes)
        let decoded = ProtoMessageIndexes.decode(bytes + [0xAA])
        #expect(decoded?.path == path && decoded?.length == bytes.count)
    }

    @Test("truncated or impossible index lists are refused", arguments: [
        [] as [UInt8], [0x04, 0x02], [0x80], [0x01], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
    ])
    func malformed(bytes: [UInt8]) {
        #expect(ProtoMessageIndexes.decode(bytes) == nil)
    }
}
