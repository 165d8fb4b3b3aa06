//! A pre-parse check of the raw bytes: size, UTF-8, emptiness, JSON syntax (RFC 8259) and
//! nesting depth.
//!
//! Why by hand: serde-json-core reports a syntax error and a schema mismatch through the
//! same error in many places (a bare word where a string is expected is "invalid type"),
//! it skips ignored values without checking them, and it has no depth limit while it
//! recurses once per nesting level. Validating the syntax first gives every runtime the
//! same precise code (malformed, truncated, trailing characters, too deep) and keeps hostile
//! input like `[[[[...]]]]` from exhausting a small device's stack. The validator is an
//! iterative state machine with a fixed-size stack.

use crate::error::Error;
use crate::limits::{MAX_INPUT_BYTES, MAX_JSON_DEPTH};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Container {
    Object,
    Array,
}

/// What the validator expects next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    /// A value (top level, after ':' or after ',' in an array).
    Value,
    /// A value or ']' (just after '[').
    ValueOrClose,
    /// A key or '}' (just after '{').
    KeyOrClose,
    /// A key (after ',' in an object).
    Key,
    /// ':' after a key.
    Colon,
    /// ',' or the closing bracket after a value.
    CommaOrClose,
    /// Nothing but whitespace (the top-level value is complete).
    End,
}

pub(crate) fn check(input: &[u8]) -> Result<(), Error> {
    check_with(input, false).map_err(|(e, _)| e)
}

/// [`check`], and then: the schema has integers only, so a number with a fraction or an
/// exponent is a wrong type (after every syntax error: those are reported first). So the
/// parser needs no floating point, which would cost a Cortex-M0 about 20 KiB of flash.
pub(crate) fn check_integers(input: &[u8]) -> Result<(), Error> {
    check_with(input, true).map_err(|(e, _)| e)
}

/// The error [`check`] (or with `integers`, [`check_integers`]) finds, and the byte offset
/// it stands at (the first byte over the size limit, the first invalid UTF-8 byte, the
/// unexpected character, the end of a truncated input, the first fraction).
pub(crate) fn locate(input: &[u8], integers: bool) -> Option<(Error, usize)> {
    check_with(input, integers).err()
}

fn check_with(input: &[u8], integers: bool) -> Result<(), (Error, usize)> {
    if input.len() > MAX_INPUT_BYTES {
        return Err((Error::InputTooLarge, MAX_INPUT_BYTES));
    }
    // ASCII (the usual input) is valid UTF-8; `is_ascii` tests a word at a time.
    if !input.is_ascii() {
        if let Err(e) = core::str::from_utf8(input) {
            return Err((Error::InvalidUtf8, e.valid_up_to()));
        }
    }
    if input.iter().all(|b| b.is_ascii_whitespace()) {
        return Err((Error::EmptyInput, 0));
    }
    let mut stack = [Container::Object; MAX_JSON_DEPTH];
    let mut depth = 0usize;
    // Where the first number with a fraction or exponent starts (MAX: none yet).
    let mut fraction_at = usize::MAX;
    let mut want = Want::Value;
    let mut i = 0usize;
    while let Some(&b) = input.get(i) {
        if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
            continue;
        }
        if want == Want::End {
            return Err((Error::TrailingCharacters, i));
        }
        let top = depth.checked_sub(1).and_then(|d| stack.get(d)).copied();
        match want {
            Want::Colon => {
                if b != b':' {
                    return Err((Error::MalformedJson, i));
                }
                want = Want::Value;
                i += 1;
            }
            Want::CommaOrClose => {
                match (b, top) {
                    (b',', Some(Container::Object)) => want = Want::Key,
                    (b',', Some(Container::Array)) => want = Want::Value,
                    (b'}', Some(Container::Object)) | (b']', Some(Container::Array)) => {
                        depth -= 1;
                        want = after_value(depth);
                    }
                    _ => return Err((Error::MalformedJson, i)),
                }
                i += 1;
            }
            Want::Key | Want::KeyOrClose => {
                if b == b'}' && want == Want::KeyOrClose {
                    depth -= 1;
                    want = after_value(depth);
                    i += 1;
                } else if b == b'"' {
                    i = string(input, i).map_err(|e| at(e, input, i))?;
                    want = Want::Colon;
                } else {
                    return Err((Error::MalformedJson, i));
                }
            }
            Want::Value | Want::ValueOrClose => {
                if b == b']' && want == Want::ValueOrClose {
                    depth -= 1;
                    want = after_value(depth);
                    i += 1;
                    continue;
                }
                match b {
                    b'{' | b'[' => {
                        let slot = stack.get_mut(depth).ok_or((Error::TooDeep, i))?;
                        *slot = if b == b'{' {
                            Container::Object
                        } else {
                            Container::Array
                        };
                        depth += 1;
                        want = if b == b'{' {
                            Want::KeyOrClose
                        } else {
                            Want::ValueOrClose
                        };
                        i += 1;
                        continue;
                    }
                    b'"' => i = string(input, i).map_err(|e| at(e, input, i))?,
                    b't' => i = literal(input, i, b"true").map_err(|e| at(e, input, i))?,
                    b'f' => i = literal(input, i, b"false").map_err(|e| at(e, input, i))?,
                    b'n' => i = literal(input, i, b"null").map_err(|e| at(e, input, i))?,
                    b'-' | b'0'..=b'9' => {
                        let end = number(input, i).map_err(|e| at(e, input, i))?;
                        if integers
                            && fraction_at == usize::MAX
                            && input
                                .get(i..end)
                                .is_some_and(|n| n.iter().any(|&c| matches!(c, b'.' | b'e' | b'E')))
                        {
                            fraction_at = i;
                        }
                        i = end;
                    }
                    _ => return Err((Error::MalformedJson, i)),
                }
                want = after_value(depth);
            }
            Want::End => return Err((Error::TrailingCharacters, i)),
        }
    }
    match want {
        Want::End if fraction_at != usize::MAX => Err((Error::WrongType, fraction_at)),
        Want::End => Ok(()),
        _ => Err((Error::TruncatedInput, input.len())),
    }
}

