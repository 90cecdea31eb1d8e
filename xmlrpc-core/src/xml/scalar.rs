//! Scalar text: reading `<int>`, `<double>`… and writing doubles.

use std::fmt::Write as _;
use std::num::IntErrorKind;

use crate::{DateTime, Value};

/// Appends `bytes` in base64 (standard alphabet, padded) to `out`, with
/// room made for all of it first: growing by doubling would copy (and
/// fault in) a large payload several times over. base64-simd picks its
/// SIMD code (AVX2, SSE4.1, NEON…) at run time, with a portable fallback.
pub(crate) fn base64_encode_into(bytes: &[u8], out: &mut String) {
    out.reserve(base64_simd::STANDARD.encoded_length(bytes.len()));
    base64_simd::STANDARD.encode_append(bytes, out);
}

/// Reads base64 text as peers write it: the standard alphabet, padding
/// optional (some peers drop it), stray trailing bits accepted, and line
/// breaks and spaces anywhere (Python writes 76-column lines): the
/// "forgiving" decoding of the WHATWG Infra standard.
pub(crate) fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    let bytes = text.as_bytes();
    // Text in one run, as most writers send it, is decoded strictly first:
    // that skips the forgiving decoder's pass looking for whitespace. Text
    // broken into lines (Python's 76 columns) shows it in its first line
    // and goes straight to the forgiving decoder; anything the strict
    // decoder refuses goes there too, so what is accepted, and how, is
    // the forgiving decoder's.
    let wrapped = bytes[..bytes.len().min(80)]
        .iter()
        .any(u8::is_ascii_whitespace);
    if !wrapped && let Ok(decoded) = base64_simd::STANDARD.decode_to_vec(bytes) {
        return Ok(decoded);
    }
    base64_simd::forgiving_decode_to_vec(bytes)
        .map_err(|_| "not base64 (the standard alphabet, with optional padding)".to_owned())
}

/// Which scalar an element holds.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Int,
    I1,
    I2,
    I8,
    Bool,
    String,
    Double,
    DateTime,
    Base64,
    Nil,
}

impl Kind {
    /// The kind for a type element's name; `ex:` (or any prefix) is allowed
    /// on Apache's extension types only.
    pub(crate) fn from_tag(tag: &str) -> Option<Self> {
        Some(match tag {
            "int" | "i4" => Self::Int,
            "string" => Self::String,
            "boolean" => Self::Bool,
            "double" => Self::Double,
            "dateTime.iso8601" => Self::DateTime,
            "base64" => Self::Base64,
            "i8" => Self::I8,
            "nil" => Self::Nil,
            "i1" => Self::I1,
            "i2" => Self::I2,
            _ => {
                let (_prefix, local) = tag.split_once(':')?;
                match local {
                    "i1" => Self::I1,
                    "i2" => Self::I2,
                    "i4" | "int" => Self::Int,
                    "i8" => Self::I8,
                    "nil" => Self::Nil,
                    "float" => Self::Double,
                    _ => return None,
                }
            }
        })
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Int => "int",
            Self::I1 => "i1",
            Self::I2 => "i2",
            Self::I8 => "i8",
            Self::Bool => "boolean",
            Self::String => "string",
            Self::Double => "double",
            Self::DateTime => "dateTime.iso8601",
            Self::Base64 => "base64",
            Self::Nil => "nil",
        }
    }

    /// The value for the element's text. `text` is what stood between the
    /// tags, unchanged; whitespace around numbers, booleans and dates is
    /// ignored, whitespace anywhere in base64 too.
    pub(crate) fn parse(self, text: &str) -> Result<Value, String> {
        let trimmed = text.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
        match self {
            Self::String => Ok(Value::String(text.to_owned())),
            Self::Int => int::<i32>(trimmed).map(Value::Int),
            Self::I1 => int::<i8>(trimmed).map(|v| Value::Int(i32::from(v))),
            Self::I2 => int::<i16>(trimmed).map(|v| Value::Int(i32::from(v))),
            Self::I8 => int::<i64>(trimmed).map(Value::I8),
            Self::Bool => match trimmed {
                "0" => Ok(Value::Bool(false)),
                "1" => Ok(Value::Bool(true)),
                _ => Err("a boolean is 0 or 1".to_owned()),
            },
            Self::Double => double(trimmed).map(Value::Double),
            Self::DateTime => DateTime::parse(trimmed)
                .map(Value::DateTime)
                .map_err(|e| e.to_string()),
            Self::Base64 => base64(text).map(Value::Base64),
            Self::Nil if trimmed.is_empty() => Ok(Value::Nil),
            Self::Nil => Err("nil has no content".to_owned()),
        }
    }
}

