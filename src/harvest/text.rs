//! Text out of HTML elements: whitespace collapsed, line breaks and block
//! boundaries turned into spaces (or kept as newlines), control characters
//! dropped, size capped. Scraped text is untrusted.

use scraper::{ElementRef, Node};

/// Longest value kept from one element, before any transform.
pub const MAX_RAW_CHARS: usize = 20_000;

const BLOCKS: [&str; 16] = [
    "p", "div", "li", "ul", "ol", "dd", "dt", "tr", "td", "th", "h1", "h2", "h3", "h4", "section",
    "article",
];

/// All the text inside `element`; `<br>` and block ends become breaks, kept
/// as `\n` when `keep_lines`, as spaces otherwise.
pub fn element_text(element: ElementRef<'_>, keep_lines: bool) -> String {
    let mut raw = String::new();
    walk(element, &mut raw);
    clean(&raw, keep_lines)
}

/// Only the text nodes that are direct children of `element`.
pub fn own_text(element: ElementRef<'_>) -> String {
    let raw: String = element
        .children()
        .filter_map(|child| match child.value() {
            Node::Text(text) => Some(&**text),
            _ => None,
        })
        .collect();
    clean(&raw, false)
}

fn walk(element: ElementRef<'_>, out: &mut String) {
    for child in element.children() {
        if out.len() > MAX_RAW_CHARS * 4 {
            return;
        }
        match child.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(el) => {
                let name = el.name();
                if name == "br" {
                    out.push('\n');
                } else if matches!(name, "script" | "style" | "template" | "noscript") {
                    continue;
                } else if let Some(child) = ElementRef::wrap(child) {
                    let block = BLOCKS.contains(&name);
                    if block {
                        out.push('\n');
                    }
                    walk(child, out);
                    if block {
                        out.push('\n');
                    }
                }
            }
            _ => {}
        }
    }
}

/// Collapses whitespace (non-breaking spaces included), drops control
/// characters, caps the length.
pub fn clean(raw: &str, keep_lines: bool) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in raw.split('\n') {
        let words: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || c.is_control())
            .filter(|w| !w.is_empty())
            .collect();
        if !words.is_empty() {
            lines.push(words.join(" "));
        }
    }
    let joined = lines.join(if keep_lines { "\n" } else { " " });
    cap(&joined, MAX_RAW_CHARS)
}

fn cap(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => text[..end].to_owned(),
        None => text.to_owned(),
    }
}

/// Cuts `text` to at most `max` characters at a word boundary, adding "…".
///
/// ```
/// use carrefour::harvest::truncate_words;
///
/// assert_eq!(truncate_words("un deux trois", 9), "un deux…");
/// assert_eq!(truncate_words("court", 10), "court");
/// ```
pub fn truncate_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let limit = max.saturating_sub(1);
    let cut: String = text.chars().take(limit).collect();
    let at_word = match cut.rfind(char::is_whitespace) {
        Some(space) if space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        at_word.trim_end_matches(|c: char| c.is_whitespace() || ",;:".contains(c))
    )
}

/// Accent- and case-insensitive form used to match labels, tags and themes:
/// "Économie  Circulaire !" → "economie circulaire".
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    // Ligatures partner sites use in French.
    out.replace('œ', "oe")
        .replace('æ', "ae")
        .trim_end()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_breaks_on_br_and_blocks() {
        let html = scraper::Html::parse_fragment(
            "<div>Un<br>deux<p>trois\u{a0} quatre</p><script>x()</script></div>",
        );
        let div = html
            .select(&scraper::Selector::parse("div").unwrap())
            .next()
            .unwrap();
        assert_eq!(element_text(div, false), "Un deux trois quatre");
        assert_eq!(element_text(div, true), "Un\ndeux\ntrois quatre");
    }

    #[test]
    fn fold_ignores_accents_case_and_punctuation() {
        assert_eq!(fold("Économie  Circulaire !"), "economie circulaire");
        assert_eq!(fold("Cœur de ville"), "coeur de ville");
        assert_eq!(fold("Tiers-lieux"), "tiers lieux");
    }

    #[test]
    fn truncation_cuts_at_a_word() {
        let long = "mot ".repeat(400);
        let cut = truncate_words(long.trim(), 1000);
        assert!(cut.chars().count() <= 1000);
        assert!(cut.ends_with("mot…"));
    }
}
