//! `SERVICE` clauses (SPARQL 1.1 Federated Query) and the allow-list of
//! hosts they may call (`ServerConfig::federate_with`, empty by default).
//!
//! An endpoint that calls whatever `SERVICE` a query names is an open proxy,
//! into its own network too. So every `SERVICE` is checked before anything
//! runs: a host not on the list is refused with a 400 that says so. This
//! build has no `SERVICE` client (Oxigraph's needs its `http-client`
//! feature, which has no allow-list of its own): a `SERVICE` on an allowed
//! host gets a 501 saying so, rather than a failure half-way through the
//! results. Without a client, evaluation can never reach the network.

use url::Url;

use super::{PREFIXES, SparqlError};

/// The endpoint a `SERVICE` names: an IRI, or a variable (bound at run time).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum ServiceName {
    Iri(String),
    Variable(String),
}

/// Refuses a query with a `SERVICE` clause we will not run. Call it once
/// the query parsed: a syntax error here is ignored.
pub(super) fn check_query(
    text: &str,
    base: &str,
    allowed_hosts: &[String],
) -> Result<(), SparqlError> {
    // The deprecated `Query` is the only public type that prints a parsed
    // query back (the algebra types are not re-exported by Oxigraph).
    #[allow(deprecated)]
    let normalized =
        oxigraph::sparql::Query::parse(&with_prefixes(text), Some(base)).map(|q| q.to_string());
    check(&normalized.unwrap_or_default(), allowed_hosts)
}

/// Refuses an update with a `SERVICE` clause we will not run.
pub(super) fn check_update(
    text: &str,
    base: &str,
    allowed_hosts: &[String],
) -> Result<(), SparqlError> {
    #[allow(deprecated)]
    let normalized =
        oxigraph::sparql::Update::parse(&with_prefixes(text), Some(base)).map(|u| u.to_string());
    check(&normalized.unwrap_or_default(), allowed_hosts)
}

/// The operation with our prefixes declared first, as the evaluator
/// declares them (its own `PREFIX` lines come after, and win).
fn with_prefixes(text: &str) -> String {
    let mut declared: String = PREFIXES
        .iter()
        .map(|(name, namespace)| format!("PREFIX {name}: <{namespace}>\n"))
        .collect();
    declared.push_str(text);
    declared
}

/// Refuses an operation, `normalized` as the SPARQL parser writes it back
/// (see [`services`]), if it has a `SERVICE` clause we will not run.
fn check(normalized: &str, allowed_hosts: &[String]) -> Result<(), SparqlError> {
    for service in services(normalized) {
        check_service(&service, allowed_hosts)?;
    }
    Ok(())
}

fn check_service(service: &ServiceName, allowed_hosts: &[String]) -> Result<(), SparqlError> {
    let iri = match service {
        ServiceName::Variable(name) => {
            return Err(SparqlError::bad_request(format!(
                "SERVICE {name}: a SERVICE whose endpoint is a variable cannot be checked \
                 against the list of hosts this endpoint federates with; name the endpoint"
            )));
        }
        ServiceName::Iri(iri) => iri,
    };
    let host = Url::parse(iri)
        .ok()
        .and_then(|url| url.host_str().map(str::to_ascii_lowercase));
    let allowed = host
        .as_deref()
        .is_some_and(|host| allowed_hosts.iter().any(|a| a.eq_ignore_ascii_case(host)));
    if !allowed {
        let list = if allowed_hosts.is_empty() {
            "this endpoint does not federate with any host".to_owned()
        } else {
            format!("it federates only with {}", allowed_hosts.join(", "))
        };
        return Err(SparqlError::bad_request(format!(
            "SERVICE <{iri}> is refused: {list}. Run the part of the query that needs \
             <{iri}> on that endpoint, or ask the operator to allow its host (--federate-with)"
        )));
    }
    Err(SparqlError::NotImplemented(format!(
        "SERVICE <{iri}>: its host is allowed, but this server has no SERVICE client yet; \
         run that part of the query on <{iri}> directly"
    )))
}