fn int<T: std::str::FromStr<Err = std::num::ParseIntError>>(text: &str) -> Result<T, String> {
    text.parse::<T>().map_err(|e| match e.kind() {
        IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => "out of range".to_owned(),
        IntErrorKind::Empty => "empty".to_owned(),
        _ => "not a decimal integer".to_owned(),
    })
}

fn double(text: &str) -> Result<f64, String> {
    let bytes = text.as_bytes();
    // Decimal and exponent forms only: Rust's parser also takes `inf` and `NaN`.
    let shape_ok = bytes.iter().any(u8::is_ascii_digit)
        && bytes
            .iter()
            .all(|b| matches!(b, b'0'..=b'9' | b'+' | b'-' | b'.' | b'e' | b'E'));
    if !shape_ok {
        return Err("not a decimal number".to_owned());
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err("out of range".to_owned()),
        Err(_) => Err("not a decimal number".to_owned()),
    }
}

fn base64(text: &str) -> Result<Vec<u8>, String> {
    base64_decode(text)
}

/// Writes a finite double in the specification's plain decimal notation,
/// never with an exponent (xmlrpc-c and others refuse `5e-324`): the
/// shortest digits that read back to the same value, with at least one
/// digit on each side of the point (`0.0001`, `1.5`, `100.0`,
/// `10000000000000000.0`, `0.000…0005`).
pub(crate) fn write_double(out: &mut String, v: f64) {
    if write_short_double(out, v) {
        return;
    }
    // Ryu gives the shortest digits fastest, in plain decimal (`1.5`,
    // `100.0`, `-0.0`) for most values and with an exponent (`1e-7`) for
    // very small and very large ones.
    let mut ryu = ryu::Buffer::new();
    let short = ryu.format_finite(v);
    if !short.contains('e') {
        out.push_str(short);
        return;
    }
    // For those, Rust's `Display` gives the same shortest digits in plain
    // decimal, but for the point: whole numbers come without one (`1e16`
    // is `10000000000000000`).
    let start = out.len();
    let _ = write!(out, "{v}");
    if !out.as_bytes()[start..].contains(&b'.') {
        out.push_str(".0");
    }
}

