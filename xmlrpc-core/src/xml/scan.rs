//! Finding the next byte that matters in text, eight bytes at a time.
//!
//! Both the fast reader and the writer walk text looking for a handful of
//! bytes (markup, references, controls, the lead byte of U+FFFE and
//! U+FFFF). Most texts in XML-RPC are short (names, numbers, short
//! strings), where memchr's setup costs more than the search, and a table
//! lookup per byte costs more than testing a word.

/// Where the first ASCII control or byte of `also` lies in `bytes`.
///
/// Eight bytes are tested at once, with the word tricks of Sean Anderson's
/// "Bit Twiddling Hacks" (a byte below 0x20; a byte equal to another). For
/// each test the lowest flagged byte is exact, since a borrow only ever
/// flags bytes above a true match, so the lowest flag of them all marks
/// the first byte that matters.
#[inline]
pub(crate) fn first_special<const N: usize>(bytes: &[u8], also: [u8; N]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let mut at = 0;
    while let Some(word) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let w = u64::from_le_bytes(*word);
        let flags = also
            .iter()
            .fold(w.wrapping_sub(ONES * 0x20) & !w & HIGH, |flags, &b| {
                flags | zero(w ^ (ONES * u64::from(b)))
            });
        if flags != 0 {
            return Some(at + (flags.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let tail = bytes.get(at..).unwrap_or_default();
    tail.iter()
        .position(|&b| b < 0x20 || also.contains(&b))
        .map(|i| at + i)
}

/// The bytes that end a run of plain text: controls, `&`, `<`, `>` and the
/// lead byte of U+FFFE and U+FFFF. The writer must escape or check them;
/// the reader stops at them in short texts. A table costs less than the
/// word tricks of [`first_special`] for texts of a few bytes.
pub(crate) static SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b < 0x20 || matches!(b, 0x26 | 0x3C | 0x3E | 0xEF); // & < >
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain definition, one byte at a time.
    fn slow<const N: usize>(bytes: &[u8], also: [u8; N]) -> Option<usize> {
        bytes.iter().position(|&b| b < 0x20 || also.contains(&b))
    }

    #[test]
    fn finds_what_a_plain_search_finds() {
        let also = [b'<', b'&', b'>', 0xEF];
        // Every byte value at every offset of texts up to 20 bytes long,
        // on a background of bytes just beside the ones looked for.
        for background in [b'a', 0x20, b'=', b'?', 0x7F, 0x80, 0xEE, 0xF0, 0xFF] {
            for len in 0..20 {
                for at in 0..len {
                    for b in 0..=u8::MAX {
                        let mut text = vec![background; len];
                        text[at] = b;
                        assert_eq!(first_special(&text, also), slow(&text, also), "{text:?}");
                    }
                }
            }
        }
        // Two targets in one word: the first one counts.
        let text = b"abc&<xyz";
        assert_eq!(first_special(text, also), Some(3));
        let text = "n\u{1}&é😀\u{FFFE}".as_bytes();
        assert_eq!(first_special(text, also), Some(1));
        assert_eq!(first_special(b"", also), None);
    }
}
