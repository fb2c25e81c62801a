//! Reading a request of the SPARQL 1.1 Protocol
//! (<https://www.w3.org/TR/sparql11-protocol/>): which operation it asks for,
//! with which dataset, in which format. Nothing is evaluated here.
//!
//! Queries come by `GET` (`?query=`), by `POST` of a form or of
//! `application/sparql-query`; updates only by `POST` of a form or of
//! `application/sparql-update`. Text must be UTF-8. A request breaking
//! these rules is refused with the reason, before anything runs.

use axum::http::{HeaderMap, Method, header};

use super::AppError;
use super::dataset::ProtocolDataset;

/// What a request asks for.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Operation {
    /// Evaluate a query.
    Query(QueryOperation),
    /// Apply an update.
    Update(UpdateOperation),
    /// No operation: show the query page (prefilled with an example) or the
    /// service description.
    Describe { example: Option<String> },
}

/// A query and the dataset the protocol names for it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct QueryOperation {
    pub text: String,
    pub dataset: ProtocolDataset,
}

/// An update and the dataset of its `WHERE` clauses (`using-graph-uri`,
/// `using-named-graph-uri`).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct UpdateOperation {
    pub text: String,
    pub using: ProtocolDataset,
}

/// A request read.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ProtocolRequest {
    pub operation: Operation,
    /// The `format=` (or `output=`, `results=`) parameter, for clients that
    /// cannot set `Accept`.
    pub format: Option<String>,
}

const FORM: &str = "application/x-www-form-urlencoded";
const SPARQL_QUERY: &str = "application/sparql-query";
const SPARQL_UPDATE: &str = "application/sparql-update";

/// Reads a request to `/sparql`.
pub(super) fn read(
    method: &Method,
    headers: &HeaderMap,
    query_string: Option<&str>,
    body: &[u8],
) -> Result<ProtocolRequest, AppError> {
    let url_params = Params::decode(query_string.unwrap_or_default().as_bytes())?;
    if method == Method::POST {
        read_post(headers, url_params, body)
    } else {
        read_get(url_params)
    }
}

/// `GET` (and `HEAD`): a query in the URL, or nothing.
fn read_get(params: Params) -> Result<ProtocolRequest, AppError> {
    if params.has("update") {
        return Err(AppError::bad_request(
            "updates cannot be sent with GET: POST them, as a form (update=…) or as application/sparql-update",
        ));
    }
    let operation = match params.single("query")? {
        Some(text) => Operation::Query(QueryOperation {
            text: text.to_owned(),
            dataset: ProtocolDataset::for_query(&params)?,
        }),
        None => Operation::Describe {
            example: params.single("example")?.map(str::to_owned),
        },
    };
    Ok(ProtocolRequest {
        operation,
        format: params.format(),
    })
}

/// `POST`: a form, or a query or update as the body.
fn read_post(
    headers: &HeaderMap,
    mut params: Params,
    body: &[u8],
) -> Result<ProtocolRequest, AppError> {
    let media_type = body_media_type(headers)?;
    let text = std::str::from_utf8(body).map_err(|e| {
        AppError::bad_request(format!(
            "the request body is not UTF-8 ({e}); SPARQL requests must be encoded in UTF-8"
        ))
    })?;
    let operation = match media_type.as_str() {
        FORM => {
            params.extend(Params::decode(text.as_bytes())?);
            read_form(&params)?
        }
        SPARQL_QUERY => {
            refuse_in_url(&params, "query", SPARQL_QUERY)?;
            Operation::Query(QueryOperation {
                text: text.to_owned(),
                dataset: ProtocolDataset::for_query(&params)?,
            })
        }
        SPARQL_UPDATE => {
            refuse_in_url(&params, "update", SPARQL_UPDATE)?;
            Operation::Update(UpdateOperation {
                text: text.to_owned(),
                using: ProtocolDataset::for_update(&params)?,
            })
        }
        other => {
            return Err(AppError::UnsupportedMediaType(format!(
                "a POST to /sparql is a form ({FORM}), a query ({SPARQL_QUERY}) or an update ({SPARQL_UPDATE}), not {other}"
            )));
        }
    };
    Ok(ProtocolRequest {
        operation,
        format: params.format(),
    })
}