/// 10^0 to 10^15, each an exact double: the scale of plain decimals, read
/// by the fast reader and written by [`write_double`].
pub(crate) const POWERS_OF_TEN: [f64; 16] = [
    1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// Writes `v` if a few decimal places hold it exactly as read back
/// (prices, measures: most doubles people send), which takes a multiply,
/// a division and integer formatting where Ryu's search takes several
/// times more. Returns `false`, writing nothing, for any other value.
///
/// For `k` places, `n = round(v·10^k)` is the only candidate: while
/// `|v|·10^k < 2^52` an ulp of `v` is less than `10^-k`, so at most one
/// `k`-place decimal reads back as `v`, and it is within half an ulp of
/// it, so the product rounds to it. The division `n / 10^k` is exact
/// arithmetic rounded once, as reading the digits back is, so it equals
/// `v` exactly when the digits read back as `v`. Trying `k` upwards, the
/// first that works has the fewest digits: Ryu's shortest, with no tie
/// between two candidates to break.
fn write_short_double(out: &mut String, v: f64) -> bool {
    /// 2^52: below it, in units of 10^-k, an ulp of `v` is below one.
    const LIMIT: f64 = 4_503_599_627_370_496.0;

    if v == 0.0 {
        // The sign of zero is Ryu's to keep.
        return false;
    }
    // Up to six places: past those, Ryu's search is cheaper than trying on.
    for (places, power) in POWERS_OF_TEN[..7].iter().copied().enumerate() {
        // `round` is a library call on x86-64 without SSE4.1. Adding a
        // half and truncating gives the same candidate wherever one can
        // work (below 2^52 the sum is exact, except for scaled values
        // under a half, which no candidate fits), and the check below
        // rejects any other. A NaN or infinity gives 0 or `u64::MAX`,
        // which fail the check or the limit, as `round`'s did.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n = ((v * power).abs() + 0.5) as u64;
        #[allow(clippy::cast_precision_loss)]
        let scaled = n as f64;
        if scaled >= LIMIT {
            return false;
        }
        if scaled / power != v.abs() {
            continue;
        }
        let mut digits = itoa::Buffer::new();
        let digits = digits.format(n);
        if v < 0.0 {
            out.push('-');
        }
        match digits.len().checked_sub(places) {
            Some(0) | None => {
                out.push_str("0.");
                for _ in digits.len()..places {
                    out.push('0');
                }
                out.push_str(digits);
            }
            Some(whole) => {
                out.push_str(&digits[..whole]);
                out.push('.');
                out.push_str(if places == 0 { "0" } else { &digits[whole..] });
            }
        }
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repr(v: f64) -> String {
        let mut s = String::new();
        write_double(&mut s, v);
        s
    }

    #[test]
    fn doubles_are_written_in_plain_decimal_with_the_shortest_digits() {
        let cases = [
            (0.0, "0.0".to_owned()),
            (-0.0, "-0.0".to_owned()),
            (1.5, "1.5".to_owned()),
            (100.0, "100.0".to_owned()),
            (0.1, "0.1".to_owned()),
            (0.0001, "0.0001".to_owned()),
            (0.00001, "0.00001".to_owned()),
            (1e-7, "0.0000001".to_owned()),
            (123_456_789_012_345.6, "123456789012345.6".to_owned()),
            (1e15, "1000000000000000.0".to_owned()),
            (1e16, "10000000000000000.0".to_owned()),
            (1.5e300, format!("15{}.0", "0".repeat(299))),
            (5e-324, format!("0.{}5", "0".repeat(323))),
            (-2.5e-10, "-0.00000000025".to_owned()),
            (f64::MAX, format!("17976931348623157{}.0", "0".repeat(292))),
        ];
        for (v, text) in cases {
            assert_eq!(repr(v), text);
            assert!(!text.contains(['e', 'E']));
            assert_eq!(double(&text).map(f64::to_bits), Ok(v.to_bits()));
        }
    }

    #[test]
    fn every_double_is_written_plain_shortest_and_exact() {
        // Rust's `Display` also writes the shortest round-trip digits in
        // plain decimal. Whichever of its two paths the writer takes, it
        // must write as few digits, with no exponent, and read back to the
        // same double. (The digits may differ on an exact tie:
        // 1658206780088562.25 is written `…562.2` by Ryu and by Python,
        // `…562.3` by Rust's `Display`.)
        let mut bits: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..50_000 {
            bits ^= bits << 13;
            bits ^= bits >> 7;
            bits ^= bits << 17;
            let v = f64::from_bits(bits);
            if !v.is_finite() {
                continue;
            }
            let mut shown = format!("{v}");
            if !shown.contains('.') {
                shown.push_str(".0");
            }
            let written = repr(v);
            assert_eq!(
                written.len(),
                shown.len(),
                "{v:e}: {written} against {shown}"
            );
            assert!(!written.contains(['e', 'E']), "{written}");
            assert_eq!(
                double(&written).map(f64::to_bits),
                Ok(v.to_bits()),
                "{written}"
            );
        }
    }

    #[test]
    fn short_decimals_are_written_as_ryu_writes_them() {
        // Ryu's digits against the short way, for decimals with up to seven places and values
        // around them, both signs, and the edges of the range.
        let mut written_short = 0;
        let mut check = |v: f64| {
            let mut short = String::new();
            if write_short_double(&mut short, v) {
                written_short += 1;
                let mut ryu = ryu::Buffer::new();
                let ryu = ryu.format_finite(v);
                // Ryu's exponent forms are written by `Display`, as
                // `write_double` does when this way gives up.
                if ryu.contains('e') {
                    assert_eq!(short, format!("{v}"), "{v:e}");
                } else {
                    assert_eq!(short, ryu, "{v:e}");
                }
            }
        };
        for places in 0..8 {
            let power = 10f64.powi(places);
            for n in
                (0u64..20_000).chain([999_999_999, 4_503_599_627_370_495, 9_007_199_254_740_993])
            {
                #[allow(clippy::cast_precision_loss)]
                let v = n as f64 / power;
                for v in [
                    v,
                    -v,
                    f64::from_bits(v.to_bits() + 1),
                    f64::from_bits(v.to_bits().saturating_sub(1)),
                ] {
                    check(v);
                }
            }
        }
        for v in [
            0.1 + 0.2,
            1_658_206_780_088_562.2,
            4503599627370495.5,
            1e-7,
            1e15,
            0.5e-6,
        ] {
            check(v);
        }
        assert!(written_short > 100_000, "{written_short}");
        let mut out = String::new();
        assert!(!write_short_double(&mut out, 0.0) && !write_short_double(&mut out, -0.0));
        assert!(!write_short_double(&mut out, 0.1 + 0.2) && out.is_empty());
    }

    #[test]
    fn doubles_are_read_in_every_form_peers_send() {
        for (text, v) in [
            ("42", 42.0),
            (".5", 0.5),
            ("1.", 1.0),
            ("+1.5", 1.5),
            ("1.0e+300", 1e300),
            ("0.10000000000000000555", 0.1),
            ("2.000000", 2.0),
        ] {
            assert_eq!(double(text), Ok(v), "{text}");
        }
        let long = format!("1{}.0", "0".repeat(300));
        assert_eq!(double(&long), Ok(1e300));
        for bad in [
            "", "inf", "NaN", "infinity", "1e400", "-1e400", "1,5", "0x10", "e5", ".",
        ] {
            assert!(double(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn integers_are_range_checked_never_wrapped() {
        assert_eq!(Kind::Int.parse(" +007 "), Ok(Value::Int(7)));
        assert_eq!(Kind::Int.parse("-2147483648"), Ok(Value::Int(i32::MIN)));
        assert!(Kind::Int.parse("2147483648").is_err());
        assert_eq!(Kind::I1.parse("-128"), Ok(Value::Int(-128)));
        assert!(Kind::I1.parse("128").is_err());
        assert!(Kind::I2.parse("40000").is_err());
        assert_eq!(
            Kind::I8.parse("9223372036854775807"),
            Ok(Value::I8(i64::MAX))
        );
        assert!(Kind::I8.parse("9223372036854775808").is_err());
        for bad in ["", "1.0", "0x1", "1 2", "--1", "١"] {
            assert!(Kind::Int.parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn base64_ignores_whitespace_anywhere() {
        assert_eq!(Kind::Base64.parse(""), Ok(Value::Base64(vec![])));
        assert_eq!(
            Kind::Base64.parse("\n aGVs\r\nbG8=\t"),
            Ok(Value::Base64(b"hello".to_vec()))
        );
        assert_eq!(
            Kind::Base64.parse("aGVsbG8"),
            Ok(Value::Base64(b"hello".to_vec()))
        );
        assert!(Kind::Base64.parse("aGVs*bG8=").is_err());
    }

    #[test]
    fn base64_reads_as_the_forgiving_decoder_whichever_way_it_goes() {
        let data: Vec<u8> = (0..=255_u8).cycle().step_by(7).take(300).collect();
        let mut one_run = String::new();
        base64_encode_into(&data, &mut one_run);
        let long = one_run.len();
        let cases = [
            one_run.clone(),
            // Whitespace only after the first 80 bytes: the strict decoder
            // refuses it, the forgiving one reads it.
            format!("{}\n{}", &one_run[..100], &one_run[100..]),
            format!("{one_run}\n"),
            one_run.trim_end_matches('=').to_owned(),
            // Stray bits in the last character: `QR==` is not canonical.
            "QR==".to_owned(),
            format!("{}*", &one_run[..long - 1]),
            format!("{}=", &one_run[..long - 1]),
        ];
        for text in cases {
            let forgiving = base64_simd::forgiving_decode_to_vec(text.as_bytes()).ok();
            assert_eq!(base64_decode(&text).ok(), forgiving, "{text:?}");
        }
        assert_eq!(base64_decode(&one_run), Ok(data));
    }
}
