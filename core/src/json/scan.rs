//! A pre-parse check of the raw bytes: size, UTF-8, emptiness and nesting depth. The
//! parser below recurses once per nesting level, so the depth bound is what keeps a
//! Cortex-M0's stack safe from `[[[[...]]]]`. serde-json-core has no depth limit of its
//! own, which is why this is written here.

use crate::error::Error;
use crate::limits::{MAX_INPUT_BYTES, MAX_JSON_DEPTH};

pub(crate) fn check(input: &[u8]) -> Result<(), Error> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Error::InputTooLarge);
    }
    if core::str::from_utf8(input).is_err() {
        return Err(Error::InvalidUtf8);
    }
    if input.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::EmptyInput);
    }
    let (mut depth, mut in_str, mut esc) = (0usize, false, false);
    for &b in input {
        if in_str {
            match (esc, b) {
                (true, _) => esc = false,
                (false, b'\\') => esc = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return Err(Error::TooDeep);
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// The findings schema has integers only: a number with a fraction or an exponent is a
/// wrong type. Checked here, before parsing, so that the parser needs no floating point
/// (which would cost a Cortex-M0 about 20 KiB of flash).
pub(crate) fn integers_only(input: &[u8]) -> Result<(), Error> {
    let (mut in_str, mut esc, mut prev) = (false, false, b' ');
    for &b in input {
        if in_str {
            match (esc, b) {
                (true, _) => esc = false,
                (false, b'\\') => esc = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
        } else if b == b'"' {
            in_str = true;
        } else if matches!(b, b'.' | b'e' | b'E') && prev.is_ascii_digit() {
            return Err(Error::WrongType);
        }
        prev = b;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_and_emptiness() {
        assert_eq!(check(b"  \n"), Err(Error::EmptyInput));
        assert_eq!(check(b"{\"a\":\"[[[[[[[[[[[[[[[[[[\"}"), Ok(()));
        let deep = [b'['; 40];
        assert_eq!(check(&deep), Err(Error::TooDeep));
        assert_eq!(check(&[0xff, b'{', b'}']), Err(Error::InvalidUtf8));
        assert_eq!(integers_only(br#"{"a": 1.5}"#), Err(Error::WrongType));
        assert_eq!(integers_only(br#"{"a": 1e3}"#), Err(Error::WrongType));
        assert_eq!(
            integers_only(br#"{"a": "1.5", "b": true, "c": false, "d": 15}"#),
            Ok(())
        );
    }
}
