//! Where Carrefour may connect: public Internet addresses only.
//!
//! The harvester and SPARQL federation both call URLs that come from
//! outside (partner pages, redirects, sitemaps, queries). Both build their
//! HTTP client through [`AddressPolicy::guard`], so a name resolving to a
//! loopback, private, link-local or otherwise non-public address is refused
//! when the connection is made, and both call
//! [`AddressPolicy::check_literal`] before a request to an IP literal. The
//! only exception is loopback, for tests and local mirrors, by explicit
//! opt-in ([`AddressPolicy::allow_loopback`], `--allow-loopback`).
//!
//! This module knows nothing of partners, mappings or SPARQL.

mod address;
mod guard;

pub use address::{NonPublic, Range, classify};
pub use guard::{AddressPolicy, AddressRefused, PublicResolver, refusal_in};
