//! JSON string literals escaped exactly as `serde_json` escapes them, sixteen or eight bytes at
//! a time. The compliance report is as large as the input and almost all of it is config text
//! with a newline every few dozen bytes; serde_json looks every byte up in a table, this flags
//! the bytes that need escaping a block at a time and copies clean runs whole.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// True when some byte of `w` is a control character, `"` or `\`. Exact: the bit tricks
/// (`(x - 0x01..) & !x & 0x80..` has a high bit set iff some byte of `x` is zero, and the
/// same with `0x20` iff some byte is below `0x20`) only give false answers for positions
/// after the first hit, never for whether there is one.
#[inline]
fn needs_escape(w: u64) -> bool {
    let below_space = w.wrapping_sub(ONES * 0x20) & !w;
    let quote = (w ^ (ONES * b'"' as u64)).wrapping_sub(ONES) & !(w ^ (ONES * b'"' as u64));
    let backslash = (w ^ (ONES * b'\\' as u64)).wrapping_sub(ONES) & !(w ^ (ONES * b'\\' as u64));
    (below_space | quote | backslash) & HIGHS != 0
}

/// The escape of one byte, if it needs one.
#[inline]
fn escape(b: u8) -> Option<&'static [u8]> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    static CONTROL: [[u8; 6]; 32] = {
        let mut t = [[0u8; 6]; 32];
        let mut i = 0;
        while i < 32 {
            t[i] = [b'\\', b'u', b'0', b'0', HEX[i >> 4], HEX[i & 15]];
            i += 1;
        }
        t
    };
    Some(match b {
        b'"' => b"\\\"",
        b'\\' => b"\\\\",
        b'\n' => b"\\n",
        b'\r' => b"\\r",
        b'\t' => b"\\t",
        0x08 => b"\\b",
        0x0C => b"\\f",
        0..=0x1F => &CONTROL[b as usize],
        _ => return None,
    })
}

/// Appends `text` as a JSON string literal, quotes included.
pub fn string(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + bytes.len() / 16 + 2);
    out.push(b'"');
    let (mut clean, mut i) = (0, 0);
    #[cfg(target_arch = "x86_64")]
    while i + 16 <= bytes.len() {
        let mut flagged = escapes_in_block(bytes, i);
        while flagged != 0 {
            let j = i + flagged.trailing_zeros() as usize;
            if let Some(e) = escape(bytes[j]) {
                out.extend_from_slice(&bytes[clean..j]);
                out.extend_from_slice(e);
                clean = j + 1;
            }
            flagged &= flagged - 1;
        }
        i += 16;
    }
    while i < bytes.len() {
        if let Some(word) = bytes.get(i..i + 8) {
            let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            if !needs_escape(w) {
                i += 8;
                continue;
            }
        }
        let end = (i + 8).min(bytes.len());
        while i < end {
            if let Some(e) = escape(bytes[i]) {
                out.extend_from_slice(&bytes[clean..i]);
                out.extend_from_slice(e);
                clean = i + 1;
            }
            i += 1;
        }
    }
    out.extend_from_slice(&bytes[clean..]);
    out.push(b'"');
}

/// A bit per byte of `bytes[i..i + 16]` that needs escaping (a control character, `"` or
/// `\`), sixteen bytes at a time with SSE2, which every x86-64 has: a config line is a few
/// dozen bytes, so most blocks hold one newline or none.
#[cfg(target_arch = "x86_64")]
#[inline]
fn escapes_in_block(bytes: &[u8], i: usize) -> u32 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    assert!(i + 16 <= bytes.len());
    // SAFETY: SSE2 is part of the x86-64 baseline, and the unaligned load reads
    // `bytes[i..i + 16]`, inside the slice (checked above).
    unsafe {
        let v = _mm_loadu_si128(bytes.as_ptr().add(i).cast::<__m128i>());
        let limit = _mm_set1_epi8(0x1f);
        // Unsigned `v <= 0x1f`: the larger of the two is 0x1f only for control bytes.
        let control = _mm_cmpeq_epi8(_mm_max_epu8(v, limit), limit);
        let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        _mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash))) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(s: &str) -> String {
        let mut out = Vec::new();
        string(&mut out, s);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_byte_and_position_escapes_as_serde_json_does() {
        let all: String = (0u8..128).map(char::from).collect();
        assert_eq!(ours(&all), serde_json::to_string(&all).unwrap());
        // Each special byte at every offset of a word, among clean and non-ASCII text.
        for special in ['"', '\\', '\n', '\u{1}', '\u{1f}', '\u{7f}', 'é', ' '] {
            // Past two sixteen-byte blocks, so the block path and the word tail both see it.
            for pad in 0..40 {
                let s = format!("{}{special}{}", "a".repeat(pad), "z\u{e9}".repeat(pad % 5));
                assert_eq!(ours(&s), serde_json::to_string(&s).unwrap(), "{s:?}");
            }
        }
        assert_eq!(ours(""), "\"\"");
        let config = "interface Gi1\n description \"uplink\" \\ \t\u{0}\nntp server 1\n";
        assert_eq!(ours(config), serde_json::to_string(config).unwrap());
    }
}
