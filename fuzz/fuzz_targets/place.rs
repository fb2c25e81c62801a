#![no_main]
//! Place resolution: `territory::resolve` on any location text, with or
//! without a région or département hint (a known code or any text), as a
//! partner page writes places.
//!
//! The oracles: it never panics or hangs; it answers the same twice; what
//! it resolves to is in the gazetteer, with a région and a finite point.

use arbitrary::Arbitrary;
use carrefour::territory::{Gazetteer, Hint, Resolution, normalize, resolve};
use libfuzzer_sys::fuzz_target;

/// A hint's code: one the gazetteer has (by index), or any text.
#[derive(Arbitrary, Debug)]
enum Code {
    Known(u8),
    Raw(String),
}

/// A location text and the partner's context.
#[derive(Arbitrary, Debug)]
struct Place {
    region: Option<Code>,
    departement: Option<Code>,
    text: String,
}

fn code<'a>(code: &'a Option<Code>, known: &[&'static str]) -> Option<&'a str> {
    match code.as_ref()? {
        Code::Known(i) => known.get(usize::from(*i) % known.len().max(1)).copied(),
        Code::Raw(text) => Some(text),
    }
}

/// A resolution names a territory the gazetteer has, placed on the map.
fn is_known(resolution: Resolution) {
    let Some(code) = resolution.code() else {
        return;
    };
    match resolution {
        Resolution::Commune(_) => assert!(resolution.commune().is_some(), "commune {code}"),
        Resolution::Departement(_) => {
            assert!(resolution.departement().is_some(), "département {code}");
        }
        _ => {}
    }
    assert!(
        resolution.region().is_some(),
        "no région for {resolution:?}"
    );
    let point = resolution.point();
    assert!(
        point.is_some_and(|p| p.latitude.is_finite() && p.longitude.is_finite()),
        "{resolution:?} at {point:?}"
    );
}

fuzz_target!(|place: Place| {
    let gazetteer = Gazetteer::get();
    let regions: Vec<&'static str> = gazetteer.regions().map(|r| r.code).collect();
    let departements: Vec<&'static str> = gazetteer.departements().map(|d| d.code).collect();
    let hint = Hint {
        region: code(&place.region, &regions),
        departement: code(&place.departement, &departements),
    };
    let _ = normalize(&place.text);
    let resolution = resolve(&place.text, hint);
    assert_eq!(resolution, resolve(&place.text, hint), "{place:?}");
    is_known(resolution);
});
