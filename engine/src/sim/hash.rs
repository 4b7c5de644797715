//! A platform-stable hasher for the event-log fingerprint. `std`'s `Hash` feeds `usize`
//! lengths, which are 4 bytes on wasm32 and 8 natively; this hasher widens them to u64 so the
//! same events hash the same in the browser and on the command line.

use std::hash::Hasher;

#[derive(Clone, Debug)]
pub struct StableHasher {
    state: u64,
}

impl Default for StableHasher {
    fn default() -> Self {
        Self { state: 0xcbf2_9ce4_8422_2325 }
    }
}

impl StableHasher {
    pub fn with_state(state: u64) -> Self {
        Self { state }
    }

    fn mix(&mut self, word: u64) {
        // A multiply-xorshift round per 8-byte word: fast and well spread.
        self.state = (self.state ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.state ^= self.state >> 29;
    }
}

impl Hasher for StableHasher {
    fn finish(&self) -> u64 {
        self.state
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            // chunks_exact(8) hands out 8 bytes exactly: the copy cannot fail.
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        self.mix(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 56));
    }

    fn write_u8(&mut self, i: u8) {
        self.mix(i as u64);
    }
    fn write_u16(&mut self, i: u16) {
        self.mix(i as u64);
    }
    fn write_u32(&mut self, i: u32) {
        self.mix(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.mix(i);
    }
    fn write_u128(&mut self, i: u128) {
        self.mix(i as u64);
        self.mix((i >> 64) as u64);
    }
    fn write_usize(&mut self, i: usize) {
        self.mix(i as u64);
    }
    fn write_i64(&mut self, i: i64) {
        self.mix(i as u64);
    }
    fn write_isize(&mut self, i: isize) {
        self.mix(i as i64 as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    #[test]
    fn pinned_value() {
        let mut h = StableHasher::default();
        ("shardId-000000000000", 42u64, vec![1u8, 2, 3]).hash(&mut h);
        assert_eq!(h.finish(), PINNED);
    }
    const PINNED: u64 = 2_660_409_890_468_129_506;
}
