//! Text for the terminal: escaped so a workbook's text cannot move the cursor or reverse what
//! follows, and clipped so one cell cannot flood a line. Used by every layer that prints.

/// At most `max` characters of `s`, with "…" when cut: text from a workbook can be 100,000
/// characters long, and a line of a table should not be.
pub fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", s.get(..at).unwrap_or(s)),
        None => s.to_string(),
    }
}

/// Escapes control and bidirectional-override characters so text from a file cannot move the
/// cursor, clear the screen or reverse what follows on a terminal. New lines are kept.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}');
        if (c.is_control() && c != '\n') || bidi {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// [`escape`] for text shown on one line (a problem, a file name in a list): a new line in it is
/// written `\n`, so a file named with a line break cannot start a line of its own.
pub fn escape_line(s: &str) -> String {
    escape(s).replace('\n', "\\n").replace('\r', "\\r")
}
