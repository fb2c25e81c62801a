//! The address rule applied to every outgoing connection: a DNS resolver
//! for reqwest that hands the HTTP client only public addresses, and the
//! same check for URLs whose host is an IP literal (which reqwest connects
//! to without asking any resolver).
//!
//! Checking at connect time, on the addresses actually used, is what makes
//! the rule hold: a name checked earlier could resolve elsewhere a moment
//! later (DNS rebinding), and `http://localhost/` or
//! `http://metadata.internal/` look harmless as names.

use std::error::Error;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

use super::address::{NonPublic, Range, classify};

/// Which non-public addresses may still be connected to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AddressPolicy {
    /// Loopback (`127.0.0.0/8`, `::1`) is allowed: for tests and local
    /// mirrors served on this machine, never for production. Private,
    /// link-local and the other ranges stay refused.
    pub allow_loopback: bool,
}

impl AddressPolicy {
    /// `Ok` when a connection to `address` is allowed; `host` names it in the refusal.
    pub fn check(&self, host: &str, address: IpAddr) -> Result<(), AddressRefused> {
        match classify(address) {
            None => Ok(()),
            Some(found) if self.allow_loopback && found.range == Range::Loopback => Ok(()),
            Some(found) => Err(AddressRefused {
                host: host.to_owned(),
                address,
                found,
            }),
        }
    }

    /// `Ok` unless `url`'s host is an IP literal this policy refuses. Names
    /// are left to the resolver ([`PublicResolver`]), which sees the
    /// addresses they resolve to.
    pub fn check_literal(&self, url: &Url) -> Result<(), AddressRefused> {
        let address = match url.host() {
            Some(Host::Ipv4(v4)) => IpAddr::V4(v4),
            Some(Host::Ipv6(v6)) => IpAddr::V6(v6),
            Some(Host::Domain(_)) | None => return Ok(()),
        };
        self.check(url.host_str().unwrap_or_default(), address)
    }

    /// `builder` made to connect only where this policy allows: names go
    /// through a [`PublicResolver`], and no proxy is used (a proxy would
    /// resolve names itself, out of our sight). IP literals must still be
    /// checked before each request ([`AddressPolicy::check_literal`]).
    pub fn guard(self, builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
        builder
            .no_proxy()
            .dns_resolver(Arc::new(PublicResolver { policy: self }))
    }
}

/// A connection refused because the address is not public.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressRefused {
    /// The host as the URL names it.
    pub host: String,
    /// The address it is (or resolved to).
    pub address: IpAddr,
    /// Where that address falls.
    pub found: NonPublic,
}

impl fmt::Display for AddressRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let literal = self
            .host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip == self.address);
        if literal {
            write!(f, "{} is {}", self.host, self.found)?;
        } else {
            write!(
                f,
                "{} resolves to {}, {}",
                self.host, self.address, self.found
            )?;
        }
        f.write_str(", not a public address; no connection is made")?;
        if self.found.range == Range::Loopback {
            f.write_str(" (loopback is allowed only with --allow-loopback, for tests)")?;
        }
        Ok(())
    }
}

impl Error for AddressRefused {}

/// The refusal somewhere in `error`'s chain of sources, if the error is one
/// (reqwest wraps what the resolver returns several levels deep).
pub fn refusal_in<'a>(error: &'a (dyn Error + 'static)) -> Option<&'a AddressRefused> {
    let mut current = Some(error);
    while let Some(error) = current {
        if let Some(refused) = error.downcast_ref::<AddressRefused>() {
            return Some(refused);
        }
        current = error.source();
    }
    None
}

/// Resolves names with the system resolver, then keeps only the addresses
/// the policy allows; a name left with none is refused.
#[derive(Debug, Clone)]
pub struct PublicResolver {
    policy: AddressPolicy,
}

impl Resolve for PublicResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            // Port 0: reqwest puts the URL's port in afterwards.
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let mut refused = None;
            let mut allowed = Vec::new();
            for address in found {
                match policy.check(&host, address.ip()) {
                    Ok(()) => allowed.push(address),
                    Err(refusal) => {
                        tracing::debug!(%host, %refusal, "address refused");
                        refused.get_or_insert(refusal);
                    }
                }
            }
            match (allowed.is_empty(), refused) {
                (false, _) => Ok(Box::new(allowed.into_iter()) as Addrs),
                (true, Some(refusal)) => Err(Box::new(refusal) as Box<dyn Error + Send + Sync>),
                (true, None) => Err(format!("{host} resolves to no address").into()),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("test URL")
    }

    #[test]
    fn literals_are_checked_names_are_left_to_the_resolver() {
        let strict = AddressPolicy::default();
        let refused = strict
            .check_literal(&url("http://169.254.169.254/latest/meta-data/"))
            .expect_err("metadata");
        assert_eq!(refused.found.range, Range::LinkLocal);
        assert!(
            refused
                .to_string()
                .starts_with("169.254.169.254 is a link-local address"),
            "{refused}"
        );
        assert!(strict.check_literal(&url("http://[::1]:8080/")).is_err());
        assert!(strict.check_literal(&url("http://0x7f.1/")).is_err());
        assert!(strict.check_literal(&url("http://localhost/")).is_ok());
        assert!(strict.check_literal(&url("https://193.51.24.1/")).is_ok());
    }

    #[test]
    fn the_loopback_opt_in_allows_loopback_only() {
        let local = AddressPolicy {
            allow_loopback: true,
        };
        assert!(local.check_literal(&url("http://127.0.0.1:5000/")).is_ok());
        assert!(local.check_literal(&url("http://127.0.0.2/")).is_ok());
        assert!(local.check_literal(&url("http://[::1]/")).is_ok());
        for refused in [
            "http://10.0.0.1/",
            "http://192.168.1.1/",
            "http://169.254.169.254/",
            "http://[fe80::1]/",
            "http://[fc00::1]/",
            "http://0.0.0.0/",
        ] {
            assert!(local.check_literal(&url(refused)).is_err(), "{refused}");
        }
    }

    #[tokio::test]
    async fn the_resolver_refuses_a_name_of_loopback() {
        let resolver = PublicResolver {
            policy: AddressPolicy::default(),
        };
        let name: Name = "localhost".parse().expect("name");
        let error = match resolver.resolve(name).await {
            Ok(addresses) => panic!("resolved to {:?}", addresses.collect::<Vec<_>>()),
            Err(error) => error,
        };
        let refused = refusal_in(&*error).expect("a refusal");
        assert_eq!(refused.found.range, Range::Loopback);
        assert!(
            refused.to_string().starts_with("localhost resolves to "),
            "{refused}"
        );
        let local = PublicResolver {
            policy: AddressPolicy {
                allow_loopback: true,
            },
        };
        let name: Name = "localhost".parse().expect("name");
        assert!(local.resolve(name).await.is_ok());
    }
}
