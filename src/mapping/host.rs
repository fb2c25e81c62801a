//! A host of `discovery.hosts`: `api.partner.org` (its scheme's default
//! ports, 80 for http and 443 for https) or `partner.org:8443` (that port
//! only), checked when the mapping is read.

use std::fmt;

use serde::{Deserialize, Deserializer};
use url::Url;

/// A host whose pages are the partner's, with its port if one is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerHost {
    /// As [`Url::host_str`] writes it: lower case, IPv6 in brackets.
    pub host: String,
    /// `None`: the scheme's default port only (http 80, https 443).
    pub port: Option<u16>,
}

impl PartnerHost {
    /// Reads `partner.org`, `partner.org:8443` or `[2001:db8::1]:8080`.
    ///
    /// ```
    /// use carrefour::mapping::PartnerHost;
    ///
    /// let api = PartnerHost::parse("API.Partner.org:8443")?;
    /// assert_eq!((api.host.as_str(), api.port), ("api.partner.org", Some(8443)));
    /// assert!(PartnerHost::parse("https://partner.org/").is_err());
    /// # Result::<_, String>::Ok(())
    /// ```
    pub fn parse(text: &str) -> Result<PartnerHost, String> {
        let refuse = |why: &str| {
            Err(format!(
                "{text:?} is not a host: {why}; write `partner.org` or `partner.org:8443`"
            ))
        };
        if text.contains(['/', '@', '?', '#']) || text.trim() != text || text.is_empty() {
            return refuse("no scheme, path, user or spaces");
        }
        let (name, port) = match text.rsplit_once(':') {
            Some((name, port)) if name.ends_with(']') || !name.contains(':') => {
                match port.parse::<u16>() {
                    Ok(port) if port > 0 => (name, Some(port)),
                    _ => return refuse("the port must be a number from 1 to 65535"),
                }
            }
            Some(_) if !text.starts_with('[') => return refuse("put an IPv6 address in brackets"),
            _ => (text, None),
        };
        let Ok(url) = Url::parse(&format!("http://{name}/")) else {
            return refuse("the name does not parse");
        };
        match url.host_str() {
            Some(host) if url.port().is_none() && url.path() == "/" => Ok(PartnerHost {
                host: host.to_owned(),
                port,
            }),
            _ => refuse("the name does not parse"),
        }
    }

    /// The host of `url`, with its port if it is not the scheme's default.
    pub fn of(url: &Url) -> Option<PartnerHost> {
        Some(PartnerHost {
            host: url.host_str()?.to_owned(),
            port: url.port(),
        })
    }

    /// Whether `url` (http or https) is on this host and an allowed port.
    pub fn permits(&self, url: &Url) -> bool {
        let on_host = url.host_str() == Some(self.host.as_str());
        let on_port = match self.port {
            None => url.port().is_none(),
            Some(port) => url.port_or_known_default() == Some(port),
        };
        matches!(url.scheme(), "http" | "https") && on_host && on_port
    }
}

impl fmt::Display for PartnerHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(port) => write!(f, "{}:{port}", self.host),
            None => f.write_str(&self.host),
        }
    }
}

impl<'de> Deserialize<'de> for PartnerHost {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        PartnerHost::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("test URL")
    }

    #[test]
    fn hosts_with_and_without_ports() {
        let plain = PartnerHost::parse("Partner.org").expect("plain");
        assert_eq!((plain.host.as_str(), plain.port), ("partner.org", None));
        let v6 = PartnerHost::parse("[2001:DB8::1]:8080").expect("v6");
        assert_eq!((v6.host.as_str(), v6.port), ("[2001:db8::1]", Some(8080)));
        let explicit_80 = PartnerHost::parse("partner.org:80").expect("port 80");
        assert_eq!(explicit_80.port, Some(80));
        for bad in [
            "",
            "https://partner.org",
            "partner.org/projets",
            "user@partner.org",
            "partner.org:http",
            "partner.org:0",
            "2001:db8::1",
            " partner.org",
        ] {
            assert!(PartnerHost::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn without_a_port_only_the_default_ports() {
        let host = PartnerHost::parse("partner.org").expect("host");
        assert!(host.permits(&url("https://partner.org/projets")));
        assert!(host.permits(&url("http://partner.org/projets")));
        assert!(!host.permits(&url("https://partner.org:8443/projets")));
        assert!(!host.permits(&url("http://partner.org:443/")));
        assert!(!host.permits(&url("https://www.partner.org/")));
        assert!(!host.permits(&url("ftp://partner.org/")));
    }

    #[test]
    fn with_a_port_that_port_only() {
        let host = PartnerHost::of(&url("http://127.0.0.1:5000/projets")).expect("host");
        assert_eq!(host.to_string(), "127.0.0.1:5000");
        assert!(host.permits(&url("http://127.0.0.1:5000/page/2")));
        assert!(!host.permits(&url("http://127.0.0.1:5001/")));
        assert!(!host.permits(&url("http://127.0.0.2:5000/")));
        assert!(!host.permits(&url("http://127.0.0.1/")));
    }
}
