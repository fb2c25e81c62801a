//! PLACEHOLDER until the JSON-LD compaction lands: Oxigraph's expanded JSON-LD.

use oxigraph::io::{JsonLdProfile, RdfFormat, RdfSerializer};
use oxigraph::model::{NamedNode, Triple};

use crate::record::BaseIri;

pub fn compact(_base: &BaseIri, _root: &NamedNode, triples: &[Triple]) -> serde_json::Value {
    let mut writer = RdfSerializer::from_format(RdfFormat::JsonLd {
        profile: JsonLdProfile::Expanded.into(),
    })
    .for_writer(Vec::new());
    for t in triples {
        let _ = writer.serialize_triple(t);
    }
    serde_json::from_slice(&writer.finish().unwrap_or_default()).unwrap_or_default()
}
