//! `SERVICE` clauses (SPARQL 1.1 Federated Query), called only on the
//! hosts of an allow-list (`ServerConfig::federate_with`, `--federate-with`,
//! empty by default; see [`allow_list`] for `host` versus `host:port`).
//!
//! An endpoint that calls whatever `SERVICE` a query names is an open proxy,
//! into its own network too. So every `SERVICE` is checked before anything
//! runs: one on a host not on the list, or whose endpoint is a variable, is
//! refused with a 400 that says so. The allowed ones are called by the
//! handler of [`caller`] over HTTP ([`remote`]), which checks every
//! endpoint and every redirect again; a failure of the remote endpoint is a
//! 502 naming it (`SERVICE SILENT` gets the empty solution instead).
//!
//! An allowed host is called only at a public address: its name is
//! resolved when the connection is made, and a loopback, private or
//! link-local address (or an IP literal of one) is refused, like the
//! harvester's connections ([`crate::net`]); loopback only with
//! `ServerConfig::allow_loopback`, for tests.
//!
//! Updates do not call remote endpoints: a `SERVICE` in an update is
//! refused (501) even on an allowed host.

mod allow_list;
mod caller;
mod remote;

use caller::ServiceCaller;

use super::AppError;
use crate::net::AddressPolicy;
use crate::server::ServerConfig;
use allow_list::AllowList;

/// The endpoint a `SERVICE` names: an IRI, or a variable (bound at run time).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum ServiceName {
    Iri(String),
    Variable(String),
}

/// The `SERVICE` handler for one query, allowed to run the configuration's
/// `query_timeout` from now: give it to the evaluator
/// (`with_default_service_handler`).
pub(super) fn caller(config: &ServerConfig) -> ServiceCaller {
    let addresses = AddressPolicy {
        allow_loopback: config.allow_loopback,
    };
    // A remote endpoint gives up a little before the query does, so its
    // silence is reported as its failure (502 naming it), not as our timeout.
    let timeout = config.query_timeout;
    let timeout = timeout.saturating_sub((timeout / 10).min(SERVICE_MARGIN));
    ServiceCaller::new(&config.federate_with, timeout, addresses)
}

/// How much sooner than its query a `SERVICE` call gives up, at most.
const SERVICE_MARGIN: std::time::Duration = std::time::Duration::from_secs(1);

/// Refuses a query with a `SERVICE` clause we will not run; `canonical`
/// is the query as [`super::parse`] printed it back.
pub(super) fn check_query(canonical: &str, allowed_hosts: &[String]) -> Result<(), AppError> {
    check(canonical, allowed_hosts)
}

/// Refuses an update with a `SERVICE` clause: on a host not allowed as a
/// query would be (400), on an allowed one because updates do not call
/// remote endpoints (501). `canonical` as for [`check_query`].
pub(super) fn check_update(canonical: &str, allowed_hosts: &[String]) -> Result<(), AppError> {
    check(canonical, allowed_hosts)?;
    match services(canonical).first() {
        Some(ServiceName::Iri(iri)) => Err(AppError::NotImplemented(format!(
            "SERVICE <{iri}>: updates do not call remote endpoints on this server, even \
             allowed ones; query <{iri}> first, then write what you need with INSERT DATA"
        ))),
        _ => Ok(()),
    }
}

/// Refuses an operation, `normalized` as the SPARQL parser writes it back
/// (see [`services`]), if it has a `SERVICE` clause we will not run.
fn check(normalized: &str, allowed_hosts: &[String]) -> Result<(), AppError> {
    for service in services(normalized) {
        check_service(&service, allowed_hosts)?;
    }
    Ok(())
}

fn check_service(service: &ServiceName, allowed_hosts: &[String]) -> Result<(), AppError> {
    let iri = match service {
        ServiceName::Variable(name) => {
            return Err(AppError::bad_request(format!(
                "SERVICE {name}: a SERVICE whose endpoint is a variable cannot be checked \
                 against the list of hosts this endpoint federates with; name the endpoint"
            )));
        }
        ServiceName::Iri(iri) => iri,
    };
    let allowed = AllowList::new(allowed_hosts);
    if url::Url::parse(iri).is_ok_and(|url| allowed.permits(&url)) {
        return Ok(());
    }
    Err(AppError::bad_request(format!(
        "SERVICE <{iri}> is refused: {}. Run the part of the query that needs \
         <{iri}> on that endpoint, or ask the operator to allow its host (--federate-with)",
        allowed.refusal(iri)
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

    fn check_query(text: &str, allowed: &[String]) -> Result<(), AppError> {
        let base = crate::record::BaseIri::new("http://localhost:7878/").unwrap();
        let parsed = super::super::parse::query(text, &base)?;
        super::check_query(&parsed.canonical, allowed)
    }

    fn check_update(text: &str, allowed: &[String]) -> Result<(), AppError> {
        let base = crate::record::BaseIri::new("http://localhost:7878/").unwrap();
        let parsed = super::super::parse::update(text, &base)?;
        super::check_update(&parsed.canonical, allowed)
    }

    #[test]
    fn reads_services_from_the_parsed_query() {
        let query = "select * { # SERVICE <http://comment/> {}\n service <http://ex.org/sparql> { ?s ?p ?o } }";
        let refused = check_query(query, &[]).unwrap_err();
        assert!(refused.message().contains("<http://ex.org/sparql>"));
        assert!(check_query("SELECT * { ?s ?p 'SERVICE <http://x/> {' }", &[]).is_ok());
        let undeclared = "SELECT * { ?s a schema:Project SERVICE <http://ex.org/sparql> {} }";
        assert!(check_query(undeclared, &[]).is_err());
        let update = "INSERT { ?s ?p ?o } WHERE { SERVICE <http://ex.org/sparql> { ?s ?p ?o } }";
        assert_eq!(check_update(update, &[]).unwrap_err().status(), 400);
        let allowed = check_update(update, &["ex.org".into()]).unwrap_err();
        assert_eq!(allowed.status(), 501);
        assert!(check_query(query, &["ex.org".into()]).is_ok());
    }

    #[test]
    fn refuses_hosts_off_the_list() {
        let wikidata = ServiceName::Iri("https://query.wikidata.org/sparql".into());
        let refused = check_service(&wikidata, &[]).unwrap_err();
        assert_eq!(refused.status().as_u16(), 400);
        assert!(refused.message().contains("does not federate"));
        let other = check_service(&wikidata, &["dbpedia.org".into()]).unwrap_err();
        assert!(other.message().contains("only with dbpedia.org"));
        assert!(check_service(&wikidata, &["query.wikidata.org".into()]).is_ok());
        assert!(check_service(&wikidata, &["query.wikidata.org:443".into()]).is_ok());
        assert!(check_service(&wikidata, &["query.wikidata.org:8080".into()]).is_err());
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
