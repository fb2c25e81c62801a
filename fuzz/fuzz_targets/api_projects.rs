#![no_main]
//! The query string of `/api/projects`: `params::parse` on the raw text,
//! then the same text on a real request over the demo data.
//!
//! The oracles: parsing never panics; parameters it accepts survive the
//! trip through the collection's own links (`collection::query_string`,
//! what `next`/`previous` point at) unchanged; the route refuses what the
//! parser refuses with a `400` and never answers a 500.

use axum::http::{Method, StatusCode};
use carrefour::server::datasets::projects::collection::query_string;
use carrefour::server::datasets::projects::params::{Params, parse};
use carrefour_fuzz::server;
use libfuzzer_sys::fuzz_target;

/// A view's link gives back the same filters, page and limit.
fn links_keep(params: &Params) {
    let link = query_string(&params.filters, params.limit, Some(params.page));
    let query = link.strip_prefix('?').unwrap_or(&link);
    match parse(&server::base(), Some(query)) {
        Ok(again) => {
            assert_eq!(again.filters, params.filters, "link {link}");
            assert_eq!(
                (again.page, again.limit),
                (params.page, params.limit),
                "link {link}"
            );
        }
        Err(e) => panic!("the link {link} of {params:?} does not parse: {e}"),
    }
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let base = server::base();
    if let Ok(params) = parse(&base, Some(text)) {
        links_keep(&params);
    }
    let Some(request) = server::request(
        &Method::GET,
        &format!("/api/projects?{text}"),
        &[],
        Vec::new(),
    ) else {
        return;
    };
    // The query string the route sees, as an HTTP client would send it.
    let sent = request.uri().query().map(str::to_owned);
    let parsed = parse(&base, sent.as_deref());
    let answer = server::send(server::demo_app(), request);
    server::check(&answer, &sent);
    if let Err(e) = parsed {
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{sent:?} refused ({e}) but answered {}",
            answer.excerpt()
        );
    }
});
