//! What a page puts in `<head>` besides its title: the description and Open Graph
//! tags that LINE, mail clients and social sites show for a shared link. Attribute
//! values are escaped by the renderer; the title is escaped in `crate::head_text`.

use leptos::prelude::*;
use leptos_meta::Meta;

/// The first sentence or so of a text, on one line, for a link preview.
pub fn summary(text: &str, max_chars: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        return flat;
    }
    let mut cut: String = flat.chars().take(max_chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// A link preview: `og:title`, and `description`/`og:description` when there is one.
#[component]
pub fn ShareMeta(#[prop(into)] title: String, #[prop(into)] description: String) -> impl IntoView {
    let description = summary(&description, 160);
    let has_description = !description.is_empty();
    view! {
        <Meta property="og:title" content=title />
        <Meta property="og:type" content="article" />
        {has_description
            .then(|| {
                view! {
                    <Meta name="description" content=description.clone() />
                    <Meta property="og:description" content=description />
                }
            })}
    }
}

#[cfg(test)]
mod tests {
    use super::summary;

    #[test]
    fn summaries_are_one_line_and_bounded() {
        assert_eq!(summary("  a\n\nb  c ", 10), "a b c");
        assert_eq!(summary("公園にベンチを置いてください", 5), "公園にベ…");
        assert_eq!(summary("", 5), "");
    }
}
