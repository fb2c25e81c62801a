"""The Scrapy spider bench/peers races Carrefour against (issue 11).

    scrapy runspider spider.py -a sites=OUT/sites.json -a partners=a,b \
        -a stats=stats.json -O items.jsonl

It fetches what Carrefour's bundled mappings (mappings/*.toml) fetch, on the
loopback twins of the generated sites (bench/peers.d/prepare.py), and
extracts the same charter fields: name, organisation (name, url),
description, place (label, locality, postcode, région, coordinates), themes,
stage, contact (name, e-mail, telephone). One item per project, as JSON
lines. Like Carrefour it obeys robots.txt's Disallow lines, stays on the
partner's origin, asks one request at a time of each site with the sites
in parallel, and keeps a project seen twice (duplicate links, an API's
offset drift) once. Unlike Carrefour it only fetches and parses: no
alignment of tags and stages, no place resolution, no RDF, no store. That
is the comparison the issue asks for ("a Scrapy spider that only fetches
and parses").
"""

import json
import re
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.utils.sitemap import Sitemap
from w3lib.html import replace_entities

SPACES = re.compile(r"\s+")
TAGS = re.compile(r"<[^>]*>")


def clean(text):
    """Entities decoded, every kind of space collapsed, trimmed; None if empty."""
    if text is None:
        return None
    text = SPACES.sub(" ", replace_entities(str(text))).strip()
    return text or None


def text_of(selection):
    """The text of the first node of a selection (all its descendants' text)."""
    for node in selection:
        return clean(" ".join(node.css("::text").getall()))
    return None


def first(response_or_sel, *selectors):
    """The first non-empty text among CSS selectors (Carrefour's select = [...])."""
    for selector in selectors:
        value = text_of(response_or_sel.css(selector))
        if value:
            return value
    return None


def mailto(value):
    if value and value.lower().startswith("mailto:"):
        value = value[len("mailto:"):]
    return clean(value)


def dig(obj, path):
    """A dotted JSON path, None when absent."""
    for key in path.split("."):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def item(partner, url, name, organisation, org_url, description, place,
         themes, stage, contact):
    return {
        "partner": partner, "source": url, "name": name,
        "organisation": {"name": organisation, "url": org_url},
        "description": description, "place": place,
        "themes": [t for t in (clean(t) for t in themes) if t],
        "stage": stage, "contact": contact,
    }


def place_of(label=None, locality=None, postal_code=None, region=None,
             street=None, latitude=None, longitude=None):
    values = dict(label=label, street_address=street, postal_code=postal_code,
                  locality=locality, region=region, latitude=latitude, longitude=longitude)
    return values if any(v is not None for v in values.values()) else None


def contact_of(name=None, email=None, telephone=None):
    values = dict(name=name, email=email, telephone=telephone)
    return values if any(values.values()) else None


