//! XPath 1.0 on the page the CSS rules read: scraper's tree (html5ever) is
//! copied once per page, lazily, into a small arena in document order that
//! `xpath-eval` walks, keeping each node's scraper id, so an expression is
//! evaluated relative to a listing item or a `within` element and its
//! element results are read by the same `extract` code as CSS matches.
//!
//! Costs are bounded: the page is copied once (its size is capped by the
//! fetcher), a node-set result keeps at most [`MAX_NODES`] nodes, and every
//! value is cut like any other raw value ([`super::text::MAX_RAW_CHARS`]).

use std::cmp::Ordering;
use std::collections::HashMap;

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node as HtmlNode};
use xpath_eval::{EvaluationContext, ExpandedName, Node, NodeKind, Value};

use super::extract::HtmlPage;
use super::text::{MAX_RAW_CHARS, clean};
use crate::mapping::{Listing, XPath};

/// Most nodes kept from one node-set result, in document order.
pub const MAX_NODES: usize = 1_000;

/// One result of an XPath, before `extract` reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XPathItem {
    /// An element (or the document, as its root element): read by `extract`.
    Element(NodeId),
    /// An attribute node: its name and value.
    Attribute { name: String, value: String },
    /// A text or comment node's text.
    Text(String),
    /// A string, number or boolean result (`normalize-space(…)`).
    Value(String),
}

/// A page as XPath sees it: every node of scraper's tree in document order.
pub struct XPathDocument {
    nodes: Vec<Entry>,
    by_id: HashMap<NodeId, u32>,
}

struct Entry {
    kind: NodeKind,
    /// Element and attribute names (lowercase, as html5ever gives them).
    name: Box<str>,
    /// Text, comment and attribute values.
    text: Box<str>,
    parent: Option<u32>,
    children: Vec<u32>,
    attributes: Vec<u32>,
    /// The scraper node it copies (elements, text, the document).
    id: Option<NodeId>,
}

impl Entry {
    fn new(kind: NodeKind, parent: Option<u32>, id: Option<NodeId>) -> Entry {
        Entry {
            kind,
            name: Box::from(""),
            text: Box::from(""),
            parent,
            children: Vec::new(),
            attributes: Vec::new(),
            id,
        }
    }
}

impl XPathDocument {
    /// Copies `html`'s tree, without recursion (a page nested thousands of
    /// levels deep is still read).
    pub fn new(html: &Html) -> XPathDocument {
        let root = html.tree.root();
        let mut doc = XPathDocument {
            nodes: vec![Entry::new(NodeKind::Root, None, Some(root.id()))],
            by_id: HashMap::new(),
        };
        doc.by_id.insert(root.id(), 0);
        // Children are pushed in reverse so they come off the stack in order.
        let mut stack: Vec<(ego_tree::NodeRef<'_, HtmlNode>, u32)> =
            root.children().rev().map(|c| (c, 0)).collect();
        while let Some((node, parent)) = stack.pop() {
            let Some(index) = doc.push(node, parent) else {
                continue;
            };
            stack.extend(node.children().rev().map(|c| (c, index)));
        }
        doc
    }

    /// Adds one scraper node (and its attributes) under `parent`; `None` for
    /// nodes XPath does not see (doctype).
    fn push(&mut self, node: ego_tree::NodeRef<'_, HtmlNode>, parent: u32) -> Option<u32> {
        let index = u32::try_from(self.nodes.len()).ok()?;
        let mut entry = match node.value() {
            HtmlNode::Element(element) => {
                let mut entry = Entry::new(NodeKind::Element, Some(parent), Some(node.id()));
                entry.name = Box::from(element.name());
                entry
            }
            HtmlNode::Text(text) => {
                let mut entry = Entry::new(NodeKind::Text, Some(parent), Some(node.id()));
                entry.text = Box::from(&**text);
                entry
            }
            HtmlNode::Comment(comment) => {
                let mut entry = Entry::new(NodeKind::Comment, Some(parent), None);
                entry.text = Box::from(&**comment);
                entry
            }
            _ => return None,
        };
        let attributes = match node.value() {
            HtmlNode::Element(element) => element.attrs().collect(),
            _ => Vec::new(),
        };
        entry.attributes = (0..attributes.len())
            .filter_map(|i| u32::try_from(i + 1).ok().map(|i| index + i))
            .collect();
        self.nodes.push(entry);
        for (name, value) in attributes {
            let mut attribute = Entry::new(NodeKind::Attribute, Some(index), None);
            attribute.name = Box::from(name);
            attribute.text = Box::from(value);
            self.nodes.push(attribute);
        }
        self.nodes[parent as usize].children.push(index);
        self.by_id.insert(node.id(), index);
        Some(index)
    }

    fn node(&self, index: u32) -> XNode<'_> {
        XNode { doc: self, index }
    }

