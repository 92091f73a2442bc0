//! Search terms that work for Japanese and English alike, so similarity and search
//! can be computed by the database on both backends without language-specific
//! dictionaries.
//!
//! Text is normalised (full-width ASCII to half-width, lower case), then split into
//! words of Latin letters and digits, and runs of other letters (kana, kanji, …). Words
//! are kept whole; runs without spaces (Japanese) become overlapping character bigrams
//! ("道路補修" → "道路 路補 補修"), the usual way to match Japanese without a
//! morphological analyser. The database indexes these terms as plain words
//! (PostgreSQL `to_tsvector('simple', …)`, SQLite FTS5).

/// Full-width ASCII (Ａ-ｚ, ０-９, …) to ASCII, ideographic space to space, lower case.
fn normalize(c: char) -> char {
    let folded = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    folded.to_lowercase().next().unwrap_or(folded)
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (c.is_alphabetic() && (c as u32) < 0x2E80)
}

fn is_cjk(c: char) -> bool {
    c.is_alphanumeric() && (c as u32) >= 0x2E80
}

/// The search terms of a text, in order, without duplicates; at most `limit` terms.
pub fn terms(text: &str, limit: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let push = |t: String, out: &mut Vec<String>| {
        if !t.is_empty() && !out.contains(&t) && out.len() < limit {
            out.push(t);
        }
    };
    let chars: Vec<char> = text.chars().map(normalize).collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_word_char(c) {
            let start = i;
            while i < chars.len() && is_word_char(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // One- and two-letter Latin words ("a", "to") carry no meaning for matching.
            if word.chars().count() >= 3 || word.chars().all(|c| c.is_ascii_digit()) {
                push(word, &mut out);
            }
        } else if is_cjk(c) {
            let start = i;
            while i < chars.len() && is_cjk(chars[i]) {
                i += 1;
            }
            let run = &chars[start..i];
            if run.len() == 1 {
                push(run[0].to_string(), &mut out);
            } else {
                for pair in run.windows(2) {
                    push(pair.iter().collect(), &mut out);
                }
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The terms of a text as one space-separated string, as stored for indexing.
pub fn index_text(text: &str) -> String {
    terms(text, 2_000).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_becomes_overlapping_bigrams() {
        assert_eq!(terms("道路補修", 100), ["道路", "路補", "補修"]);
    }

    #[test]
    fn english_words_are_kept_whole_and_short_words_dropped() {
        assert_eq!(terms("More benches in the Park!", 100), ["more", "benches", "the", "park"]);
    }

    #[test]
    fn full_width_letters_match_half_width() {
        assert_eq!(terms("ＰＡＲＫ　２０２６", 100), ["park", "2026"]);
    }

    #[test]
    fn mixed_text_and_duplicates() {
        assert_eq!(terms("公園 park 公園のベンチ", 100), ["公園", "park", "園の", "のベ", "ベン", "ンチ"]);
    }

    #[test]
    fn punctuation_only_gives_nothing() {
        assert!(terms("!!! ??? 。。。", 100).is_empty());
    }

    #[test]
    fn the_limit_caps_the_terms() {
        assert_eq!(terms("あいうえおかきくけこ", 3).len(), 3);
    }
}