class PartnersSpider(scrapy.Spider):
    name = "partners"
    custom_settings = {
        # Carrefour obeys robots.txt: so does the spider (one request per site).
        "ROBOTSTXT_OBEY": True,
        # No politeness wait, no adaptive throttle: both harvesters go flat out.
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        # Carrefour: one request in flight per host, partners in parallel.
        # Every site is on 127.0.0.1 (another port each) and Scrapy's slots are
        # keyed by host name, so each request names its site's slot itself
        # (meta download_slot) and the total is one per site.
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "CONCURRENT_REQUESTS": 16,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "INFO",
        "USER_AGENT": "bench-peers-scrapy (+bench/peers)",
    }

    def __init__(self, sites, partners="", stats=None, **kwargs):
        super().__init__(**kwargs)
        with open(sites) as f:
            table = json.load(f)
        wanted = set(filter(None, partners.split(",")))
        self.sites = [s for s in table if not wanted or s["partner"] in wanted]
        self.stats_file = stats
        self.seen = set()  # project keys already yielded (duplicates across pages)

    # ---------------------------------------------------------------- helpers

    def get(self, site, url, callback, **kwargs):
        """A request on the site's own origin only (else None: off-site)."""
        url = urljoin(site["base"], url)
        if urlsplit(url).netloc != urlsplit(site["base"]).netloc:
            return None
        meta = {"download_slot": f"site-{site['port']}", "site": site}
        return scrapy.Request(url, callback=callback, meta=meta, **kwargs)

    def once(self, key):
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def follow_listing(self, response, items, next_selector, detail):
        """Detail links of a listing page, then its next page."""
        site = response.meta["site"]
        for href in items:
            request = self.get(site, response.urljoin(href), detail)
            if request:
                yield request
        next_href = response.css(next_selector).attrib.get("href") if response.css(next_selector) else None
        if next_href:
            request = self.get(site, response.urljoin(next_href), response.request.callback)
            if request:
                yield request

    def closed(self, reason):
        if self.stats_file:
            stats = {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                     for k, v in self.crawler.stats.get_stats().items()}
            with open(self.stats_file, "w") as f:
                json.dump(stats, f, indent=1, sort_keys=True)

    # ------------------------------------------------------------ start URLs

    async def start(self):
        starts = {
            "fondation-territoires": ("projets", self.drupal_listing),
            "reseau-ess-ouest": ("initiatives/", self.wordpress_listing),
            "solidarites-locales": ("spip.php?page=rubrique&id_rubrique=3", self.spip_listing),
            "ecosysteme-innovation": ("projets.html", self.jsonld_listing),
            "territoires-engages": ("api/projets.json?page=1&per_page=25", self.api_listing),
            "tiers-lieux-solidaires": ("sitemap.xml", self.sitemap),
        }
        for site in self.sites:
            path, callback = starts[site["partner"]]
            yield self.get(site, path, callback)

    # ---------------------------------------------- fondation-territoires (Drupal)

    def drupal_listing(self, response):
        links = response.css(".views-row h3.field--name-title a::attr(href)").getall()
        yield from self.follow_listing(response, links, "nav.pager a[rel=next]", self.drupal_detail)

    def drupal_detail(self, response):
        if not self.once(response.url):
            return
        f = lambda name: f".field--name-field-{name} .field__item"
        yield item(
            "fondation-territoires", response.url,
            first(response, "h1.page-title .field--name-title", "h1"),
            first(response, f("porteur")), None,
            first(response, f("resume")),
            place_of(label=first(response, f("ville"), f("region")),
                     locality=first(response, f("ville")),
                     postal_code=first(response, f("code-postal")),
                     region=first(response, f("region"))),
            [text_of([t]) for t in response.css(f("thematiques"))],
            first(response, f("etat-avancement")),
            contact_of(email=mailto(response.css(f"{f('contact-email')} a[href^='mailto:']::attr(href)").get()),
                       telephone=first(response, f("contact-telephone"))),
        )

    # --------------------------------------------------- reseau-ess-ouest (WordPress)

    def wordpress_listing(self, response):
        links = response.css("article.type-initiative h2.entry-title a::attr(href)").getall()
        yield from self.follow_listing(response, links, "a.next.page-numbers", self.wordpress_detail)

    def wordpress_detail(self, response):
        if not self.once(response.url):
            return
        lieu = first(response, "span.lieu")
        locality = re.match(r"^([^,(]+)", lieu) if lieu else None
        paragraphs = [text_of([p]) for p in response.css(".entry-content > p:not([class])")]
        yield item(
            "reseau-ess-ouest", response.url,
            first(response, "h1.entry-title"),
            first(response, ".entry-content p.porteur"),
            response.css(".entry-content p.porteur a::attr(href)").get(),
            clean(" ".join(p for p in paragraphs if p)),
            place_of(label=lieu, locality=clean(locality.group(1)) if locality else None),
            [text_of([a]) for a in response.css(".tags-links a[rel=tag]")],
            first(response, ".entry-meta .etape strong"),
            contact_of(name=first(response, ".contact .contact-nom"),
                       email=mailto(response.css(".contact a[href^='mailto:']::attr(href)").get()),
                       telephone=first(response, ".contact .contact-tel")),
        )

    # ------------------------------------------- solidarites-locales (SPIP, latin-1)

    def spip_listing(self, response):
        # Scrapy reads the ISO-8859-1 of the page's <meta http-equiv> itself.
        links = response.css("li.article a::attr(href)").getall()
        yield from self.follow_listing(response, links, "p.pagination a[rel=next]", self.spip_detail)

    SPIP_LABELS = {
        "porteur": "organisation", "porteur du projet": "organisation",
        "structure porteuse": "organisation", "région": "region", "ville": "ville",
        "code postal": "postal_code", "thèmes": "themes", "mots-clés": "themes",
        "état d'avancement": "stage", "avancement": "stage", "contact": "contact",
    }
    SPIP_LINE = re.compile(r"^\s*([^:]{2,40}?)\s*:\s*(.*)$", re.S)

    def spip_detail(self, response):
        if not self.once(response.url):
            return
        # Fields are found by their labels ("Porteur :", "<strong>Région</strong> :",
        # "<dt>Contact</dt><dd>…"), as the mapping's `label` rules do.
        fields, org_url = {}, None
        texte = response.css("div.texte")
        for p in texte.css("p"):
            match = self.SPIP_LINE.match(clean(" ".join(p.css("::text").getall())) or "")
            if match and match.group(1).lower() in self.SPIP_LABELS:
                key = self.SPIP_LABELS[match.group(1).lower()]
                fields.setdefault(key, clean(match.group(2)))
                if key == "organisation":
                    org_url = p.css("a.spip_out::attr(href)").get()
        for dt in texte.css("dl dt"):
            key = self.SPIP_LABELS.get((clean(" ".join(dt.css("::text").getall())) or "").lower())
            if key:
                dd = dt.xpath("following-sibling::dd[1]")
                fields.setdefault(key, clean(" ".join(dd.css("::text").getall())))
        contact = fields.get("contact") or ""
        name = re.match(r"^([^,@0-9]+?)(?:\s*,|\s+\S+@|\s+\+?\d|$)", contact)
        email = re.search(r"([\w.+-]+@[\w-]+(?:\.[\w-]+)+)", contact)
        phone = re.search(r"(0\d(?:[ .]?\d{2}){4})", contact)
        ville = fields.get("ville")
        locality = re.match(r"^([^,(]+)", ville) if ville else None
        postal = re.search(r"(\d{5})", fields.get("postal_code") or "")
        yield item(
            "solidarites-locales", response.url,
            first(response, "h1.titre"), fields.get("organisation"), org_url,
            first(response, "div.chapo"),
            place_of(label=ville or fields.get("region"),
                     locality=clean(locality.group(1)) if locality else None,
                     postal_code=postal.group(1) if postal else None,
                     region=fields.get("region")),
            (fields.get("themes") or "").split(","),
            fields.get("stage"),
            contact_of(name=clean(name.group(1)) if name else None,
                       email=email.group(1) if email else None,
                       telephone=phone.group(1) if phone else None),
        )

    # -------------------------------------- ecosysteme-innovation (JSON-LD, HTML fallback)

    def jsonld_listing(self, response):
        links = response.css("a.card-link::attr(href)").getall()
        yield from self.follow_listing(response, links, "head link[rel=next]", self.jsonld_detail)

    @staticmethod
    def jsonld_project(response):
        for block in response.css('script[type="application/ld+json"]::text').getall():
            try:
                data = json.loads(block)
            except ValueError:
                continue  # broken JSON-LD: the HTML is the truth
            for node in (data.get("@graph", [data]) if isinstance(data, dict) else data):
                if isinstance(node, dict) and node.get("@type") == "Project":
                    return node
        return {}

    def jsonld_detail(self, response):
        if not self.once(response.url):
            return
        ld = self.jsonld_project(response)
        # Per field, JSON-LD first, then the HTML (the mapping's jsonld, then select).
        pick = lambda path, *css: clean(dig(ld, path)) or first(response, *css)
        keywords = dig(ld, "keywords")
        themes = keywords.split(",") if isinstance(keywords, str) else \
            [text_of([li]) for li in response.css("ul.project-tags li")]
        yield item(
            "ecosysteme-innovation", response.url,
            pick("name", "h1.project-title"),
            pick("parentOrganization.name", ".org-name"),
            clean(dig(ld, "parentOrganization.url")) or response.css("a.org-name::attr(href)").get(),
            pick("description", ".project-summary"),
            place_of(label=pick("location.name", ".project-place"),
                     locality=pick("location.address.addressLocality", ".project-place .locality"),
                     postal_code=pick("location.address.postalCode", ".project-place .postal-code"),
                     region=pick("location.address.addressRegion", ".project-place .region"),
                     latitude=dig(ld, "location.geo.latitude"),
                     longitude=dig(ld, "location.geo.longitude")),
            themes,
            first(response, ".project-stage"),
            contact_of(name=pick("contactPoint.name", ".project-contact .contact-name"),
                       email=mailto(clean(dig(ld, "contactPoint.email")) or
                                    response.css(".project-contact a[href^='mailto:']::attr(href)").get()),
                       telephone=pick("contactPoint.telephone", ".project-contact .contact-phone")),
        )

    # ------------------------------------------------ territoires-engages (JSON API)

    def api_listing(self, response):
        page = json.loads(response.text)
        for data in page.get("data") or []:
            url = data.get("url")
            # An item without a public page is no project; one seen on two pages
            # (offset drift) is one project.
            if not url or not data.get("titre") or not self.once(url):
                continue
            themes = data.get("mots_cles") or []
            yield item(
                "territoires-engages", url, clean(data.get("titre")),
                clean(dig(data, "structure.nom")), clean(dig(data, "structure.site")),
                clean(TAGS.sub(" ", data.get("resume") or "")),  # HTML in JSON
                place_of(label=clean(dig(data, "adresse.commune")),
                         locality=clean(dig(data, "adresse.commune")),
                         postal_code=clean(dig(data, "adresse.code_postal")),
                         region=clean(dig(data, "adresse.region")),
                         latitude=dig(data, "adresse.lat"), longitude=dig(data, "adresse.lon")),
                themes if isinstance(themes, list) else [themes],
                clean(data.get("etape")),
                contact_of(name=clean(dig(data, "contact.nom")),
                           email=clean(dig(data, "contact.email")),
                           telephone=clean(dig(data, "contact.telephone"))),
            )
        next_href = dig(page, "links.next")
        if next_href:
            request = self.get(response.meta["site"], response.urljoin(next_href), self.api_listing)
            if request:
                yield request

    # ----------------------------------- tiers-lieux-solidaires (sitemaps, microdata)

    def sitemap(self, response):
        site = response.meta["site"]
        tree = Sitemap(response.body)
        for entry in tree:
            loc = entry.get("loc")
            if tree.type == "sitemapindex":
                request = self.get(site, loc, self.sitemap)
            elif re.search(r"/lieux/[^/]+\.html$", loc or ""):
                request = self.get(site, loc, self.microdata_detail)
            else:
                request = None  # /, /a-propos.html…: not projects
            if request:
                yield request

    @staticmethod
    def microdata(scope, path):
        """A microdata property path (`location.address.postalCode`) from an item."""
        node = scope
        for prop in path.split("."):
            # Properties of this item, not of the items nested in it.
            found = node.xpath(
                f".//*[@itemprop='{prop}'][count(ancestor::*[@itemscope]) = "
                f"{len(node.xpath('ancestor-or-self::*[@itemscope]'))}]")
            if not found:
                return None
            node = found[0]
        tag = node.root.tag
        if node.attrib.get("itemscope") is not None:
            return clean(" ".join(node.css("::text").getall()))
        if tag == "meta":
            return clean(node.attrib.get("content"))
        if tag in ("a", "link"):
            return mailto(node.attrib.get("href"))
        return clean(" ".join(node.css("::text").getall()))

    def microdata_detail(self, response):
        if not self.once(response.url):
            return
        project = response.xpath("//*[@itemscope][contains(@itemtype, 'schema.org/Project')]")[:1]
        md = lambda path: self.microdata(project[0], path) if project else None
        yield item(
            "tiers-lieux-solidaires", response.url,
            md("name") or first(response, "h1"),
            md("parentOrganization.name"), md("parentOrganization.url"),
            md("description"),
            place_of(label=md("location.address"),
                     street=md("location.address.streetAddress"),
                     postal_code=md("location.address.postalCode"),
                     locality=md("location.address.addressLocality"),
                     region=md("location.address.addressRegion"),
                     latitude=md("location.geo.latitude"),
                     longitude=md("location.geo.longitude")),
            (md("keywords") or "").split(","),
            first(response, ".etat-valeur"),
            contact_of(name=md("contactPoint.name"), email=md("contactPoint.email"),
                       telephone=md("contactPoint.telephone")),
        )
