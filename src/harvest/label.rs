//! Values found by their label ("Porteur", "Durée du projet"), in the forms
//! partner sites write them, tried in this order for each label of a rule
//! (the first form that yields a value wins):
//!
//! 1. **inline**: `Porteur : Association X` inside a p, li, tr, div, span
//!    or td (the innermost element holding it);
//! 2. **definition**: `<dt>Porteur</dt><dd>Association X</dd>`;
//! 3. **heading**: `<h2>Durée du projet</h2><p>…</p>`: what follows the
//!    heading, up to the next heading of the same or a higher level;
//! 4. **cell**: `<tr><td>Thèmes</td><td>…</td></tr>` (`th` or `td`, no colon
//!    needed): the next cell;
//! 5. **strong**: `<strong>Porteur du projet : </strong>Association X` (or
//!    `<b>`): the text after it in its parent, up to a line break or the
//!    next strong/b;
//! 6. **sibling**: an element holding only the label, the value being the
//!    element right after it, with nothing but whitespace between them
//!    (`<div class="field__label">Téléphone</div><div
//!    class="field__item">…</div>`).
//!
//! Strong comes before sibling because `<b>Lieu</b> <em>Rennes</em> (35)`
//! means all the text after the label, not only the next element.
//!
//! Except in the inline form, the label must be the element's whole text,
//! compared ignoring case, accents, surrounding whitespace and a trailing
//! colon ([`fold`]). For a list field (`keywords`) or `all = true`, each line
//! of a block value (list item, paragraph, `<br>`) is a value of its own.

use std::sync::LazyLock;

use scraper::{ElementRef, Node, Selector};

use super::text::{clean, element_text, fold};

/// The way a label and its value are laid out on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelForm {
    Inline,
    Definition,
    Heading,
    Cell,
    Sibling,
    Strong,
}

impl LabelForm {
    /// The forms, in the order they are tried.
    pub const ORDER: [LabelForm; 6] = [
        LabelForm::Inline,
        LabelForm::Definition,
        LabelForm::Heading,
        LabelForm::Cell,
        LabelForm::Strong,
        LabelForm::Sibling,
    ];

    /// The form's name, as `mapping explain` shows it.
    pub fn as_str(self) -> &'static str {
        match self {
            LabelForm::Inline => "inline",
            LabelForm::Definition => "definition",
            LabelForm::Heading => "heading",
            LabelForm::Cell => "cell",
            LabelForm::Sibling => "sibling",
            LabelForm::Strong => "strong",
        }
    }

    /// The raw value(s) this form finds for label `wanted` (folded) under
    /// `root`, if any.
    fn find(self, root: ElementRef<'_>, wanted: &str, lines: bool) -> Option<Vec<String>> {
        match self {
            LabelForm::Inline => inline(root, wanted).map(|v| vec![v]),
            LabelForm::Definition => definition(root, wanted, lines),
            LabelForm::Heading => heading(root, wanted, lines),
            LabelForm::Cell => cell(root, wanted, lines),
            LabelForm::Sibling => sibling(root, wanted, lines),
            LabelForm::Strong => strong(root, wanted).map(|v| vec![v]),
        }
    }
}

/// What a label found: which label, in which form, and the values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelMatch {
    /// The label as the mapping writes it.
    pub label: String,
    pub form: LabelForm,
    /// Cleaned, non-empty values.
    pub values: Vec<String>,
}

/// The first of `labels` (in the mapping's order) found under `root` in any
/// form, with its non-empty values; `lines` splits block values into one
/// value per line.
pub fn find_label(root: ElementRef<'_>, labels: &[String], lines: bool) -> Option<LabelMatch> {
    labels.iter().find_map(|label| {
        let wanted = fold(label);
        if wanted.is_empty() {
            return None;
        }
        LabelForm::ORDER.into_iter().find_map(|form| {
            let values: Vec<String> = form
                .find(root, &wanted, lines)?
                .into_iter()
                .map(|v| clean(&v, false))
                .filter(|v| !v.is_empty())
                .collect();
            (!values.is_empty()).then(|| LabelMatch {
                label: label.clone(),
                form,
                values,
            })
        })
    })
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("a constant, valid selector")
}

static INLINE: LazyLock<Selector> = LazyLock::new(|| selector("p, li, tr, div, span, td"));
static DT: LazyLock<Selector> = LazyLock::new(|| selector("dt"));
static HEADINGS: LazyLock<Selector> = LazyLock::new(|| selector("h1, h2, h3, h4, h5, h6"));
static CELLS: LazyLock<Selector> = LazyLock::new(|| selector("th, td"));
static ANY: LazyLock<Selector> = LazyLock::new(|| selector("*"));
static STRONG: LazyLock<Selector> = LazyLock::new(|| selector("strong, b"));

/// "Label : value" in the innermost element holding it (not a wrapper that
/// also holds the labels after it).
fn inline(root: ElementRef<'_>, wanted: &str) -> Option<String> {
    root.select(&INLINE).find_map(|element| {
        let inner = element
            .select(&INLINE)
            .any(|d| inline_value(d, wanted).is_some());
        if inner {
            return None;
        }
        inline_value(element, wanted).filter(|v| !v.is_empty())
    })
}

fn inline_value(element: ElementRef<'_>, wanted: &str) -> Option<String> {
    let text = element_text(element, false);
    let (head, rest) = text.split_once(':')?;
    (fold(head) == wanted).then(|| rest.trim().to_owned())
}

