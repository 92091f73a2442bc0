//! A streaming `;`-separated record reader with the quoting rules of Python's
//! `csv` module (which pabutools uses), working directly on a `&str`.
//!
//! Cells are borrowed from the input unless they had to be unescaped, so
//! reading a 200 MB file allocates little beyond the parsed instance.

use std::borrow::Cow;

/// One record (a logical CSV row, which may span several physical lines when a
/// quoted cell contains a line break).
pub(crate) struct Record<'a> {
    /// 1-based line number where the record starts.
    pub line: usize,
    /// The cells, trimmed of surrounding whitespace.
    pub cells: Vec<Cow<'a, str>>,
    /// The input ended inside a quoted cell.
    pub unterminated_quote: bool,
}

pub(crate) struct Reader<'a> {
    input: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> Reader<'a> {
    pub fn new(input: &'a str) -> Reader<'a> {
        Reader { input, pos: 0, line: 1 }
    }

    /// Bytes consumed so far.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Reads the next record, or `None` at end of input.
    ///
    /// Follows Python's `csv` (default dialect, `delimiter=';'`): a cell is quoted
    /// only if `"` is its very first character; inside quotes `""` is a literal
    /// quote and line breaks are kept; text after a closing quote is appended
    /// as is. `\n`, `\r\n` and a lone `\r` all end a row.
    pub fn next_record(&mut self) -> Option<Record<'a>> {
        let bytes = self.input.as_bytes();
        if self.pos >= bytes.len() {
            return None;
        }
        let start_line = self.line;
        let mut cells: Vec<Cow<'a, str>> = Vec::new();
        let mut unterminated = false;
        loop {
            // Parse one cell starting at self.pos.
            let cell_start = self.pos;
            if bytes.get(self.pos) == Some(&b'"') {
                let mut buf = String::new();
                self.pos += 1;
                let mut seg = self.pos;
                loop {
                    match bytes.get(self.pos) {
                        None => {
                            buf.push_str(&self.input[seg..self.pos]);
                            unterminated = true;
                            break;
                        }
                        Some(b'"') => {
                            buf.push_str(&self.input[seg..self.pos]);
                            if bytes.get(self.pos + 1) == Some(&b'"') {
                                buf.push('"');
                                self.pos += 2;
                                seg = self.pos;
                            } else {
                                self.pos += 1;
                                break;
                            }
                        }
                        Some(b'\n') => {
                            self.line += 1;
                            self.pos += 1;
                        }
                        Some(b'\r') => {
                            if bytes.get(self.pos + 1) != Some(&b'\n') {
                                self.line += 1;
                            }
                            self.pos += 1;
                        }
                        Some(_) => self.pos += 1,
                    }
                }
                // Text after the closing quote up to the delimiter is kept literally.
                let rest_start = self.pos;
                while let Some(&b) = bytes.get(self.pos) {
                    if b == b';' || b == b'\n' || b == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
                buf.push_str(&self.input[rest_start..self.pos]);
                let trimmed = buf.trim();
                cells.push(if trimmed.len() == buf.len() { Cow::Owned(buf) } else { Cow::Owned(trimmed.to_string()) });
            } else {
                while let Some(&b) = bytes.get(self.pos) {
                    if b == b';' || b == b'\n' || b == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
                cells.push(Cow::Borrowed(self.input[cell_start..self.pos].trim()));
            }
            match bytes.get(self.pos) {
                Some(b';') => {
                    self.pos += 1;
                    // A trailing `;` at end of line/input yields a final empty cell, as in Python.
                    if matches!(bytes.get(self.pos), None | Some(b'\n') | Some(b'\r')) {
                        cells.push(Cow::Borrowed(""));
                        self.end_line();
                        break;
                    }
                }
                _ => {
                    self.end_line();
                    break;
                }
            }
        }
        Some(Record { line: start_line, cells, unterminated_quote: unterminated })
    }

    /// Consumes a line terminator (if any) at the current position.
    fn end_line(&mut self) {
        let bytes = self.input.as_bytes();
        match bytes.get(self.pos) {
            Some(b'\r') => {
                self.pos += 1;
                if bytes.get(self.pos) == Some(&b'\n') {
                    self.pos += 1;
                }
                self.line += 1;
            }
            Some(b'\n') => {
                self.pos += 1;
                self.line += 1;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &str) -> Vec<(usize, Vec<String>)> {
        let mut r = Reader::new(s);
        let mut out = Vec::new();
        while let Some(rec) = r.next_record() {
            out.push((rec.line, rec.cells.iter().map(|c| c.to_string()).collect()));
        }
        out
    }

    #[test]
    fn splits_and_trims() {
        assert_eq!(
            all("a; b ;c\r\nd;e\n\nf"),
            vec![
                (1, vec!["a".into(), "b".into(), "c".into()]),
                (2, vec!["d".into(), "e".into()]),
                (3, vec!["".into()]),
                (4, vec!["f".into()]),
            ]
        );
    }

    #[test]
    fn python_quoting() {
        let rows = all("\"a;b\";\"say \"\"hi\"\"\";\"x\"y;z\"q\n\"multi\nline\";2\n3;");
        assert_eq!(rows[0].1, vec!["a;b", "say \"hi\"", "xy", "z\"q"]);
        assert_eq!(rows[1], (2, vec!["multi\nline".to_string(), "2".to_string()]));
        assert_eq!(rows[2], (4, vec!["3".to_string(), "".to_string()]));
    }

    #[test]
    fn lone_cr_and_unterminated_quote() {
        assert_eq!(all("a\rb").len(), 2);
        let mut r = Reader::new("x;\"open");
        let rec = r.next_record().unwrap();
        assert!(rec.unterminated_quote);
        assert_eq!(rec.cells[1], "open");
        assert!(r.next_record().is_none());
    }
}
