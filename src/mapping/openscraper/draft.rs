//! One OpenScraper spider → one draft mapping file (TOML text, with a
//! comment wherever a human must decide).
//!
//! How OpenScraper applied its XPaths decides where ours go: every field
//! XPath was evaluated on the listing item (`./…` relative to it) and, when
//! the spider followed links (`parse_follow`), again on the detail page
//! (`//…` absolute). So without `parse_follow` every field is a listing
//! rule of a record-per-item listing (`follow = false`, keyed by name);
//! with it, a relative XPath is a listing rule and an absolute one a detail
//! rule. Fields the charter does not let us keep (images, logos, SIRET…)
//! are written as comments, so the reader sees what was left out and why.

use std::fmt::Write;

use super::export::{ModelField, Spider};
use crate::mapping::Target;
use crate::record::slug;

/// What a data-model field becomes.
enum Meaning {
    Target(Target),
    /// Free text mixing a name, an e-mail address and a telephone number.
    Contact,
    /// Not kept, and why.
    Dropped(&'static str),
}

/// The meaning of a data-model field, from its name (ids differ between
/// OpenScraper instances; names were shared).
fn meaning(field: &ModelField) -> Meaning {
    let name = crate::harvest::fold(&field.field_name);
    let has = |words: &[&str]| words.iter().any(|w| name.contains(w));
    if has(&["titre", "nom du projet", "title"]) {
        Meaning::Target(Target::Name)
    } else if has(&["resume", "description", "presentation", "abstract"]) {
        Meaning::Target(Target::Description)
    } else if has(&["porteu", "structure"]) {
        Meaning::Target(Target::OrganisationName)
    } else if has(&["website", "site web", "site internet", "url"]) {
        Meaning::Target(Target::OrganisationUrl)
    } else if has(&["adresse", "adress", "ville", "lieu", "localisation"]) {
        Meaning::Target(Target::LocationLabel)
    } else if has(&["tag", "theme", "thematique", "categorie"]) {
        Meaning::Target(Target::Keywords)
    } else if has(&["contact"]) {
        Meaning::Contact
    } else if has(&["image", "logo", "video", "photo"]) || field.field_type == "image" {
        Meaning::Dropped("media are not kept (charter, article 8)")
    } else {
        Meaning::Dropped("not among the facts the charter lets Carrefour keep")
    }
}

/// The targets a record cannot do without.
const REQUIRED: [Target; 3] = [Target::Name, Target::Description, Target::OrganisationName];

/// The draft mapping of `spider`, its partner id, and whether it is
/// complete enough to be enabled.
pub struct Draft {
    pub partner: String,
    pub text: String,
    /// False when a field every record needs has no XPath: the draft is
    /// written disabled, with a placeholder rule to replace.
    pub enabled: bool,
}

/// Writes the draft mapping of `spider`.
pub fn draft(spider: &Spider, model: &[ModelField], export: &str) -> Draft {
    let config = &spider.scraper_config;
    let rules = rules(spider, model);
    let missing: Vec<Target> = REQUIRED
        .into_iter()
        .filter(|target| !rules.iter().any(|r| r.target == Some(*target)))
        .collect();
    let partner = partner_id(spider);
    let complete = missing.is_empty() && usable(&config.item_xpath).is_ok();
    let mut toml = String::new();
    header(&mut toml, spider, &partner, export, complete);
    discovery(&mut toml, spider);
    let item_xpath = usable(&config.item_xpath);
    match &item_xpath {
        Ok(xpath) => {
            let _ = writeln!(toml, "[listing]\nitem_xpath = {}", quoted(xpath));
        }
        Err(why) => {
            let _ = writeln!(
                toml,
                "[listing]\nitem_xpath = \"//article\"             # TODO(human): {why}"
            );
        }
    }
    if config.parse_follow {
        if let Ok(link) = usable(&config.follow_xpath) {
            let _ = writeln!(toml, "link_xpath = {}", quoted(&link));
        }
    } else {
        toml.push_str(
            "follow = false                     # parse_follow was false: each item is the whole record\n\
             key = [\"name\"]                     # TODO(human): OpenScraper had no project key; check that names are distinct, or key on another field\n",
        );
    }
    for rule in &rules {
        rule.write(&mut toml, config.parse_follow);
    }
    for target in &missing {
        placeholder(&mut toml, *target, config.parse_follow);
    }
    settings(&mut toml, spider);
    Draft {
        partner,
        text: toml,
        enabled: missing.is_empty() && item_xpath.is_ok(),
    }
}

/// The expression, if Carrefour reads it as XPath 1.0; else why not.
fn usable(xpath: &str) -> Result<String, String> {
    let xpath = xpath.trim();
    if xpath.is_empty() {
        return Err("the spider gave no XPath here".to_owned());
    }
    crate::mapping::XPath::parse(xpath)
        .map(|_| xpath.to_owned())
        .map_err(|e| format!("{xpath:?} is not XPath 1.0 as Carrefour reads it ({e})"))
}

fn partner_id(spider: &Spider) -> String {
    let id = slug(&spider.infos.name);
    let id: String = id.chars().take(60).collect();
    let id = id.trim_end_matches('-').to_owned();
    if id.is_empty() {
        "partenaire".to_owned()
    } else {
        id
    }
}

fn header(toml: &mut String, spider: &Spider, partner: &str, export: &str, complete: bool) {
    let infos = &spider.infos;
    let _ = writeln!(
        toml,
        "# Draft mapping converted from the OpenScraper spider {:?} ({export}).\n\
         # Check every TODO(human), then run `carrefour mapping check` and\n\
         # `carrefour mapping explain` on a listing and a project page.",
        infos.name
    );
    for note in infos
        .notes
        .lines()
        .map(str::trim)
        .filter(|n| !n.is_empty() && *n != "...")
    {
        let _ = writeln!(toml, "# Spider notes: {note}");
    }
    let homepage = homepage(&infos.page_url, &spider.scraper_config.start_urls);
    let _ = writeln!(
        toml,
        "\n[partner]\nid = {}\nname = {}\nhomepage = {}\n\
         # TODO(human): the partner's licence (CC BY-SA 4.0 by default) and charter date\n\
         # license = \"http://creativecommons.org/licenses/by-sa/4.0/\"",
        quoted(partner),
        quoted(infos.name.trim()),
        quoted(&homepage)
    );
    if !complete {
        toml.push_str(
            "enabled = false                    # TODO(human): an XPath every record needs is missing (see below)\n",
        );
    }
    toml.push('\n');
}

/// The partner's site as a URL ending in `/`, from `page_url` or the first start URL.
fn homepage(page_url: &str, start_urls: &[String]) -> String {
    let candidate = std::iter::once(page_url)
        .chain(start_urls.iter().map(String::as_str))
        .find_map(|u| url::Url::parse(u.trim()).ok());
    match candidate {
        Some(mut url) => {
            url.set_path("/");
            url.set_query(None);
            url.set_fragment(None);
            url.to_string()
        }
        None => "https://partenaire.example/".to_owned(),
    }
}

fn discovery(toml: &mut String, spider: &Spider) {
    let config = &spider.scraper_config;
    toml.push_str("[discovery]\nstart = [\n");
    for url in &config.start_urls {
        let _ = writeln!(toml, "  {},", quoted(url.trim()));
    }
    toml.push_str("]\n");
    if config.start_urls.len() > 1 {
        toml.push_str(
            "# TODO(human): several start pages: if they are categories, give each its tags:\n\
             # start = [{ url = \"…\", tags = [\"…\"] }, …]\n",
        );
    }
    if !config.next_page.trim().is_empty() {
        let _ = writeln!(toml, "next_xpath = {}", quoted(config.next_page.trim()));
    }
    if let Some(limit) = spider.scraper_settings.limit.filter(|l| *l >= 1.0) {
        let _ = writeln!(toml, "max_pages = {}", limit.min(1000.0) as u32);
    }
    if config.page_needs_splash {
        toml.push_str("render = \"browser\"                 # page_needs_splash: the pages are built by JavaScript\n");
    }
    toml.push('\n');
}

fn settings(toml: &mut String, spider: &Spider) {
    if let Some(delay) = spider.scraper_settings.download_delay.filter(|d| *d > 0.0) {
        let _ = writeln!(
            toml,
            "\n[politeness]\ndelay_seconds = {:.1}",
            delay.clamp(0.0, 3600.0)
        );
    }
}

/// One converted field rule.
struct Rule {
    /// `None`: written as a comment only.
    target: Option<Target>,
    xpath: String,
    field: String,
    transforms: &'static str,
    comment: Option<String>,
}

/// The spider's field XPaths as rules, in the data model's order.
fn rules(spider: &Spider, model: &[ModelField]) -> Vec<Rule> {
    let mut rules = Vec::new();
    for field in model {
        let Some(xpath) = spider.scraper_config_xpaths.get(&field.id) else {
            continue;
        };
        let xpath = xpath.trim();
        if xpath.is_empty() {
            continue;
        }
        let rule = |target, transforms, comment: Option<String>| Rule {
            target,
            xpath: xpath.to_owned(),
            field: field.field_name.clone(),
            transforms,
            comment,
        };
        if let Err(why) = usable(xpath) {
            rules.push(rule(None, "", Some(why)));
            continue;
        }
        match meaning(field) {
            Meaning::Target(target) => rules.push(rule(Some(target), "", None)),
            Meaning::Contact => {
                let check =
                    Some("TODO(human): free text in OpenScraper; check the regex".to_owned());
                rules.push(rule(Some(Target::ContactEmail), EMAIL, check.clone()));
                rules.push(rule(Some(Target::ContactTelephone), PHONE, check));
            }
            Meaning::Dropped(why) => rules.push(rule(None, "", Some(why.to_owned()))),
        }
    }
    rules
}

const EMAIL: &str = r#"transforms = [{ regex = "([\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+)" }]"#;
const PHONE: &str = r#"transforms = [{ regex = "((?:\\+33\\s?|0)[1-9](?:[\\s.-]?\\d{2}){4})" }]"#;

impl Rule {
    fn write(&self, toml: &mut String, follow: bool) {
        let Some(target) = self.target else {
            let _ = writeln!(
                toml,
                "\n# Not kept: {:?} ({}): xpath = {}",
                self.field,
                self.comment.as_deref().unwrap_or_default(),
                quoted(&self.xpath)
            );
            return;
        };
        let section = if !follow || is_relative(&self.xpath) {
            "listing"
        } else {
            "detail"
        };
        let _ = writeln!(
            toml,
            "\n[[{section}.field]]                 # OpenScraper field {:?}\ntarget = {}\nxpath = {}",
            self.field,
            quoted(target.as_str()),
            quoted(&self.xpath)
        );
        if !self.transforms.is_empty() {
            let _ = writeln!(toml, "{}", self.transforms);
        }
        if let Some(comment) = &self.comment {
            let _ = writeln!(toml, "# {comment}");
        }
    }
}

/// Whether an XPath reads the listing item (its first path is `./…`)
/// rather than the page (`//…`).
fn is_relative(xpath: &str) -> bool {
    let first_path = xpath.find(['.', '/']).map(|at| &xpath[at..]);
    first_path.is_some_and(|path| path.starts_with('.'))
}

/// A rule for a field every record needs, which the spider did not read.
fn placeholder(toml: &mut String, target: Target, follow: bool) {
    let section = if follow { "detail" } else { "listing" };
    let label = match target {
        Target::Name => "Titre",
        Target::Description => "Description",
        _ => "Porteur",
    };
    let _ = writeln!(
        toml,
        "\n[[{section}.field]]\ntarget = {}\nlabel = {}                # TODO(human): the spider read no {}; find it on the page",
        quoted(target.as_str()),
        quoted(label),
        target.as_str()
    );
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_and_absolute_xpaths() {
        assert!(is_relative("./td[1]/text()"));
        assert!(is_relative(".//h4/following-sibling::text()"));
        assert!(is_relative(
            "substring-after(./following-sibling::tr[1]//p[2], ' — ')"
        ));
        assert!(!is_relative(
            "//h2[text()='Le projet']/following-sibling::p[1]"
        ));
        assert!(!is_relative(
            "substring-after(//ul[@class='infos']/li, ': ')"
        ));
    }

    #[test]
    fn quoting_escapes() {
        // Whatever quoting toml picks, the text must read back unchanged.
        for text in [r#"//a[@title="x"]"#, "l'été", r"a\b", "deux\nlignes"] {
            let line = format!("x = {}", quoted(text));
            let back: toml::Table = toml::from_str(&line).expect(&line);
            assert_eq!(back["x"].as_str(), Some(text), "{line}");
        }
    }
}