    /// Evaluates `xpath` with `context` (a scraper node; the document when
    /// `None`) as its context node. A node-set gives at most [`MAX_NODES`]
    /// items in document order; a string, number or boolean one item
    /// (nothing for an empty string or a number that is not finite).
    pub fn evaluate(
        &self,
        xpath: &XPath,
        context: Option<NodeId>,
    ) -> Result<Vec<XPathItem>, String> {
        let start = context
            .and_then(|id| self.by_id.get(&id).copied())
            .unwrap_or(0);
        let value = xpath_eval::evaluate(&xpath.expr, &EvaluationContext::new(self.node(start)))
            .map_err(|e| format!("xpath {:?} failed on this page: {e}", xpath.source))?;
        Ok(match value {
            Value::NodeSet(mut nodes) => {
                nodes.sort_by_key(|n| n.index);
                nodes.dedup();
                nodes
                    .into_iter()
                    .take(MAX_NODES)
                    .filter_map(|n| self.item(n.index))
                    .collect()
            }
            Value::Number(n) if !n.is_finite() => Vec::new(),
            scalar => {
                let text = clean(&scalar.to_xpath_string(), false);
                if text.is_empty() {
                    Vec::new()
                } else {
                    vec![XPathItem::Value(text)]
                }
            }
        })
    }

    fn item(&self, index: u32) -> Option<XPathItem> {
        let entry = &self.nodes[index as usize];
        Some(match entry.kind {
            NodeKind::Root | NodeKind::Element => XPathItem::Element(entry.id?),
            NodeKind::Attribute => XPathItem::Attribute {
                name: entry.name.to_string(),
                value: cap(&entry.text),
            },
            NodeKind::Text | NodeKind::Comment => XPathItem::Text(cap(&entry.text)),
            _ => return None,
        })
    }
}

fn cap(text: &str) -> String {
    text.chars().take(MAX_RAW_CHARS).collect()
}

/// A node of an [`XPathDocument`], as `xpath-eval` walks it.
#[derive(Clone, Copy)]
struct XNode<'a> {
    doc: &'a XPathDocument,
    index: u32,
}

impl PartialEq for XNode<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index && std::ptr::eq(self.doc, other.doc)
    }
}

impl Eq for XNode<'_> {}

impl<'a> XNode<'a> {
    fn entry(self) -> &'a Entry {
        &self.doc.nodes[self.index as usize]
    }
}

impl<'a> Node<'a> for XNode<'a> {
    fn kind(self) -> NodeKind {
        self.entry().kind
    }

    fn parent(self) -> Option<Self> {
        self.entry().parent.map(|index| self.doc.node(index))
    }

    fn children(self) -> impl Iterator<Item = Self> + 'a {
        let doc = self.doc;
        self.entry().children.iter().map(move |&i| doc.node(i))
    }

    fn attributes(self) -> impl Iterator<Item = Self> + 'a {
        let doc = self.doc;
        self.entry().attributes.iter().map(move |&i| doc.node(i))
    }

    fn namespaces(self) -> impl Iterator<Item = Self> + 'a {
        std::iter::empty()
    }

    fn expanded_name(self) -> Option<ExpandedName> {
        matches!(self.kind(), NodeKind::Element | NodeKind::Attribute).then(|| ExpandedName {
            namespace_uri: None,
            local_name: self.entry().name.to_string(),
        })
    }

    fn has_expanded_name(self, namespace_uri: Option<&str>, local_name: &str) -> bool {
        namespace_uri.is_none()
            && matches!(self.kind(), NodeKind::Element | NodeKind::Attribute)
            && *self.entry().name == *local_name
    }

    fn string_value(self) -> String {
        match self.kind() {
            NodeKind::Root | NodeKind::Element => {
                let mut text = String::new();
                let mut stack = vec![self.index];
                while let Some(index) = stack.pop() {
                    let entry = &self.doc.nodes[index as usize];
                    if entry.kind == NodeKind::Text {
                        text.push_str(&entry.text);
                    }
                    stack.extend(entry.children.iter().rev());
                }
                text
            }
            _ => self.entry().text.to_string(),
        }
    }

    fn with_string_value<R>(self, f: impl FnOnce(&str) -> R) -> R {
        match self.kind() {
            NodeKind::Root | NodeKind::Element => f(&self.string_value()),
            _ => f(&self.entry().text),
        }
    }

    fn document_order(self, other: Self) -> Ordering {
        self.index.cmp(&other.index)
    }
}

