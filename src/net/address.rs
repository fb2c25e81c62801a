//! Which IP addresses are the public Internet, and which are not: loopback,
//! private networks, link-local (cloud metadata at 169.254.169.254),
//! carrier-grade NAT, documentation, benchmarking, multicast, reserved, and
//! the IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64,
//! 6to4), judged by the address they embed.
//!
//! Input: an [`IpAddr`]. Output: `None` for a public address, or the
//! [`NonPublic`] range it falls in. Knows nothing of names, URLs or HTTP.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The kind of a non-public address range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Range {
    /// `0.0.0.0/8` and `::`: "this host", never a remote one.
    Unspecified,
    /// `127.0.0.0/8` and `::1`: this machine.
    Loopback,
    /// RFC 1918 (`10/8`, `172.16/12`, `192.168/16`) and IPv6 unique local (`fc00::/7`).
    Private,
    /// Carrier-grade NAT (`100.64.0.0/10`): an operator's internal network.
    SharedAddressSpace,
    /// `169.254.0.0/16` (where cloud metadata services listen) and `fe80::/10`.
    LinkLocal,
    /// IETF protocol assignments (`192.0.0.0/24`, `2001::/23`), deprecated
    /// IPv6 site-local (`fec0::/10`), discard-only (`100::/64`), local NAT64
    /// (`64:ff9b:1::/48`), segment routing (`5f00::/16`), the 6to4 relay
    /// (`192.88.99.0/24`).
    Special,
    /// Documentation examples (`192.0.2/24`, `198.51.100/24`, `203.0.113/24`,
    /// `2001:db8::/32`, `3fff::/20`).
    Documentation,
    /// Benchmarking (`198.18.0.0/15`).
    Benchmarking,
    /// Multicast (`224.0.0.0/4`, `ff00::/8`).
    Multicast,
    /// Reserved for future use (`240.0.0.0/4`), broadcast included.
    Reserved,
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Range::Unspecified => "an unspecified address",
            Range::Loopback => "a loopback address",
            Range::Private => "a private address",
            Range::SharedAddressSpace => "a carrier-grade NAT address",
            Range::LinkLocal => "a link-local address",
            Range::Special => "a special-purpose address",
            Range::Documentation => "a documentation address",
            Range::Benchmarking => "a benchmarking address",
            Range::Multicast => "a multicast address",
            Range::Reserved => "a reserved address",
        })
    }
}

/// Where a non-public address falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NonPublic {
    /// The kind of range.
    pub range: Range,
    /// The IANA block, e.g. `169.254.0.0/16`.
    pub block: &'static str,
    /// For an IPv6 form of an IPv4 address (`::ffff:127.0.0.1`,
    /// `64:ff9b::7f00:1`), the IPv4 address it stands for.
    pub embedded: Option<Ipv4Addr>,
}

impl fmt::Display for NonPublic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(v4) = self.embedded {
            write!(f, "an IPv6 form of {v4}, ")?;
        }
        write!(f, "{} ({})", self.range, self.block)
    }
}

/// IPv4 blocks that are not the public Internet: (network, prefix, range, block).
const V4: [(u32, u8, Range, &str); 17] = [
    (0x0000_0000, 8, Range::Unspecified, "0.0.0.0/8"),
    (0x0A00_0000, 8, Range::Private, "10.0.0.0/8"),
    (0x6440_0000, 10, Range::SharedAddressSpace, "100.64.0.0/10"),
    (0x7F00_0000, 8, Range::Loopback, "127.0.0.0/8"),
    (0xA9FE_0000, 16, Range::LinkLocal, "169.254.0.0/16"),
    (0xAC10_0000, 12, Range::Private, "172.16.0.0/12"),
    (0xC000_0000, 24, Range::Special, "192.0.0.0/24"),
    (0xC000_0200, 24, Range::Documentation, "192.0.2.0/24"),
    (0xC058_6300, 24, Range::Special, "192.88.99.0/24"),
    (0xC0A8_0000, 16, Range::Private, "192.168.0.0/16"),
    (0xC612_0000, 15, Range::Benchmarking, "198.18.0.0/15"),
    (0xC633_6400, 24, Range::Documentation, "198.51.100.0/24"),
    (0xCB00_7100, 24, Range::Documentation, "203.0.113.0/24"),
    (0xE000_0000, 4, Range::Multicast, "224.0.0.0/4"),
    (0xF000_0000, 4, Range::Reserved, "240.0.0.0/4"),
    // Listed apart so that a refusal names it; 240/4 holds it too.
    (
        0xFFFF_FFFF,
        32,
        Range::Reserved,
        "255.255.255.255/32 (broadcast)",
    ),
    // Listed apart for the same reason; 0/8 holds it too.
    (0x0000_0000, 32, Range::Unspecified, "0.0.0.0/32"),
];

