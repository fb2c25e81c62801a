//! The hosts a `SERVICE` may call (`--federate-with`, repeatable).
//!
//! An entry is a host, which allows every port of that host
//! (`query.wikidata.org`, `127.0.0.1`, `[::1]`), or a `host:port`, which
//! allows that port only (`127.0.0.1:7879`): allowing a loopback host
//! without a port would let queries reach every local service, so a port
//! narrows it. Names are compared as written, case aside: `localhost` does
//! not allow `127.0.0.1`, nor the other way round. Only `http` and `https`
//! endpoints are called.

use url::Url;

/// The allow-list, read from the configuration's entries.
#[derive(Debug, Clone, Default)]
pub(super) struct AllowList {
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq)]
struct Entry {
    /// Lower case, as `Url::host_str` writes it (IPv6 in brackets).
    host: String,
    /// `None` allows every port.
    port: Option<u16>,
}

impl AllowList {
    /// The list of `entries` (`host` or `host:port`, see the module).
    pub(super) fn new(entries: &[String]) -> Self {
        AllowList {
            entries: entries.iter().map(|entry| Entry::parse(entry)).collect(),
        }
    }

    /// `url` may be called: `http` or `https`, on an allowed host and port.
    ///
    /// With `127.0.0.1:7879` and `query.wikidata.org` on the list,
    /// `https://query.wikidata.org/sparql` and `http://127.0.0.1:7879/sparql`
    /// are called, `http://127.0.0.1:22/` and `file:///etc/passwd` are not.
    pub(super) fn permits(&self, url: &Url) -> bool {
        if !matches!(url.scheme(), "http" | "https") {
            return false;
        }
        let (Some(host), Some(port)) = (url.host_str(), url.port_or_known_default()) else {
            return false;
        };
        self.entries.iter().any(|entry| {
            entry.host.eq_ignore_ascii_case(host) && entry.port.is_none_or(|p| p == port)
        })
    }

    /// Why `url` is not called, for a refusal message.
    pub(super) fn refusal(&self, url: &str) -> String {
        let scheme_ok = Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
        if !scheme_ok {
            return "only http and https endpoints are called".to_owned();
        }
        if self.entries.is_empty() {
            return "this endpoint does not federate with any host".to_owned();
        }
        let names: Vec<String> = self.entries.iter().map(Entry::to_string).collect();
        format!("it federates only with {}", names.join(", "))
    }
}

impl Entry {
    /// `host` or `host:port`; an IPv6 address with a port is `[::1]:7879`.
    fn parse(entry: &str) -> Entry {
        let entry = entry.trim().to_ascii_lowercase();
        if let Some((host, port)) = entry.rsplit_once(':') {
            let bracketed_or_plain = host.ends_with(']') || !host.contains(':');
            if let (true, false, Ok(port)) = (bracketed_or_plain, host.is_empty(), port.parse()) {
                return Entry {
                    host: host.to_owned(),
                    port: Some(port),
                };
            }
        }
        let host = match entry.contains(':') && !entry.starts_with('[') {
            true => format!("[{entry}]"), // a bare IPv6 address
            false => entry,
        };
        Entry { host, port: None }
    }
}

impl std::fmt::Display for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.port {
            Some(port) => write!(f, "{}:{port}", self.host),
            None => f.write_str(&self.host),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn permits(entries: &[&str], url: &str) -> bool {
        let entries: Vec<String> = entries.iter().map(|e| e.to_string()).collect();
        AllowList::new(&entries).permits(&Url::parse(url).unwrap())
    }

    #[test]
    fn a_host_allows_every_port_a_host_and_port_only_that_one() {
        assert!(permits(
            &["Query.Wikidata.org"],
            "https://query.wikidata.org/sparql"
        ));
        assert!(permits(&["127.0.0.1"], "http://127.0.0.1:7879/sparql"));
        assert!(permits(&["127.0.0.1:7879"], "http://127.0.0.1:7879/sparql"));
        assert!(!permits(&["127.0.0.1:7879"], "http://127.0.0.1:22/"));
        assert!(permits(&["example.org:443"], "https://example.org/sparql"));
        assert!(!permits(&["example.org:443"], "http://example.org/sparql"));
        assert!(permits(&["[::1]:7879"], "http://[::1]:7879/sparql"));
        assert!(permits(&["::1"], "http://[::1]:7879/sparql"));
    }

    #[test]
    fn other_hosts_and_schemes_are_refused() {
        assert!(!permits(&[], "https://query.wikidata.org/sparql"));
        assert!(!permits(&["localhost"], "http://127.0.0.1/sparql"));
        assert!(!permits(
            &["wikidata.org"],
            "https://query.wikidata.org/sparql"
        ));
        assert!(!permits(&["example.org"], "ftp://example.org/sparql"));
        assert!(!permits(&["example.org"], "file:///etc/passwd"));
    }

    #[test]
    fn refusals_name_the_list() {
        let list = AllowList::new(&["dbpedia.org".into(), "127.0.0.1:7879".into()]);
        assert_eq!(
            list.refusal("https://query.wikidata.org/sparql"),
            "it federates only with dbpedia.org, 127.0.0.1:7879"
        );
        assert!(
            AllowList::new(&[])
                .refusal("http://x/")
                .contains("any host")
        );
        assert!(
            list.refusal("ftp://dbpedia.org/")
                .contains("only http and https")
        );
    }
}