/// The `SERVICE` names of a query or update, read from its normalized form
/// (as `spargebra` prints it): every IRI is `<…>`, every string literal is
/// `"…"` with `"` escaped, keywords are upper case, so the keyword cannot
/// hide in a literal, an IRI or a comment, nor be spelt `service`.
pub(super) fn services(normalized: &str) -> Vec<ServiceName> {
    let mut found = Vec::new();
    let mut rest = normalized;
    while let Some(c) = rest.chars().next() {
        match c {
            '"' => rest = skip_string(&rest[1..]),
            '<' if is_iri_start(rest) => rest = skip_iri(rest),
            'S' if rest.starts_with("SERVICE ") && word_boundary(normalized, rest) => {
                let after = rest["SERVICE ".len()..].trim_start();
                let after = after.strip_prefix("SILENT ").unwrap_or(after).trim_start();
                if let Some(name) = service_name(after) {
                    found.push(name);
                }
                rest = after;
            }
            _ => rest = &rest[c.len_utf8()..],
        }
    }
    found
}

/// `<` opens an IRI unless it is the comparison operator (`?a < ?b`, `<=`).
fn is_iri_start(text: &str) -> bool {
    text[1..]
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace() && c != '=')
}

fn skip_string(text: &str) -> &str {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return &text[i + 1..],
            _ => escaped = false,
        }
    }
    ""
}

fn skip_iri(text: &str) -> &str {
    text.find('>').map_or("", |end| &text[end + 1..])
}

/// `SERVICE` starts a word: not part of a name like `ex:SERVICE`.
fn word_boundary(whole: &str, rest: &str) -> bool {
    let start = whole.len() - rest.len();
    whole[..start]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || c == '{' || c == '}' || c == '(' || c == '.')
}

fn service_name(text: &str) -> Option<ServiceName> {
    if text.starts_with('<') {
        let end = text.find('>')?;
        return Some(ServiceName::Iri(text[1..end].to_owned()));
    }
    let variable: String = text
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '{')
        .collect();
    (variable.starts_with('?') || variable.starts_with('$'))
        .then_some(ServiceName::Variable(variable))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_services_and_ignores_lookalikes() {
        let text = r#"SELECT * WHERE { ?s <http://ex.org/SERVICE <x>> "SERVICE <http://in.literal/>" . SERVICE SILENT <https://query.wikidata.org/sparql> { ?s ?p ?o } SERVICE ?endpoint { } FILTER(?a < ?b) }"#;
        assert_eq!(
            services(text),
            [
                ServiceName::Iri("https://query.wikidata.org/sparql".into()),
                ServiceName::Variable("?endpoint".into())
            ]
        );
        assert!(services(r#"SELECT * WHERE { ?s ?p "a \" SERVICE <http://x/> {" }"#).is_empty());
    }

    #[test]
    fn reads_services_from_the_parsed_query() {
        let base = "http://localhost:7878/";
        let query = "select * { # SERVICE <http://comment/> {}\n service <http://ex.org/sparql> { ?s ?p ?o } }";
        let refused = check_query(query, base, &[]).unwrap_err();
        assert!(refused.message().contains("<http://ex.org/sparql>"));
        assert!(check_query("SELECT * { ?s ?p 'SERVICE <http://x/> {' }", base, &[]).is_ok());
        let undeclared = "SELECT * { ?s a schema:Project SERVICE <http://ex.org/sparql> {} }";
        assert!(check_query(undeclared, base, &[]).is_err());
        let update = "INSERT { ?s ?p ?o } WHERE { SERVICE <http://ex.org/sparql> { ?s ?p ?o } }";
        assert!(check_update(update, base, &[]).is_err());
    }

    #[test]
    fn refuses_hosts_off_the_list() {
        let wikidata = ServiceName::Iri("https://query.wikidata.org/sparql".into());
        let refused = check_service(&wikidata, &[]).unwrap_err();
        assert_eq!(refused.status().as_u16(), 400);
        assert!(refused.message().contains("does not federate"));
        let other = check_service(&wikidata, &["dbpedia.org".into()]).unwrap_err();
        assert!(other.message().contains("only with dbpedia.org"));
        let allowed = check_service(&wikidata, &["query.wikidata.org".into()]).unwrap_err();
        assert_eq!(allowed.status().as_u16(), 501);
        let variable = ServiceName::Variable("?e".into());
        assert_eq!(
            check_service(&variable, &["x".into()])
                .unwrap_err()
                .status()
                .as_u16(),
            400
        );
    }
}
