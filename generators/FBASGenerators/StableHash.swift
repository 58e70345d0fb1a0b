/// FNV-1a over UTF-8: a hash that, unlike `Hasher`, is the same in every process, so that
/// derived seeds and keys are reproducible.
func stableHash(_ text: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
        h ^= UInt64(byte)
        h = h &* 0x0000_0100_0000_01B3
    }
    return h
}
