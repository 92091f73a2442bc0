//! The one CSV writer for files people open in spreadsheets (dashboard charts, budget
//! projects and ballots, proposal exports, open data).
//!
//! * RFC 4180: commas, CRLF line ends; a cell with a comma, a quote, a line break or a
//!   space at either end is quoted, and quotes inside it are doubled.
//! * OWASP's rule against CSV injection: a text cell starting with `=`, `+`, `-`, `@`,
//!   a tab or a carriage return gets a leading `'` (and is quoted), so no spreadsheet
//!   runs it as a formula. Numbers are written by [`Row::num`] and left alone, so
//!   `-3` stays a number; text that merely looks like a number is still text.

use std::fmt::Display;

/// Whether a spreadsheet would read text starting like this as a formula.
fn starts_like_a_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// One text cell, escaped.
pub fn text_cell(s: &str) -> String {
    let defused = starts_like_a_formula(s);
    let needs_quotes = defused
        || s.contains([',', '"', '\n', '\r'])
        || s.starts_with(char::is_whitespace)
        || s.ends_with(char::is_whitespace);
    match (defused, needs_quotes) {
        (true, _) => format!("\"'{}\"", s.replace('"', "\"\"")),
        (false, true) => format!("\"{}\"", s.replace('"', "\"\"")),
        (false, false) => s.to_owned(),
    }
}

/// One row under construction: cells are added in order, then the row is ended.
#[derive(Debug, Default)]
pub struct Row {
    cells: Vec<String>,
}

impl Row {
    pub fn new() -> Row {
        Row::default()
    }

    pub fn text(mut self, s: &str) -> Row {
        self.cells.push(text_cell(s));
        self
    }

    /// Text or an empty cell.
    pub fn opt_text(self, s: Option<&str>) -> Row {
        match s {
            Some(s) => self.text(s),
            None => self.empty(),
        }
    }

    /// A number (integers, decimals, negatives): written as it displays.
    pub fn num(mut self, n: impl Display) -> Row {
        self.cells.push(n.to_string());
        self
    }

    /// A number or an empty cell.
    pub fn opt_num<T: Display>(self, n: Option<T>) -> Row {
        match n {
            Some(n) => self.num(n),
            None => self.empty(),
        }
    }

    pub fn empty(mut self) -> Row {
        self.cells.push(String::new());
        self
    }

    /// The row as a line, CRLF included.
    pub fn line(self) -> String {
        let mut line = self.cells.join(",");
        line.push_str("\r\n");
        line
    }
}

/// A header row of plain column names.
pub fn header(names: &[&str]) -> String {
    names.iter().fold(Row::new(), |row, n| row.text(n)).line()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_quoted_when_it_must_be() {
        assert_eq!(text_cell("plain"), "plain");
        assert_eq!(text_cell("a,b"), "\"a,b\"");
        assert_eq!(text_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(text_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(text_cell(" padded"), "\" padded\"");
        assert_eq!(text_cell("公園のベンチ"), "公園のベンチ");
    }

    #[test]
    fn formulas_in_text_are_defused_owasp_style() {
        assert_eq!(text_cell("=SUM(A1:A9)"), "\"'=SUM(A1:A9)\"");
        assert_eq!(text_cell("+1+cmd|' /C calc'!A0"), "\"'+1+cmd|' /C calc'!A0\"");
        assert_eq!(text_cell("-2+3"), "\"'-2+3\"");
        assert_eq!(text_cell("@SUM(1)"), "\"'@SUM(1)\"");
        assert_eq!(text_cell("\t=1"), "\"'\t=1\"");
        assert_eq!(text_cell("\r=1"), "\"'\r=1\"");
        // A quote inside a defused cell cannot close it early.
        assert_eq!(text_cell("=1+2\";=1+2"), "\"'=1+2\"\";=1+2\"");
        // Text that looks like a negative number is text, and defused; numbers are not.
        assert_eq!(text_cell("-5"), "\"'-5\"");
        assert_eq!(Row::new().num(-5).num(2.5).line(), "-5,2.5\r\n");
    }

    #[test]
    fn rows_end_with_crlf_and_keep_empty_cells() {
        let line = Row::new().text("a").opt_text(None).opt_num(Some(3)).opt_num(None::<i64>).line();
        assert_eq!(line, "a,,3,\r\n");
        assert_eq!(header(&["id", "title"]), "id,title\r\n");
    }
}