/// IPv6 blocks that are not the public Internet and embed no IPv4 address.
const V6: [(u128, u8, Range, &str); 12] = [
    (0, 128, Range::Unspecified, "::/128"),
    (1, 128, Range::Loopback, "::1/128"),
    (0x0064_ff9b_0001 << 80, 48, Range::Special, "64:ff9b:1::/48"),
    (0x0100 << 112, 64, Range::Special, "100::/64"),
    (0x2001_0db8 << 96, 32, Range::Documentation, "2001:db8::/32"),
    (0x2001 << 112, 23, Range::Special, "2001::/23"),
    (0x3fff << 112, 20, Range::Documentation, "3fff::/20"),
    (0x5f00 << 112, 16, Range::Special, "5f00::/16"),
    (0xfc00 << 112, 7, Range::Private, "fc00::/7"),
    (0xfe80 << 112, 10, Range::LinkLocal, "fe80::/10"),
    (0xfec0 << 112, 10, Range::Special, "fec0::/10"),
    (0xff00 << 112, 8, Range::Multicast, "ff00::/8"),
];

/// Where `address` falls if it is not a public address; `None` if it is.
///
/// ```
/// use carrefour::net::{Range, classify};
///
/// let metadata = classify("169.254.169.254".parse()?).expect("not public");
/// assert_eq!(metadata.range, Range::LinkLocal);
/// let mapped = classify("::ffff:127.0.0.1".parse()?).expect("not public");
/// assert_eq!(mapped.range, Range::Loopback);
/// assert_eq!(classify("193.51.24.1".parse()?), None);
/// # Result::<_, std::net::AddrParseError>::Ok(())
/// ```
pub fn classify(address: IpAddr) -> Option<NonPublic> {
    match address {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(address: Ipv4Addr) -> Option<NonPublic> {
    let bits = u32::from(address);
    V4.iter()
        // The most specific block wins (broadcast before 240/4).
        .filter(|(network, prefix, _, _)| bits & mask32(*prefix) == *network)
        .max_by_key(|(_, prefix, _, _)| *prefix)
        .map(|&(_, _, range, block)| NonPublic {
            range,
            block,
            embedded: None,
        })
}

fn classify_v6(address: Ipv6Addr) -> Option<NonPublic> {
    if let Some(v4) = embedded_v4(address) {
        return classify_v4(v4).map(|found| NonPublic {
            embedded: Some(v4),
            ..found
        });
    }
    let bits = u128::from(address);
    V6.iter()
        .filter(|(network, prefix, _, _)| bits & mask128(*prefix) == *network)
        .max_by_key(|(_, prefix, _, _)| *prefix)
        .map(|&(_, _, range, block)| NonPublic {
            range,
            block,
            embedded: None,
        })
}

/// The IPv4 address an IPv6 address stands for: IPv4-mapped
/// (`::ffff:0:0/96`), IPv4-compatible (`::/96`, but `::` and `::1`), NAT64
/// (`64:ff9b::/96`) or 6to4 (`2002::/16`). A connection to one of them can
/// reach that IPv4 address, so it is judged as that address.
fn embedded_v4(address: Ipv6Addr) -> Option<Ipv4Addr> {
    let bits = u128::from(address);
    let low = Ipv4Addr::from((bits & 0xffff_ffff) as u32);
    let top96 = bits >> 32;
    match top96 {
        0xffff => Some(low),
        0 if bits > 1 => Some(low),
        0x0064_ff9b_0000_0000_0000_0000 => Some(low),
        _ if bits >> 112 == 0x2002 => Some(Ipv4Addr::from(((bits >> 80) & 0xffff_ffff) as u32)),
        _ => None,
    }
}

fn mask32(prefix: u8) -> u32 {
    u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0)
}

fn mask128(prefix: u8) -> u128 {
    u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(text: &str) -> Option<Range> {
        let address: IpAddr = text.parse().expect("test address");
        classify(address).map(|found| found.range)
    }

    #[test]
    fn public_addresses_pass() {
        for public in [
            "1.1.1.1",
            "193.51.24.1",
            "100.63.255.255",
            "100.128.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "169.253.255.255",
            "192.0.1.1",
            "198.17.255.255",
            "198.20.0.0",
            "223.255.255.255",
            "2a00:1450:4007:80e::200e",
            "2001:4860:4860::8888",
            "2600::",
            "64:ff9b::808:808",
            "::ffff:8.8.8.8",
            "2002:0808:0808::1",
        ] {
            assert_eq!(range(public), None, "{public}");
        }
    }

    #[test]
    fn ipv4_ranges() {
        let cases = [
            ("0.0.0.0", Range::Unspecified),
            ("0.1.2.3", Range::Unspecified),
            ("10.0.0.1", Range::Private),
            ("10.255.255.255", Range::Private),
            ("100.64.0.1", Range::SharedAddressSpace),
            ("100.127.255.254", Range::SharedAddressSpace),
            ("127.0.0.1", Range::Loopback),
            ("127.0.0.2", Range::Loopback),
            ("169.254.169.254", Range::LinkLocal),
            ("172.16.0.1", Range::Private),
            ("172.31.255.255", Range::Private),
            ("192.0.0.8", Range::Special),
            ("192.0.2.10", Range::Documentation),
            ("192.88.99.1", Range::Special),
            ("192.168.1.1", Range::Private),
            ("198.18.0.1", Range::Benchmarking),
            ("198.19.255.255", Range::Benchmarking),
            ("198.51.100.7", Range::Documentation),
            ("203.0.113.9", Range::Documentation),
            ("224.0.0.251", Range::Multicast),
            ("239.255.255.250", Range::Multicast),
            ("240.0.0.1", Range::Reserved),
            ("255.255.255.255", Range::Reserved),
        ];
        for (address, expected) in cases {
            assert_eq!(range(address), Some(expected), "{address}");
        }
    }

    #[test]
    fn ipv6_ranges() {
        let cases = [
            ("::", Range::Unspecified),
            ("::1", Range::Loopback),
            ("fe80::1", Range::LinkLocal),
            ("febf::1", Range::LinkLocal),
            ("fc00::1", Range::Private),
            ("fd12:3456::1", Range::Private),
            ("fec0::1", Range::Special),
            ("ff02::1", Range::Multicast),
            ("2001:db8::1", Range::Documentation),
            ("3fff::1", Range::Documentation),
            ("2001::1", Range::Special),
            ("100::1", Range::Special),
            ("64:ff9b:1::1", Range::Special),
            ("5f00::1", Range::Special),
        ];
        for (address, expected) in cases {
            assert_eq!(range(address), Some(expected), "{address}");
        }
    }

    #[test]
    fn ipv6_forms_of_ipv4_are_judged_by_the_ipv4_address() {
        let cases = [
            ("::ffff:127.0.0.1", Range::Loopback, "127.0.0.1"),
            ("::ffff:7f00:1", Range::Loopback, "127.0.0.1"),
            (
                "::ffff:169.254.169.254",
                Range::LinkLocal,
                "169.254.169.254",
            ),
            ("::ffff:10.1.2.3", Range::Private, "10.1.2.3"),
            ("::127.0.0.1", Range::Loopback, "127.0.0.1"),
            ("::10.0.0.1", Range::Private, "10.0.0.1"),
            ("::2", Range::Unspecified, "0.0.0.2"),
            ("64:ff9b::7f00:1", Range::Loopback, "127.0.0.1"),
            ("64:ff9b::a9fe:a9fe", Range::LinkLocal, "169.254.169.254"),
            ("64:ff9b::c0a8:101", Range::Private, "192.168.1.1"),
            ("2002:7f00:1::", Range::Loopback, "127.0.0.1"),
            ("2002:a9fe:a9fe::1", Range::LinkLocal, "169.254.169.254"),
        ];
        for (address, expected, v4) in cases {
            let found = classify(address.parse().expect("test address")).expect(address);
            assert_eq!(found.range, expected, "{address}");
            assert_eq!(found.embedded, Some(v4.parse().expect("v4")), "{address}");
        }
    }

    #[test]
    fn the_most_specific_block_is_named() {
        let broadcast = classify("255.255.255.255".parse().expect("address")).expect("refused");
        assert!(broadcast.block.contains("broadcast"), "{broadcast}");
        let metadata = classify("169.254.169.254".parse().expect("address")).expect("refused");
        assert_eq!(
            metadata.to_string(),
            "a link-local address (169.254.0.0/16)"
        );
        let mapped = classify("::ffff:127.0.0.1".parse().expect("address")).expect("refused");
        assert_eq!(
            mapped.to_string(),
            "an IPv6 form of 127.0.0.1, a loopback address (127.0.0.0/8)"
        );
    }
}
