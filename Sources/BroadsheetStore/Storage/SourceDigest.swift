import Crypto

/// The fixity digest of an original input: SHA-256 of its bytes (the UTF-8 of the text kept
/// byte for byte), lowercase hex, as `source.sha256` holds it (schema v4).
///
/// Computed from the text as it arrived, before packing, so a damaged packed value, a wrong
/// inflate or a bug in packing all show as a mismatch when `verify` computes it again.
enum SourceDigest {
    static func sha256(_ text: String) -> String {
        hex(SHA256.hash(data: Array(text.utf8)))
    }

    static func sha256(bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// Lowercase hex, as every digest of the archive is written (sources, media, tokens).
    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
