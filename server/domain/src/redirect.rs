//! Where a form or sign-in may send the browser next: only a path on this site.

/// `next` if it is a path on this site (`/account`, `/a?b=c`), else `None`.
///
/// Refused: other sites (`//host`, `https://…`), backslashes (browsers read `/\host`
/// as `//host`), and any control character or whitespace: browsers drop tabs and
/// newlines from URLs, so `/<TAB>/host` would become `//host`.
pub fn local_path(next: &str) -> Option<&str> {
    let next = next.trim_matches(' ');
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(|c| c.is_control() || c.is_whitespace());
    (local && next.len() <= 512).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_paths_on_this_site_are_accepted() {
        assert_eq!(local_path("/account"), Some("/account"));
        assert_eq!(local_path("/a?b=c#d"), Some("/a?b=c#d"));
        assert_eq!(local_path(" /account "), Some("/account"));
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\nX: y",
            "/a b",
            "/\u{3000}/evil.example",
            "/\u{7f}",
            "account",
            "",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
        assert_eq!(local_path(&format!("/{}", "a".repeat(600))), None);
    }
}