/// One item of an HTML listing page: its element, and its link when the
/// listing gives one.
pub struct ListedItem<'a> {
    pub element: ElementRef<'a>,
    /// The `href` (or XPath string) of the link, as written on the page.
    pub href: Option<String>,
}

/// The items of an HTML listing page, found with `item` (CSS) or
/// `item_xpath`, each with its link found with `link` (CSS) or `link_xpath`
/// inside it, or its own `href`. An XPath that fails on the page finds
/// nothing, and says so in the log.
pub fn listing_items<'a>(page: &HtmlPage<'a>, listing: &Listing) -> Vec<ListedItem<'a>> {
    let html = page.html;
    let elements: Vec<ElementRef<'a>> = match (&listing.item, &listing.item_xpath) {
        (Some(css), _) => html.select(&css.selector).collect(),
        (None, Some(xpath)) => match page.xpath().evaluate(xpath, None) {
            Ok(items) => items.iter().filter_map(|i| element(html, i)).collect(),
            Err(reason) => {
                tracing::warn!(url = %page.url, "listing.item_xpath: {reason}");
                Vec::new()
            }
        },
        (None, None) => Vec::new(),
    };
    elements
        .into_iter()
        .map(|element| ListedItem {
            element,
            href: link(page, listing, element),
        })
        .collect()
}

fn link(page: &HtmlPage<'_>, listing: &Listing, item: ElementRef<'_>) -> Option<String> {
    let own = || item.value().attr("href").map(str::to_owned);
    if let Some(css) = &listing.link {
        let found = item.select(&css.selector).next();
        return found
            .and_then(|a| a.value().attr("href"))
            .map(str::to_owned)
            .or_else(own);
    }
    let Some(xpath) = &listing.link_xpath else {
        return own();
    };
    href(page, xpath, Some(item), "listing.link_xpath").or_else(own)
}

/// The first link an XPath names, relative to `scope` (else the page): an
/// element's `href`, an attribute's value, or a string result. `what`
/// names the rule in the log when the expression fails on the page.
pub fn href(
    page: &HtmlPage<'_>,
    xpath: &XPath,
    scope: Option<ElementRef<'_>>,
    what: &str,
) -> Option<String> {
    let items = match page.xpath().evaluate(xpath, scope.map(|s| s.id())) {
        Ok(items) => items,
        Err(reason) => {
            tracing::warn!(url = %page.url, "{what}: {reason}");
            return None;
        }
    };
    let href = items.into_iter().find_map(|found| match found {
        XPathItem::Element(id) => ElementRef::wrap(page.html.tree.get(id)?)?
            .value()
            .attr("href")
            .map(str::to_owned),
        XPathItem::Attribute { value, .. } | XPathItem::Text(value) | XPathItem::Value(value) => {
            Some(value)
        }
    });
    href.filter(|h| !h.trim().is_empty())
}

/// The element an XPath result names (the document counts as its root
/// element).
pub fn element<'a>(html: &'a Html, item: &XPathItem) -> Option<ElementRef<'a>> {
    let XPathItem::Element(id) = item else {
        return None;
    };
    let node = html.tree.get(*id)?;
    ElementRef::wrap(node)
        .or_else(|| (node.id() == html.tree.root().id()).then(|| html.root_element()))
}

#[cfg(test)]
#[path = "xpath_tests.rs"]
mod tests;