/// A posted form holds exactly one query or one update.
fn read_form(params: &Params) -> Result<Operation, AppError> {
    match (params.single("query")?, params.single("update")?) {
        (Some(_), Some(_)) => Err(AppError::bad_request(
            "the form has both a query and an update: send them in two requests",
        )),
        (Some(text), None) => Ok(Operation::Query(QueryOperation {
            text: text.to_owned(),
            dataset: ProtocolDataset::for_query(params)?,
        })),
        (None, Some(text)) => Ok(Operation::Update(UpdateOperation {
            text: text.to_owned(),
            using: ProtocolDataset::for_update(params)?,
        })),
        (None, None) => Err(AppError::bad_request(
            "the form has neither a query= nor an update= parameter",
        )),
    }
}

/// With the operation as the body, the URL must not carry another one.
fn refuse_in_url(params: &Params, name: &str, media_type: &str) -> Result<(), AppError> {
    if params.has(name) {
        return Err(AppError::bad_request(format!(
            "the body is the {name} ({media_type}): the URL must not have a {name}= parameter too"
        )));
    }
    Ok(())
}

/// The media type of a POST body, lowercased, without parameters; only
/// UTF-8 (or no charset) is accepted.
fn body_media_type(headers: &HeaderMap) -> Result<String, AppError> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Err(AppError::UnsupportedMediaType(format!(
            "the POST has no Content-Type: send {FORM}, {SPARQL_QUERY} or {SPARQL_UPDATE}"
        )));
    };
    let value = value.to_str().map_err(|_| {
        AppError::UnsupportedMediaType("the Content-Type header is not readable text".into())
    })?;
    let mut parts = value.split(';');
    let media_type = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    for param in parts {
        let Some((name, charset)) = param.split_once('=') else {
            continue;
        };
        let charset = charset.trim().trim_matches('"');
        if name.trim().eq_ignore_ascii_case("charset")
            && !charset.eq_ignore_ascii_case("utf-8")
            && !charset.eq_ignore_ascii_case("utf8")
        {
            return Err(AppError::UnsupportedMediaType(format!(
                "the body is in {charset}: SPARQL requests must be encoded in UTF-8"
            )));
        }
    }
    Ok(media_type)
}

/// Decoded `application/x-www-form-urlencoded` parameters, in order.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Params(Vec<(String, String)>);

impl Params {
    /// Decodes a query string or form body; a name or value that is not
    /// UTF-8 once percent-decoded is refused (the URL parser would replace
    /// it silently).
    pub(super) fn decode(input: &[u8]) -> Result<Params, AppError> {
        let mut params = Vec::new();
        for pair in input.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(i) => (&pair[..i], &pair[i + 1..]),
                None => (pair, &b""[..]),
            };
            params.push((percent_decode(name)?, percent_decode(value)?));
        }
        Ok(Params(params))
    }

    fn extend(&mut self, other: Params) {
        self.0.extend(other.0);
    }

    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n == name)
    }

    /// Every value of `name`.
    pub(super) fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The value of a parameter that may appear at most once.
    fn single(&self, name: &str) -> Result<Option<&str>, AppError> {
        let values = self.all(name);
        if values.len() > 1 {
            return Err(AppError::bad_request(format!(
                "the request has several {name}= parameters: send one {name} per request"
            )));
        }
        Ok(values.first().copied())
    }

    /// The first non-empty format parameter: `format`, then `output` and
    /// `results` (SPARQLWrapper sends all three, sometimes twice).
    fn format(&self) -> Option<String> {
        ["format", "output", "results"]
            .iter()
            .flat_map(|name| self.all(name))
            .find(|value| !value.trim().is_empty())
            .map(str::to_owned)
    }
}

