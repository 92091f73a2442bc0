//! Resident-written text: stored exactly as entered, rendered escaped, with a small
//! safe subset of formatting: paragraphs (blank lines), line breaks, bulleted lists
//! (`- ` or `* `), numbered lists (`1. `), and links for bare `http(s)://` URLs, which
//! get `rel="nofollow ugc noopener"`.
//!
//! The renderer builds HTML only from escaped text and a fixed set of tags, so nothing
//! a resident types can become markup: safe by construction, no sanitiser needed.

use crate::error::ErrorCode;

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Renders one line: escaped text with bare URLs turned into links.
fn inline(line: &str, out: &mut String) {
    let mut rest = line;
    while let Some(start) = find_url(rest) {
        out.push_str(&escape(&rest[..start]));
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '「' | '」' | '、' | '。'))
            .unwrap_or(tail.len());
        // Trailing punctuation belongs to the sentence, not the link.
        let url = tail[..end].trim_end_matches(['.', ',', ')', ';', ':', '!', '?']);
        let shown = escape(url);
        out.push_str(&format!("<a href=\"{shown}\" rel=\"nofollow ugc noopener\">{shown}</a>"));
        rest = &tail[url.len()..];
    }
    out.push_str(&escape(rest));
}

fn find_url(s: &str) -> Option<usize> {
    let http = s.find("http://");
    let https = s.find("https://");
    let first = match (http, https) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }?;
    // A scheme alone is not a link.
    let after = &s[first..];
    let scheme_len = if after.starts_with("https://") { 8 } else { 7 };
    if after.len() > scheme_len && !after[scheme_len..].starts_with(char::is_whitespace) {
        Some(first)
    } else {
        // Skip this occurrence and look further.
        find_url(&s[first + scheme_len..]).map(|i| i + first + scheme_len)
    }
}

enum Block {
    Paragraph(Vec<String>),
    Bullets(Vec<String>),
    Numbers(Vec<String>),
}

fn bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")).or_else(|| t.strip_prefix("・"))
}

fn numbered(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    t[digits..].strip_prefix(". ").or_else(|| t[digits..].strip_prefix(") "))
}

/// Renders resident text as safe HTML (see the module documentation).
pub fn render(text: &str) -> String {
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut blocks: Vec<Block> = Vec::new();
    for line in normalized.lines() {
        if line.trim().is_empty() {
            blocks.push(Block::Paragraph(Vec::new()));
            continue;
        }
        if let Some(item) = bullet(line) {
            match blocks.last_mut() {
                Some(Block::Bullets(items)) => items.push(item.to_owned()),
                _ => blocks.push(Block::Bullets(vec![item.to_owned()])),
            }
        } else if let Some(item) = numbered(line) {
            match blocks.last_mut() {
                Some(Block::Numbers(items)) => items.push(item.to_owned()),
                _ => blocks.push(Block::Numbers(vec![item.to_owned()])),
            }
        } else {
            match blocks.last_mut() {
                Some(Block::Paragraph(lines)) => lines.push(line.to_owned()),
                _ => blocks.push(Block::Paragraph(vec![line.to_owned()])),
            }
        }
    }
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Paragraph(lines) if lines.is_empty() => {}
            Block::Paragraph(lines) => {
                out.push_str("<p>");
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        out.push_str("<br>");
                    }
                    inline(line, &mut out);
                }
                out.push_str("</p>");
            }
            Block::Bullets(items) | Block::Numbers(items) if items.is_empty() => {}
            Block::Bullets(items) => list("ul", &items, &mut out),
            Block::Numbers(items) => list("ol", &items, &mut out),
        }
    }
    out
}

fn list(tag: &str, items: &[String], out: &mut String) {
    out.push_str(&format!("<{tag}>"));
    for item in items {
        out.push_str("<li>");
        inline(item, out);
        out.push_str("</li>");
    }
    out.push_str(&format!("</{tag}>"));
}

/// A single-line text such as a title: trimmed, inner whitespace collapsed, no control
/// characters, between `min` and `max` characters.
pub fn single_line(raw: &str, min: usize, max: usize) -> Result<String, ErrorCode> {
    let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let count = collapsed.chars().count();
    if count == 0 {
        return Err(ErrorCode::Required);
    }
    if count < min {
        return Err(ErrorCode::TooShort);
    }
    if count > max {
        return Err(ErrorCode::TooLong);
    }
    if collapsed.chars().any(char::is_control) {
        return Err(ErrorCode::InvalidInput);
    }
    Ok(collapsed)
}