/// A token's error at `start`: a truncated token stands at the end of the input, any
/// other error at the token.
fn at(e: Error, input: &[u8], start: usize) -> (Error, usize) {
    (
        e,
        if e == Error::TruncatedInput {
            input.len()
        } else {
            start
        },
    )
}

/// What follows a complete value at nesting `depth`.
fn after_value(depth: usize) -> Want {
    if depth == 0 {
        Want::End
    } else {
        Want::CommaOrClose
    }
}

/// A string starting at `input[i] == '"'`; returns the index after its closing quote.
fn string(input: &[u8], mut i: usize) -> Result<usize, Error> {
    i += 1;
    loop {
        match input.get(i) {
            None => return Err(Error::TruncatedInput),
            Some(b'"') => return Ok(i + 1),
            Some(b'\\') => match input.get(i + 1) {
                None => return Err(Error::TruncatedInput),
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                Some(b'u') => {
                    // A UTF-16 escape: a surrogate must come in a high-low pair (a lone one
                    // is no character, and every JSON reader the bindings use refuses it).
                    let unit = hex4(input, i + 2)?;
                    i += 6;
                    if (0xDC00..0xE000).contains(&unit) {
                        return Err(Error::InvalidUtf8);
                    }
                    if (0xD800..0xDC00).contains(&unit) {
                        match (input.get(i), input.get(i + 1)) {
                            (None, _) | (Some(b'\\'), None) => return Err(Error::TruncatedInput),
                            (Some(b'\\'), Some(b'u')) => {}
                            _ => return Err(Error::InvalidUtf8),
                        }
                        if !(0xDC00..0xE000).contains(&hex4(input, i + 2)?) {
                            return Err(Error::InvalidUtf8);
                        }
                        i += 6;
                    }
                }
                Some(_) => return Err(Error::InvalidUtf8),
            },
            Some(&c) if c < 0x20 => return Err(Error::MalformedJson),
            Some(_) => i += 1,
        }
    }
}

/// The four hex digits of a `\\u` escape at `i`.
fn hex4(input: &[u8], i: usize) -> Result<u16, Error> {
    let mut unit = 0u16;
    for k in 0..4 {
        let digit = match input.get(i + k) {
            None => return Err(Error::TruncatedInput),
            Some(&h) => char::from(h).to_digit(16).ok_or(Error::InvalidUtf8)?,
        };
        unit = (unit << 4) | digit as u16;
    }
    Ok(unit)
}

fn literal(input: &[u8], i: usize, word: &[u8]) -> Result<usize, Error> {
    let end = i + word.len();
    match input.get(i..end) {
        Some(w) if w == word => Ok(end),
        // A prefix of the word that runs to the end of the input is truncated.
        _ if input.len() < end && word.starts_with(input.get(i..).unwrap_or(&[])) => {
            Err(Error::TruncatedInput)
        }
        _ => Err(Error::MalformedJson),
    }
}