/// Percent-decodes one form component (`+` is a space).
fn percent_decode(input: &[u8]) -> Result<String, AppError> {
    let mut bytes = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => bytes.push(b' '),
            b'%' if i + 2 < input.len() && hex_pair(input[i + 1], input[i + 2]).is_some() => {
                bytes.extend(hex_pair(input[i + 1], input[i + 2]));
                i += 2;
            }
            byte => bytes.push(byte),
        }
        i += 1;
    }
    String::from_utf8(bytes).map_err(|_| {
        AppError::bad_request("a parameter is not UTF-8 once percent-decoded: encode it in UTF-8")
    })
}

fn hex_pair(high: u8, low: u8) -> Option<u8> {
    let digit = |b: u8| (b as char).to_digit(16);
    Some((digit(high)? * 16 + digit(low)?) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn post(
        content_type: Option<&str>,
        query: &str,
        body: &str,
    ) -> Result<ProtocolRequest, AppError> {
        let mut headers = HeaderMap::new();
        if let Some(t) = content_type {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(t).unwrap());
        }
        read(&Method::POST, &headers, Some(query), body.as_bytes())
    }

    fn get(query: &str) -> Result<ProtocolRequest, AppError> {
        read(&Method::GET, &HeaderMap::new(), Some(query), b"")
    }

    #[test]
    fn decodes_forms() {
        let params = Params::decode(b"query=ASK%20%7B%7D&a=b+c&empty&x=%zz").unwrap();
        assert_eq!(params.all("query"), ["ASK {}"]);
        assert_eq!(params.all("a"), ["b c"]);
        assert_eq!(params.all("empty"), [""]);
        assert_eq!(params.all("x"), ["%zz"]);
        assert!(Params::decode(b"query=%FF%FE").is_err());
    }

    #[test]
    fn reads_the_three_ways_of_sending_a_query() {
        let expected = Operation::Query(QueryOperation {
            text: "ASK {}".into(),
            dataset: ProtocolDataset::default(),
        });
        assert_eq!(get("query=ASK+%7B%7D").unwrap().operation, expected);
        let form = post(
            Some("application/x-www-form-urlencoded"),
            "",
            "query=ASK%20%7B%7D",
        );
        assert_eq!(form.unwrap().operation, expected);
        let direct = post(
            Some("application/sparql-query; charset=UTF-8"),
            "",
            "ASK {}",
        );
        assert_eq!(direct.unwrap().operation, expected);
    }

    #[test]
    fn refuses_what_the_protocol_forbids() {
        let status = |r: Result<ProtocolRequest, AppError>| r.unwrap_err().status().as_u16();
        assert_eq!(
            status(get("query=ASK%20%7B%7D&query=SELECT%20*%20%7B%7D")),
            400
        );
        assert_eq!(status(get("update=CLEAR%20ALL")), 400);
        assert_eq!(status(post(Some("text/plain"), "", "ASK {}")), 415);
        assert_eq!(status(post(None, "", "query=ASK%20%7B%7D")), 415);
        assert_eq!(
            status(post(
                Some("application/sparql-query; charset=UTF-16"),
                "",
                "ASK {}"
            )),
            415
        );
        let form = "application/x-www-form-urlencoded";
        assert_eq!(status(post(Some(form), "", "update=A&update=B")), 400);
        assert_eq!(status(post(Some(form), "", "query=A&update=B")), 400);
        assert_eq!(status(post(Some(form), "", "nothing=here")), 400);
        let utf16 = read(
            &Method::POST,
            &{
                let mut h = HeaderMap::new();
                h.insert(header::CONTENT_TYPE, HeaderValue::from_static(SPARQL_QUERY));
                h
            },
            None,
            &[0xfe, 0xff, 0, b'A'],
        );
        assert_eq!(status(utf16), 400);
    }

    #[test]
    fn reads_datasets_and_formats() {
        let request = get(
            "query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fex.org%2Fa&format=&output=json&format=csv",
        )
        .unwrap();
        assert_eq!(request.format.as_deref(), Some("csv"));
        let Operation::Query(query) = request.operation else {
            panic!("a query");
        };
        assert!(!query.dataset.is_empty());
        assert_eq!(
            get("").unwrap().operation,
            Operation::Describe { example: None }
        );
    }
}
