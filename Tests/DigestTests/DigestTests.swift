import Digest
import Testing

@Suite("Digests")
struct DigestTests {
    @Test(
        "SHA-256 matches the FIPS 180-4 examples",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ])
    func sha256(_ input: String, _ expected: String) {
        #expect(hexString(SHA256.hash(Array(input.utf8))) == expected)
    }

    @Test(
        "MD5 matches the RFC 1321 test suite",
        arguments: [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            (
                "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
                "57edf4a22be3c955ac49da2e2107b67a"
            ),
        ])
    func md5(_ input: String, _ expected: String) {
        #expect(hexString(MD5.hash(Array(input.utf8))) == expected)
    }

    @Test("a million 'a's hash across many blocks")
    func longInput() {
        let input = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(hexString(SHA256.hash(input)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("input split at any point, contiguous or not, hashes the same as in one piece")
    func splitInput() {
        let input = Array((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let whole = (SHA256.hash(input), MD5.hash(input))
        for cut in [0, 1, 55, 56, 63, 64, 65, 127, 128, 200, 300] {
            var sha = SHA256()
            var md5 = MD5()
            sha.update(input[..<cut])
            md5.update(input[..<cut])
            // The rest as a lazily mapped sequence: no contiguous storage, byte by byte.
            sha.update(input[cut...].lazy.map { $0 })
            md5.update(input[cut...].lazy.map { $0 })
            #expect(sha.finalize() == whole.0)
            #expect(md5.finalize() == whole.1)
        }
    }

    @Test("SHA256Words holds the digest's bytes as four big-endian words, and round-trips them")
    func words() {
        let abc = SHA256Words(hashing: Array("abc".utf8))
        // SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad
        #expect(abc.words.0 == 0xba78_16bf_8f01_cfea)
        #expect(abc.words.3 == 0xb410_ff61_f200_15ad)
        var bytes: [UInt8] = []
        abc.append(to: &bytes)
        #expect(bytes.count == 32)
        #expect(abc ^ abc == SHA256Words(hashing: []) ^ SHA256Words(hashing: []))
        #expect(abc != SHA256Words(hashing: Array("abd".utf8)))
        var encoded: [UInt8] = []
        encoded.appendLengthPrefixed("ab")
        #expect(encoded == [2, 0, 0, 0, 0, 0, 0, 0, 0x61, 0x62])
    }
}