fn definition(root: ElementRef<'_>, wanted: &str, lines: bool) -> Option<Vec<String>> {
    root.select(&DT)
        .filter(|dt| is_label(*dt, wanted))
        .find_map(|dt| {
            let dd = next_element(dt).filter(|e| e.value().name() == "dd")?;
            non_empty(block_values(&[dd], lines))
        })
}

/// The content after a heading holding the label: its following siblings,
/// up to one that is, or holds, a heading of the same or a higher level.
fn heading(root: ElementRef<'_>, wanted: &str, lines: bool) -> Option<Vec<String>> {
    root.select(&HEADINGS)
        .filter(|h| is_label(*h, wanted))
        .find_map(|h| {
            let level = heading_level(h.value().name())?;
            let mut text = String::new();
            for node in h.next_siblings() {
                match node.value() {
                    Node::Text(t) => text.push_str(t),
                    Node::Element(_) => {
                        let element = ElementRef::wrap(node)?;
                        if ends_section(element, level) {
                            break;
                        }
                        text.push('\n');
                        text.push_str(&element_text(element, true));
                        text.push('\n');
                    }
                    _ => {}
                }
            }
            non_empty(split(&text, lines))
        })
}

fn heading_level(name: &str) -> Option<u8> {
    let digit = name.strip_prefix('h')?.parse::<u8>().ok()?;
    (1..=6).contains(&digit).then_some(digit)
}

fn ends_section(element: ElementRef<'_>, level: u8) -> bool {
    let closes = |e: ElementRef<'_>| heading_level(e.value().name()).is_some_and(|l| l <= level);
    closes(element) || element.select(&HEADINGS).any(closes)
}

fn cell(root: ElementRef<'_>, wanted: &str, lines: bool) -> Option<Vec<String>> {
    root.select(&CELLS)
        .filter(|c| is_label(*c, wanted))
        .find_map(|c| {
            let next = next_element(c).filter(|e| matches!(e.value().name(), "td" | "th"))?;
            non_empty(block_values(&[next], lines))
        })
}

fn sibling(root: ElementRef<'_>, wanted: &str, lines: bool) -> Option<Vec<String>> {
    root.select(&ANY)
        .filter(|e| is_label(*e, wanted))
        .find_map(|e| non_empty(block_values(&[adjacent_element(e)?], lines)))
}

/// The element right after `element`, if only whitespace (or comments)
/// separates them.
fn adjacent_element(element: ElementRef<'_>) -> Option<ElementRef<'_>> {
    for node in element.next_siblings() {
        match node.value() {
            Node::Element(_) => return ElementRef::wrap(node),
            Node::Text(t) if !t.trim().is_empty() => return None,
            _ => {}
        }
    }
    None
}

/// The text after a `<strong>`/`<b>` label in its parent, up to a `<br>` or
/// the next strong/b, without the colon that may follow the label.
fn strong(root: ElementRef<'_>, wanted: &str) -> Option<String> {
    root.select(&STRONG)
        .filter(|s| is_label(*s, wanted))
        .find_map(|s| {
            let mut text = String::new();
            for node in s.next_siblings() {
                match node.value() {
                    Node::Text(t) => text.push_str(t),
                    Node::Element(e) if matches!(e.name(), "br" | "strong" | "b") => break,
                    Node::Element(_) => {
                        text.push(' ');
                        text.push_str(&element_text(ElementRef::wrap(node)?, false));
                        text.push(' ');
                    }
                    _ => {}
                }
            }
            let value = clean(&text, false);
            let value = value.trim_start_matches([':', ' ']).trim();
            (!value.is_empty()).then(|| value.to_owned())
        })
}

/// Whether `element`'s whole text is the label. The text is read only up
/// to a little more than the label's length, so wrappers cost nothing.
fn is_label(element: ElementRef<'_>, wanted: &str) -> bool {
    let limit = wanted.len() * 2 + 16;
    short_text(element, limit).is_some_and(|text| fold(&text) == wanted)
}

/// `element`'s text, or `None` once it is longer than `limit` bytes.
fn short_text(element: ElementRef<'_>, limit: usize) -> Option<String> {
    let mut text = String::new();
    for node in element.descendants() {
        if let Node::Text(t) = node.value() {
            text.push_str(t);
            if text.len() > limit {
                return None;
            }
        }
    }
    Some(text)
}

fn next_element(element: ElementRef<'_>) -> Option<ElementRef<'_>> {
    element.next_siblings().find_map(ElementRef::wrap)
}

fn block_values(elements: &[ElementRef<'_>], lines: bool) -> Vec<String> {
    let text: Vec<String> = elements.iter().map(|e| element_text(*e, true)).collect();
    split(&text.join("\n"), lines)
}

/// One value per line when `lines`, else the whole text as one value.
fn split(text: &str, lines: bool) -> Vec<String> {
    if lines {
        text.lines().map(str::to_owned).collect()
    } else {
        vec![text.to_owned()]
    }
}

fn non_empty(values: Vec<String>) -> Option<Vec<String>> {
    let values: Vec<String> = values
        .into_iter()
        .map(|v| clean(&v, false))
        .filter(|v| !v.is_empty())
        .collect();
    (!values.is_empty()).then_some(values)
}

#[cfg(test)]
#[path = "label_tests.rs"]
mod tests;
