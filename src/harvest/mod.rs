//! Harvesting partner sites: fetching pages politely and robustly, and
//! turning them into records through the partner's mapping.
//!
//! The flow of one run ([`harvest_partner`]): discover the listing pages
//! (next link, URL template, JSON next, or sitemap) → read every detail page
//! → apply the mapping's field rules ([`extract_html`], [`extract_json`]) →
//! assemble records (caps, alignment of tags to themes, exclusions) → check
//! the set (minimum items, drop, coverage) → replace the partner's data in
//! one transaction, or keep the last good data and say why.
//!
//! Around single runs: [`Harvester`] (module `round`) harvests several
//! partners with their page caches and reports in a [`DataDir`], for the
//! command line and the tests; [`live`] runs harvests inside a serving hub,
//! on each partner's schedule and on demand; [`handoff`] lets `carrefour
//! harvest` hand its harvests to the server holding the store.
//!
//! Every hop of a run stays on the partner's origins ([`Origins`]) and
//! every connection goes to a public address ([`crate::net`]); failures are
//! typed ([`HarvestError`]) so the checks decide on their kind.

mod align;
mod assemble;
mod cache;
mod charset;
mod checks;
mod detail;
mod discover;
mod error;
mod extract;
pub mod fetch;
pub mod handoff;
mod label;
mod linked;
mod listing;
pub mod live;
pub mod mirror;
mod origins;
mod place;
mod progress;
mod publish;
mod report;
pub mod reports;
mod robots;
mod round;
mod run;
mod sitemap;
mod structured;
mod text;
mod transform;
mod xpath;

pub use align::Aligner;
pub use cache::{CachedPage, PageCache};
pub use error::{HarvestError, PageKind};
pub use extract::{Extraction, FieldTrace, HtmlPage, extract_html, extract_json};
pub use fetch::{
    FetchError, FetchPolicy, FetchStats, Fetcher, Page, Refusal, RenderPolicy, Response, Validators,
};
pub use label::{LabelForm, LabelMatch, find_label};
pub use linked::{Declared, FeedState};
pub use mirror::Mirror;
pub use origins::Origins;
pub use place::{PlaceCounts, location_text, resolve_location};
pub use progress::{Counts, Progress};
pub use publish::HarvestStore;
pub use report::{HarvestReport, Skipped, Unaligned, Verdict};
pub use reports::RunSummary;
pub use round::{DataDir, Harvester, RoundEnd, RoundError, load_mirror, select_mappings};
pub use run::{Outcome, harvest_partner};
pub use sitemap::parse as parse_sitemap;
pub use text::{fold, truncate_words};
pub use transform::{apply as apply_transforms, french_date};
pub use xpath::{ListedItem, XPathDocument, XPathItem, listing_items};
