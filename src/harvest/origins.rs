//! The partner's origins: where one partner's harvest may go.
//!
//! Input: a mapping. Output: [`Origins`], asked for every hop of the run
//! (redirect, next page, sitemap child, detail page, robots.txt redirect).
//! The partner's hosts are those of its start URLs, sitemap and page
//! template, each with its port when the URL gives one (else the scheme's
//! default ports, so `http://` → `https://` stays allowed), plus
//! `discovery.hosts`. A redirect to another port of the same host, or to
//! another host, leaves the partner's site and is refused.

use std::fmt;

use url::Url;

use crate::mapping::{Mapping, PartnerHost};

/// The hosts (and ports) a partner's harvest may fetch from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origins {
    hosts: Vec<PartnerHost>,
}

impl Origins {
    /// The origins of `mapping`'s partner.
    pub fn of(mapping: &Mapping) -> Origins {
        let declared = mapping.sources.iter().flat_map(|s| &s.discovery.hosts);
        let mut hosts: Vec<PartnerHost> = entry_points(mapping)
            .iter()
            .filter_map(PartnerHost::of)
            .chain(declared.cloned())
            .collect();
        hosts.dedup();
        Origins { hosts }
    }

    /// Whether `url` is on one of the partner's hosts and ports.
    pub fn permits(&self, url: &Url) -> bool {
        self.hosts.iter().any(|host| host.permits(url))
    }
}

impl fmt::Display for Origins {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = self.hosts.iter().map(ToString::to_string).collect();
        f.write_str(&names.join(", "))
    }
}

/// Where discovery starts, in every source: the start URLs, the sitemap,
/// the first templated page.
pub(super) fn entry_points(mapping: &Mapping) -> Vec<Url> {
    let mut points = Vec::new();
    for discovery in mapping.sources.iter().map(|s| &s.discovery) {
        let sitemap = discovery.sitemap.iter().map(|s| s.url.clone());
        let template = discovery
            .pages
            .iter()
            .filter_map(|p| Url::parse(&p.template.replace("{page}", &p.from.to_string())).ok());
        let starts = discovery.start.iter().map(|s| s.url.clone());
        points.extend(starts.chain(sitemap).chain(template));
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(discovery: &str) -> Mapping {
        let text = format!(
            "[partner]\nid = \"demo\"\nname = \"Démo\"\nhomepage = \"https://demo.example/\"\n\
             [discovery]\n{discovery}\n[listing]\nitem = \".p\"\n\
             [[detail.field]]\ntarget = \"name\"\nselect = \"h1\"\n\
             [[detail.field]]\ntarget = \"description\"\nselect = \"p\"\n\
             [[detail.field]]\ntarget = \"organisation.name\"\nlabel = \"Porteur\"\n"
        );
        Mapping::parse("m.toml", &text).expect("test mapping")
    }

    fn url(text: &str) -> Url {
        Url::parse(text).expect("test URL")
    }

    #[test]
    fn start_urls_and_listed_hosts() {
        let origins = Origins::of(&mapping(
            "start = [\"https://demo.example/projets\", \"http://127.0.0.1:5000/p\"]\n\
             hosts = [\"api.demo.example\", \"cdn.demo.example:8443\"]",
        ));
        assert_eq!(
            origins.to_string(),
            "demo.example, 127.0.0.1:5000, api.demo.example, cdn.demo.example:8443"
        );
        for allowed in [
            "https://demo.example/projets/a",
            "http://demo.example/projets/a",
            "http://127.0.0.1:5000/p?page=2",
            "https://api.demo.example/v1",
            "https://cdn.demo.example:8443/x",
        ] {
            assert!(origins.permits(&url(allowed)), "{allowed}");
        }
        for refused in [
            "https://demo.example:8443/",
            "http://127.0.0.1:5001/",
            "http://127.0.0.2:5000/",
            "http://localhost:5000/",
            "https://www.demo.example/",
            "https://cdn.demo.example/x",
            "http://169.254.169.254/latest/meta-data/",
            "file:///etc/passwd",
        ] {
            assert!(!origins.permits(&url(refused)), "{refused}");
        }
    }

    #[test]
    fn sitemaps_and_templates_are_origins_too() {
        let origins = Origins::of(&mapping(
            "start = []\nsitemap = { url = \"https://plan.demo.example/sitemap.xml\", include = \"/p/\" }",
        ));
        assert!(origins.permits(&url("https://plan.demo.example/p/1")));
        let origins = Origins::of(&mapping(
            "start = []\npages = { template = \"https://pages.demo.example/?page={page}\", from = 1, to = 3 }",
        ));
        assert!(origins.permits(&url("https://pages.demo.example/?page=9")));
        assert!(!origins.permits(&url("https://demo.example/")));
    }
}