/// A multi-line text such as a proposal body: kept as entered (line ends normalised to
/// `\n`, outer blank space trimmed), between `min` and `max` characters.
pub fn multi_line(raw: &str, min: usize, max: usize) -> Result<String, ErrorCode> {
    // Reject megabytes before counting characters one by one.
    if raw.len() > max * 4 + 16 {
        return Err(ErrorCode::TooLong);
    }
    let text = raw.replace("\r\n", "\n").replace('\r', "\n").trim().to_owned();
    let count = text.chars().count();
    if count == 0 {
        return Err(ErrorCode::Required);
    }
    if count < min {
        return Err(ErrorCode::TooShort);
    }
    if count > max {
        return Err(ErrorCode::TooLong);
    }
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(ErrorCode::InvalidInput);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_typed_by_a_resident_is_escaped() {
        let html = render("<script>alert('x')</script> & \"quotes\"");
        assert_eq!(html, "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;</p>");
    }

    #[test]
    fn blank_lines_make_paragraphs_and_single_breaks_stay() {
        assert_eq!(render("one\ntwo\n\nthree"), "<p>one<br>two</p><p>three</p>");
    }

    #[test]
    fn dashes_make_bullets_and_numbers_make_numbered_lists() {
        assert_eq!(
            render("Needs:\n- benches\n- shade\n\n1. first\n2. second"),
            "<p>Needs:</p><ul><li>benches</li><li>shade</li></ul><ol><li>first</li><li>second</li></ol>"
        );
        assert_eq!(render("・ベンチ\n・日陰"), "<ul><li>ベンチ</li><li>日陰</li></ul>");
    }

    #[test]
    fn bare_urls_become_nofollow_links_without_trailing_punctuation() {
        assert_eq!(
            render("See https://city.example/plan?a=1&b=2."),
            "<p>See <a href=\"https://city.example/plan?a=1&amp;b=2\" rel=\"nofollow ugc noopener\">https://city.example/plan?a=1&amp;b=2</a>.</p>"
        );
    }

    #[test]
    fn javascript_urls_are_never_links() {
        let html = render("javascript:alert(1) and https://x.example\"onmouseover=alert(1)");
        assert!(!html.contains("href=\"javascript"));
        assert!(!html.contains("\"onmouseover"), "{html}");
    }

    #[test]
    fn a_scheme_alone_is_not_a_link() {
        assert_eq!(render("http:// nothing"), "<p>http:// nothing</p>");
    }

    #[test]
    fn titles_are_collapsed_and_bounded() {
        assert_eq!(single_line("  Benches   in\tthe park ", 5, 150).unwrap(), "Benches in the park");
        assert_eq!(single_line("   ", 5, 150), Err(ErrorCode::Required));
        assert_eq!(single_line("abc", 5, 150), Err(ErrorCode::TooShort));
        assert_eq!(single_line(&"あ".repeat(151), 5, 150), Err(ErrorCode::TooLong));
    }

    #[test]
    fn a_megabyte_body_is_refused_quickly() {
        let big = "x".repeat(1024 * 1024);
        assert_eq!(multi_line(&big, 15, 10_000), Err(ErrorCode::TooLong));
        assert_eq!(
            multi_line("line one\r\nline two long enough", 15, 10_000).unwrap(),
            "line one\nline two long enough"
        );
    }

    /// Whatever the input, the output contains no tag other than the ones we emit.
    #[test]
    fn rendered_html_only_ever_contains_our_tags() {
        let inputs = [
            "<b>",
            "<<a href=x>>",
            "- <img src=x onerror=y>",
            "1. <iframe>",
            "https://a.example/<x>",
            "&lt;",
            "\u{0}<",
        ];
        for input in inputs {
            let html = render(input);
            let mut rest = html.as_str();
            while let Some(i) = rest.find('<') {
                let tag: String = rest[i + 1..].chars().take_while(|c| *c != '>' && *c != ' ').collect();
                assert!(
                    ["p", "/p", "br", "ul", "/ul", "ol", "/ol", "li", "/li", "a", "/a"].contains(&tag.as_str()),
                    "{input:?} gave {html}"
                );
                rest = &rest[i + 1..];
            }
        }
    }
}