/// A number per RFC 8259: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
fn number(input: &[u8], mut i: usize) -> Result<usize, Error> {
    let digits = |input: &[u8], mut i: usize| -> (usize, usize) {
        let start = i;
        while input.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        (i, i - start)
    };
    if input.get(i) == Some(&b'-') {
        i += 1;
    }
    match input.get(i) {
        None => return Err(Error::TruncatedInput),
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i = digits(input, i).0,
        Some(_) => return Err(Error::MalformedJson),
    }
    if input.get(i) == Some(&b'.') {
        let (j, n) = digits(input, i + 1);
        if n == 0 {
            return Err(if j >= input.len() {
                Error::TruncatedInput
            } else {
                Error::MalformedJson
            });
        }
        i = j;
    }
    if matches!(input.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(input.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let (j, n) = digits(input, i);
        if n == 0 {
            return Err(if j >= input.len() {
                Error::TruncatedInput
            } else {
                Error::MalformedJson
            });
        }
        i = j;
    }
    Ok(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax() {
        for ok in [
            &b"{}"[..],
            b" [ ] ",
            b"{\"a\":[1,-2.5e+3,true,false,null,\"x\\u00e9\\n\"],\"b\":{}}",
            b"0",
            b"\"s\"",
        ] {
            assert_eq!(check(ok), Ok(()), "{}", core::str::from_utf8(ok).unwrap());
        }
        let cases: [(&[u8], Error); 17] = [
            (b"  \n", Error::EmptyInput),
            (b"{", Error::TruncatedInput),
            (b"{\"a\": 1", Error::TruncatedInput),
            (b"{\"a\": \"x", Error::TruncatedInput),
            (b"{\"a\": tr", Error::TruncatedInput),
            (b"{\"a\": 1,}", Error::MalformedJson),
            (b"{a: 1}", Error::MalformedJson),
            (b"{\"sex\": female}", Error::MalformedJson),
            (b"nul", Error::TruncatedInput),
            (b"nulx", Error::MalformedJson),
            (b"[1 2]", Error::MalformedJson),
            (b"{} x", Error::TrailingCharacters),
            (b"{}{}", Error::TrailingCharacters),
            (b"01", Error::TrailingCharacters),
            (b"1.", Error::TruncatedInput),
            (b"\"\\x\"", Error::InvalidUtf8),
            (b"[}", Error::MalformedJson),
        ];
        for (input, want) in cases {
            assert_eq!(
                check(input),
                Err(want),
                "{}",
                core::str::from_utf8(input).unwrap()
            );
        }
        assert_eq!(check(&[b'['; 40]), Err(Error::TooDeep));
        assert_eq!(check(&[0xff, b'{', b'}']), Err(Error::InvalidUtf8));
    }

    #[test]
    fn utf16_escapes_pair_their_surrogates() {
        for ok in [
            &br#""\u00e9""#[..],
            br#""\ud83d\ude00""#,
            br#""\uD83D\uDE00x""#,
        ] {
            assert_eq!(check(ok), Ok(()), "{}", core::str::from_utf8(ok).unwrap());
        }
        for (bad, e) in [
            (&br#""\udda9""#[..], Error::InvalidUtf8),
            (br#""\ud83d""#, Error::InvalidUtf8),
            (br#""\ud83dx""#, Error::InvalidUtf8),
            (br#""\ud83d\u0041""#, Error::InvalidUtf8),
            (br#""\ud83d\ud83d""#, Error::InvalidUtf8),
            (br#""\ud83d\n""#, Error::InvalidUtf8),
            (br#""\u12g4""#, Error::InvalidUtf8),
            (br#""\ud83d"#, Error::TruncatedInput),
            (br#""\ud83d\"#, Error::TruncatedInput),
            (br#""\ud83d\ude"#, Error::TruncatedInput),
        ] {
            assert_eq!(check(bad), Err(e), "{}", core::str::from_utf8(bad).unwrap());
        }
    }

    #[test]
    fn integers() {
        assert_eq!(check_integers(br#"{"a": 1.5}"#), Err(Error::WrongType));
        assert_eq!(check_integers(br#"{"a": 1e3}"#), Err(Error::WrongType));
        assert_eq!(check_integers(br#"{"a": -2E-1}"#), Err(Error::WrongType));
        // A syntax error is reported before a fraction.
        assert_eq!(check_integers(br#"{"a": 1.5,}"#), Err(Error::MalformedJson));
        assert_eq!(check(br#"{"a": 1.5}"#), Ok(()));
        assert_eq!(
            check_integers(br#"{"a": "1.5", "b": true, "c": false, "d": 15, "e": "1e3"}"#),
            Ok(())
        );
    }
}
