//! Parsing an operation once per request: with the data's base IRI (so
//! `<id/project/…>` resolves) and our vocabulary's prefixes declared (a
//! query's own `PREFIX` wins). The parsed form is what the evaluator runs;
//! its canonical text (as `spargebra` prints it back) is what the
//! `SERVICE` check reads and what the answer cache keys on.

use spargebra::{Query, SparqlParser, Update};

use super::{AppError, PREFIXES};
use crate::record::BaseIri;

/// A query as parsed, and its canonical text.
pub(super) struct ParsedQuery {
    pub(super) query: Query,
    pub(super) canonical: String,
}

/// An update as parsed, and its canonical text.
pub(super) struct ParsedUpdate {
    pub(super) update: Update,
    pub(super) canonical: String,
}

/// `text` as a query, or a 400 saying why it does not parse.
pub(super) fn query(text: &str, base: &BaseIri) -> Result<ParsedQuery, AppError> {
    let query = parser(base)?.parse_query(text).map_err(|e| {
        let detail = e.to_string();
        let said = match query_form(text) {
            Some(form) => format!("{form} (parser: {detail})"),
            None => explained(text, &detail),
        };
        AppError::bad_request(format!("the query does not parse: {said}"))
    })?;
    let canonical = query.to_string();
    Ok(ParsedQuery { query, canonical })
}

/// `text` as an update, or a 400 saying why it does not parse.
pub(super) fn update(text: &str, base: &BaseIri) -> Result<ParsedUpdate, AppError> {
    let update = parser(base)?.parse_update(text).map_err(|e| {
        AppError::bad_request(format!(
            "the update does not parse: {}",
            explained(text, &e.to_string())
        ))
    })?;
    let canonical = update.to_string();
    Ok(ParsedUpdate { update, canonical })
}

/// What is wrong in a sentence, then the parser's own words (which list
/// every token it could have taken, a wall of text on its own).
fn explained(text: &str, detail: &str) -> String {
    if detail.contains("Prefix not found") {
        if let Some(prefix) = unknown_prefix(text) {
            let known: Vec<String> = PREFIXES.iter().map(|(p, _)| format!("{p}:")).collect();
            return format!(
                "unknown prefix `{prefix}:`; this server predefines {}; declare any other \
                 with PREFIX {prefix}: <…> (parser: {detail})",
                known.join(" ")
            );
        }
    }
    match location(detail) {
        Some((line, column)) => {
            let token = token_at(text, line, column);
            let what = if token.is_empty() {
                "the text ends too early".to_owned()
            } else {
                format!("unexpected `{token}`")
            };
            format!("{what} at line {line}, column {column} (parser: {detail})")
        }
        None => detail.to_owned(),
    }
}

/// A query whose form word is misspelt: the form words, and where.
fn query_form(text: &str) -> Option<String> {
    const FORMS: [&str; 4] = ["SELECT", "CONSTRUCT", "ASK", "DESCRIBE"];
    let mut offset = 0;
    let mut skip = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or_default();
        for word in code.split_whitespace() {
            let at = offset + line.find(word).unwrap_or(0);
            if skip > 0 {
                // `PREFIX ex:<http://…>` is one word, not two.
                skip = if skip == 2 && word.contains('<') {
                    0
                } else {
                    skip - 1
                };
                continue;
            }
            let upper = word.to_ascii_uppercase();
            match upper.as_str() {
                "PREFIX" => skip = 2,
                "BASE" => skip = 1,
                _ if upper.starts_with("BASE<") => {}
                form if FORMS.contains(&form) => return None,
                _ => {
                    let line_number = text[..at].matches('\n').count() + 1;
                    let column = text[..at]
                        .rsplit('\n')
                        .next()
                        .unwrap_or_default()
                        .chars()
                        .count()
                        + 1;
                    return Some(format!(
                        "unexpected `{word}` at line {line_number}, column {column}: a query starts \
                         with SELECT, CONSTRUCT, ASK or DESCRIBE (after its PREFIX and BASE lines)"
                    ));
                }
            }
        }
        offset += line.len();
    }
    None
}

