//! Escaping text from a chart before it enters Markdown (the card) or HTML (the page):
//! displays and codes come from the EHR and are never trusted as markup.

/// Escape `s` for GitHub-flavoured Markdown on one line: every ASCII punctuation
/// character that GFM gives a meaning is backslash-escaped (GFM §2.4 allows escaping any
/// ASCII punctuation), and line breaks become spaces.
pub fn md(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 16);
    // Runs of characters kept as they are are copied whole.
    let mut plain = 0;
    for (i, c) in s.char_indices() {
        let escaped = matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '{'
                | '}'
                | '['
                | ']'
                | '<'
                | '>'
                | '('
                | ')'
                | '#'
                | '+'
                | '!'
                | '|'
                | '~'
                | '&'
        );
        let space = matches!(c, '\r' | '\n' | '\t');
        if !(escaped || space || c.is_control()) {
            continue;
        }
        o.push_str(s.get(plain..i).unwrap_or(""));
        plain = i + c.len_utf8();
        if escaped {
            o.push('\\');
            o.push(c);
        } else if space {
            o.push(' ');
        }
    }
    o.push_str(s.get(plain..).unwrap_or(""));
    o
}

/// Escape `s` for HTML text and double-quoted attribute values.
pub fn html(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c if c.is_control() && c != '\n' => {}
            c => o.push(c),
        }
    }
    o
}

/// Thousandths as a percentage with one decimal, e.g. 1000 -> "100.0%".
pub fn permille(n: i64) -> String {
    format!("{}.{}%", n / 10, (n % 10).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_from_a_chart_is_inert() {
        assert_eq!(
            md("a*b* [x](javascript:1)\n<img>"),
            "a\\*b\\* \\[x\\]\\(javascript:1\\) \\<img\\>"
        );
        assert_eq!(html("<script>\"&'"), "&lt;script&gt;&quot;&amp;&#39;");
        assert_eq!(md("é\u{7}x\t\\y"), "éx \\\\y");
        assert_eq!(md(""), "");
        assert_eq!(md("plain"), "plain");
        assert_eq!(permille(1000), "100.0%");
        assert_eq!(permille(5), "0.5%");
    }

    /// The character-by-character escaping `md` replaced (runs are now copied whole).
    fn md_by_char(s: &str) -> String {
        let mut o = String::new();
        for c in s.chars() {
            match c {
                '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '(' | ')' | '#'
                | '+' | '!' | '|' | '~' | '&' => {
                    o.push('\\');
                    o.push(c);
                }
                '\r' | '\n' | '\t' => o.push(' '),
                c if c.is_control() => {}
                c => o.push(c),
            }
        }
        o
    }

    #[test]
    fn md_escapes_as_it_did_character_by_character() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        assert_eq!(md(&all), md_by_char(&all));
        for c in all.chars() {
            for s in [format!("{c}"), format!("a{c}b"), format!("{c}{c}é")] {
                assert_eq!(md(&s), md_by_char(&s), "{s:?}");
            }
        }
    }
}