/// The first prefixed name whose prefix is neither declared by the text
/// nor predefined. IRIs, strings and comments are skipped.
fn unknown_prefix(text: &str) -> Option<String> {
    let mut declared: Vec<String> = PREFIXES.iter().map(|(p, _)| (*p).to_owned()).collect();
    let mut words = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' | '"' | '\'' | '#' => {
                let end = match c {
                    '<' => '>',
                    '#' => '\n',
                    quote => quote,
                };
                chars.by_ref().find(|next| *next == end);
                words.push(std::mem::take(&mut current));
            }
            c if c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.') => current.push(c),
            _ => words.push(std::mem::take(&mut current)),
        }
    }
    words.push(current);
    let mut after_prefix = false;
    for word in words.iter().filter(|w| !w.is_empty()) {
        if after_prefix {
            declared.push(word.trim_end_matches(':').to_owned());
            after_prefix = false;
            continue;
        }
        after_prefix = word.eq_ignore_ascii_case("prefix");
        let Some((prefix, _)) = word.split_once(':') else {
            continue;
        };
        let is_name = prefix.chars().next().is_some_and(char::is_alphabetic);
        if is_name && !declared.iter().any(|d| d == prefix) {
            return Some(prefix.to_owned());
        }
    }
    None
}

/// `line:column` of the parser's "error at 1:8: …".
fn location(detail: &str) -> Option<(usize, usize)> {
    let rest = detail.split("error at ").nth(1)?;
    let (line, rest) = rest.split_once(':')?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

/// The word of `text` at `line`, `column` (both from 1).
fn token_at(text: &str, line: usize, column: usize) -> String {
    let Some(line) = text.lines().nth(line.saturating_sub(1)) else {
        return String::new();
    };
    line.chars()
        .skip(column.saturating_sub(1))
        .take_while(|c| !c.is_whitespace())
        .take(40)
        .collect()
}

fn parser(base: &BaseIri) -> Result<SparqlParser, AppError> {
    let invalid = |e: oxigraph::model::IriParseError| {
        AppError::unavailable(format!("the base IRI or a prefix is not valid: {e}"))
    };
    let mut parser = SparqlParser::new()
        .with_base_iri(base.as_str())
        .map_err(invalid)?;
    for (name, namespace) in PREFIXES {
        parser = parser.with_prefix(name, namespace).map_err(invalid)?;
    }
    Ok(parser)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> String {
        let base = BaseIri::new("http://localhost:7878/").unwrap();
        match query(text, &base) {
            Err(error) => error.message().to_owned(),
            Ok(_) => panic!("{text} parsed"),
        }
    }

    #[test]
    fn an_unknown_prefix_is_named_with_the_predefined_ones() {
        let text = "SELECT ?s WHERE { ?s ex:dist \"a:b\" ; <http://x/y:z> ?o } # c:d";
        let said = message(text);
        assert!(
            said.starts_with("the query does not parse: unknown prefix `ex:`"),
            "{said}"
        );
        assert!(said.contains("schema: "), "{said}");
        assert!(said.contains("uom:"), "{said}");
        let declared = "PREFIX ex:<http://ex/> SELECT ?s WHERE { ?s ex:p zz:q }";
        assert!(message(declared).contains("unknown prefix `zz:`"));
    }

    #[test]
    fn a_typo_is_shown_where_it_is() {
        let said = message("SELEC ?s WHERE { ?s ?p ?o }");
        assert!(
            said.contains("unexpected `SELEC` at line 1, column 1"),
            "{said}"
        );
        let said = message("SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTR(?s) }");
        assert!(said.contains("at line 3"), "{said}");
        let said = message("SELECT ?s WHERE { ?s ?p");
        assert!(said.contains("ends too early"), "{said}");
    }

    #[test]
    fn predefined_prefixes_need_no_declaration() {
        let base = BaseIri::new("http://localhost:7878/").unwrap();
        let text = "SELECT ?d WHERE { BIND(geof:distance(?a, ?b, uom:metre) AS ?d) }";
        assert!(query(text, &base).is_ok());
    }
}
