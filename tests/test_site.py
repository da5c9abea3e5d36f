"""The static site: built by the CLI from the real data, checked page by page (headings, alt text, links,
contrast, escaping, the README's numbers), then loaded in headless Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

import casualties
from casualties import site
from conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
MIN_CONTRAST = 4.5  # WCAG 2 AA for body text


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from casualties.cli import main

    out = tmp_path_factory.mktemp("site")
    assert main(["site", "--out", str(out)]) == 0
    return out


def pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


class Outline(HTMLParser):
    """What the checks need from a page: headings, images, links, ids, scripts, and table cells."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str]] = []
        self.images: list[dict] = []
        self.links: list[str] = []
        self.resources: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[str] = []
        self.lang = None
        self.title = ""
        self.text: list[str] = []
        self._heading = None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = [int(tag[1]), ""]
        if tag == "img":
            self.images.append(a)
            self.resources.append(a.get("src", ""))
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "link" and "href" in a:
            self.resources.append(a["href"])
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if self._heading and tag == f"h{self._heading[0]}":
            self.headings.append((self._heading[0], self._heading[1].strip()))
            self._heading = None
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._heading:
            self._heading[1] += data
        if self._in_title:
            self.title += data
        self.text.append(data)


@functools.lru_cache(maxsize=None)
def outline(path: Path) -> Outline:
    o = Outline()
    o.feed(path.read_text(encoding="utf-8"))
    return o


# --- what is built -------------------------------------------------------------------------------


def test_the_site_has_a_page_per_event_and_chart_and_the_docs(built):
    events = casualties.load_events()
    from casualties.charts import CHARTS

    names = {p.relative_to(built).as_posix() for p in pages(built)}
    assert {f"events/{e}.html" for e in events["event_id"]} <= names
    assert {f"charts/{c}.html" for c in CHARTS} <= names
    assert {"index.html", "events/index.html", "charts/index.html", "methodology.html", "codebook.html",
            "changelog.html"} <= names
    assert len(names) == len(events) + len(CHARTS) + 6


def _readme_glance() -> dict[tuple[str, str, str], int]:
    """{(row, measure, side label): number} from the README's glance table."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- glance:start -->\n(.*?)\n<!-- glance:end -->", text, re.S).group(1)
    rows = [[c.strip().strip("*") for c in line.strip("|").split("|")] for line in block.splitlines()]
    head = rows[0][1:]
    out = {}
    for row in rows[2:]:
        for col, value in zip(head, row[1:]):
            measure, side = col.split(" — ")
            out[(row[0], measure, side)] = int(value)
    return out


def _site_glance(page: str) -> dict[tuple[str, str, str], int]:
    out = {}
    for measure in ("killed", "wounded"):
        table = re.search(rf'<table class="glance" id="glance-{measure}">(.*?)</table>', page, re.S).group(1)
        head = re.findall(r'<th scope="col" class="num">(.*?)</th>', table)
        for row, cells in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table):
            values = [int(v.replace(",", "")) for v in re.findall(r"<td[^>]*>(?:<strong>)?([\d,]+)", cells)]
            for side, value in zip(head, values):
                out[(row, measure, side)] = value
    return out


def test_the_front_page_shows_the_readmes_numbers(built):
    page = (built / "index.html").read_text(encoding="utf-8")
    assert _site_glance(page) == _readme_glance()
    assert "What it is not" in page and 'src="charts/escalation.png"' in page


def test_every_event_page_lists_every_claim_with_claimant_qualifier_and_source(built):
    claims = casualties.load_claims()
    for event_id, group in claims.dropna(subset=["event_id"]).groupby("event_id", observed=True):
        page = (built / "events" / f"{event_id}.html").read_text(encoding="utf-8")
        items = re.findall(r'<li id="claim-[^"]*">(.*?)</li>', page, re.S)
        assert len(items) == len(group), event_id
        for c in group.itertuples():
            item = re.search(rf'<li id="{re.escape(site.claim_anchor(c.claim_id))}">(.*?)</li>', page, re.S).group(1)
            assert f"<strong>{site.e(c.claimant)}</strong>" in item
            assert f"{site.QUALIFIER_WORDS[str(c.qualifier)]}{int(c.count):,} " in item
            has_link = isinstance(c.source_url, str) and f'href="{site.e(c.source_url)}"' in item
            has_quote = isinstance(c.evidence_text, str) and f"“{site.e(c.evidence_text)}”" in item
            assert has_link or has_quote, c.claim_id
            status = re.search(r"status: (.*?)\.</span>", item).group(1)
            if isinstance(c.superseded_by, str):
                assert status.startswith("revised: replaced by"), (c.claim_id, status)
            elif c.is_partial:
                assert "covers part of the incident only" in status, (c.claim_id, status)
            elif c.is_background:
                assert status.startswith("not used"), (c.claim_id, status)


def test_every_estimate_is_on_its_event_page_with_its_basis(built):
    cas = casualties.load_casualties()
    for r in cas.itertuples():
        page = (built / "events" / f"{r.event_id}.html").read_text(encoding="utf-8")
        row = (f'<td class="num" data-label="low">{int(r.low):,}</td><td class="num" data-label="best">{int(r.best):,}'
               f'</td><td class="num" data-label="high">{int(r.high):,}</td>'
               f'<td data-label="basis">{site.e(site.BASIS_WORDS[str(r.basis)])}</td>')
        assert row in page, (r.event_id, r.side, r.category)


# --- accessibility, links, network ----------------------------------------------------------------


def test_every_page_has_one_h1_no_skipped_heading_level_and_a_title(built):
    for path in pages(built):
        o = outline(path)
        levels = [level for level, _ in o.headings]
        assert levels.count(1) == 1 and levels[0] == 1, path
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, f"{path}: h{before} then h{after}"
        assert all(text for _, text in o.headings), path
        assert o.lang == "en" and o.title.strip(), path


def test_every_image_has_alt_text_and_exists(built):
    for path in pages(built):
        for img in outline(path).images:
            assert img.get("alt", "").strip(), (path, img)
            assert (path.parent / img["src"]).resolve().is_file(), (path, img["src"])


def internal_target(page: Path, href: str, root: Path):
    """(file, fragment) a relative link points to, or None for an external link."""
    url = urlparse(href)
    if url.scheme or url.netloc:
        return None
    target = (page.parent / unquote(url.path)).resolve() if url.path else page
    assert target.is_relative_to(root.resolve()), (page, href)
    return target, unquote(url.fragment)


def test_every_internal_link_and_anchor_resolves(built):
    checked = 0
    for path in pages(built):
        for href in outline(path).links + outline(path).resources:
            if href.startswith("data:"):
                continue
            got = internal_target(path, href, built)
            if got is None:
                assert href.startswith("https://") or href.startswith("http://"), (path, href)
                continue
            target, fragment = got
            assert target.is_file(), f"{path.relative_to(built)}: {href} -> missing file"
            if fragment:
                assert fragment in outline(target).ids, f"{path.relative_to(built)}: {href} -> no such anchor"
            checked += 1
    assert checked > 500  # navigation alone links every page to six others


def test_no_page_runs_a_script_or_loads_from_the_network(built):
    for path in pages(built):
        o = outline(path)
        assert "script" not in o.tags and "iframe" not in o.tags, path
        for res in o.resources:
            assert not urlparse(res).scheme or res.startswith("data:"), (path, res)
    assert "url(" not in (built / "style.css").read_text(encoding="utf-8")


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio of two #RRGGBB colours."""
    hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_contrast_formula_on_known_pairs():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes
    assert contrast("#777777", "#FFFFFF") < MIN_CONTRAST


def test_every_text_colour_in_the_stylesheet_reads_on_every_background(built):
    """Each `color` in style.css against each background colour the stylesheet uses anywhere."""
    text = (built / "style.css").read_text(encoding="utf-8")
    colours = set(re.findall(r"(?<![-\w])color:\s*(#[0-9A-Fa-f]{6})", text))
    backgrounds = set(re.findall(r"background(?:-color)?:\s*(#[0-9A-Fa-f]{6})", text))
    assert colours and backgrounds and not re.search(r"(?<![-\w])color:(?!\s*#[0-9A-Fa-f]{6})", text)
    for fg in colours:
        for bg in backgrounds:
            assert contrast(fg, bg) >= MIN_CONTRAST, (fg, bg, round(contrast(fg, bg), 2))


# --- escaping and the Markdown converter ----------------------------------------------------------


def test_data_text_is_escaped(tmp_path):
    """Names, descriptions and claimants are text, never markup, wherever they come from."""
    import pandas as pd

    data = tmp_path / "data"
    shutil.copytree(casualties.load.data_dir(), data)
    nasty = '<script>alert("x")</script> & $5m and $7m'
    events = pd.read_parquet(data / "events.parquet")
    events.loc[0, "name"] = nasty
    events.loc[0, "description"] = nasty
    events.to_parquet(data / "events.parquet")
    claims = pd.read_parquet(data / "claims.parquet")
    first = claims["event_id"] == events.loc[0, "event_id"]
    claims.loc[first, "claimant"] = "<b>Ministry</b>"
    claims.to_parquet(data / "claims.parquet")
    out = tmp_path / "site"
    site.build_site(out, data)
    page = (out / "events" / f"{events.loc[0, 'event_id']}.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "<b>Ministry</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; $5m and $7m" in page
    assert "<strong>&lt;b&gt;Ministry&lt;/b&gt;</strong>" in page
    assert "&lt;script&gt;" in (out / "events" / "index.html").read_text(encoding="utf-8")


def test_markdown_converter_handles_what_the_docs_use():
    md = """# Doc

Intro with `a <b> code`, **bold**, *italic*, snake_case_word and [codebook](codebook.md#x).

## Part

- item one
  continued
  - nested
- item two

1. first
2. second

| a | b |
|---|---:|
| `x\\|y` | 2 |

```sh
uv run <thing>
```

> quoted *words*

<raw>html</raw>
"""
    out = site.markdown_to_html(md, lambda url: url.replace(".md", ".html"))
    assert '<h1 id="doc">Doc</h1>' in out and '<h2 id="part">Part</h2>' in out
    assert "<code>a &lt;b&gt; code</code>" in out and "<strong>bold</strong>" in out and "<em>italic</em>" in out
    assert "snake_case_word" in out  # underscores inside a word are not emphasis
    assert '<a href="codebook.html#x">codebook</a>' in out
    assert "<li>item one continued\n<ul>\n<li>nested</li>\n</ul></li>" in out
    assert "<ol>\n<li>first</li>\n<li>second</li>\n</ol>" in out
    assert '<td><code>x|y</code></td><td class="num">2</td>' in out  # GFM: a pipe inside a cell is escaped
    assert "<pre><code>uv run &lt;thing&gt;</code></pre>" in out
    assert "<blockquote>\n<p>quoted <em>words</em></p>\n</blockquote>" in out
    assert "<raw>" not in out and "&lt;raw&gt;html&lt;/raw&gt;" in out


def test_doc_links_to_files_the_site_lacks_keep_their_words_and_drop_the_link():
    out = site.markdown_to_html("See [extraction.md](extraction.md) and [CHANGELOG](../CHANGELOG.md).", site._doc_link)
    assert out == '<p>See extraction.md and <a href="changelog.html">CHANGELOG</a>.</p>'


# --- in a real browser ----------------------------------------------------------------------------

BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync"]
WIDTHS = (1280, 400)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Debian's Chromium driven by Playwright; skipped only where it is absent and this is not CI."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing under CI: .ci/run installs it (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium); CI runs this test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM), headless=True,
            args=BROWSER_ARGS)
        yield context
        context.close()


@pytest.fixture(scope="module")
def server(built):
    """The built site over http on 127.0.0.1 (a free port), as a reader's browser would get it."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(built)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def images_not_shown(page) -> list[str]:
    """Ask for every image now (lazy ones load only when scrolled to), wait until each is decoded or
    has failed, and return the sources of those not shown."""
    return page.evaluate("""async () => {
        const imgs = Array.from(document.images);
        imgs.forEach(i => { i.loading = 'eager'; });
        await Promise.all(imgs.map(i => i.decode().catch(() => null)));
        return imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.getAttribute('src'));
    }""")


def test_every_page_loads_in_chromium_without_errors_at_both_widths(built, browser, server, tmp_path):
    """No console error, no failed or off-machine request, no broken image or link, no sideways scroll."""
    host = urlparse(server).netloc
    problems: list[str] = []
    page = browser.new_page()
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)

    def off_machine(route):
        problems.append(f"network request off the machine: {route.request.url}")
        route.abort()

    page.route(re.compile(r"^(?!https?://" + re.escape(host) + r"/|data:).*"), off_machine)
    links: set[str] = set()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in pages(built):
            rel = path.relative_to(built).as_posix()
            url = urljoin(server, rel)
            response = page.goto(url, wait_until="load")
            assert response is not None and response.ok, (rel, response and response.status)
            problems += [f"{rel}: image not shown: {src}" for src in images_not_shown(page)]
            scroll = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll[0] > scroll[1]:
                problems.append(f"{rel} at {width} px: page scrolls sideways ({scroll[0]} > {scroll[1]})")
            if width == WIDTHS[0]:
                links |= set(page.evaluate("() => Array.from(document.links).map(a => a.href)"))
        # the front page's tables fit a narrow screen without scrolling inside their box either
        page.goto(server + "index.html")
        images_not_shown(page)  # let its images finish: leaving a page mid-download fails the request
        wide = page.evaluate("""() => Array.from(document.querySelectorAll('.table-wrap'))
            .filter(w => w.scrollWidth > w.clientWidth + 1).map(w => w.getAttribute('aria-label'))""")
        problems += [f"index.html at {width} px: table scrolls: {w}" for w in wide]
    internal = {u.split("#")[0] for u in links if urlparse(u).netloc == host}
    for url in sorted(internal):
        status = browser.request.get(url).status
        if status != 200:
            problems.append(f"link {url}: HTTP {status}")
    page.close()
    assert len(internal) > len(pages(built)) // 2
    assert problems == []


def test_screenshots_of_three_pages_at_both_widths(built, browser, server, tmp_path_factory):
    """Screenshots for a person to look at (the path is printed); each is a real, non-blank image."""
    out = Path(os.environ.get("SITE_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    out.mkdir(parents=True, exist_ok=True)
    event = sorted((built / "events").glob("2022-09-13-*.html"))[0].relative_to(built).as_posix()
    page = browser.new_page()
    shots = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for rel in ("index.html", event, "charts/cumulative.html"):
            page.goto(urljoin(server, rel), wait_until="load")
            shot = out / f"{rel.replace('/', '_').removesuffix('.html')}_{width}.png"
            page.screenshot(path=str(shot), full_page=True)
            shots.append(shot)
    page.close()
    from PIL import Image

    for shot in shots:
        with Image.open(shot) as im:
            assert im.width == int(shot.stem.rsplit("_", 1)[1]) and im.height > 900
            assert len(im.convert("L").getcolors(maxcolors=1 << 16) or range(3)) > 2  # not blank
    print(f"screenshots in {out}")


def test_the_chart_gallery_reads_at_420_px(browser, tmp_path):
    """`casualties charts` writes its own gallery: at phone width it must not scroll sideways either."""
    from casualties import charts

    assert charts.cli_charts(tmp_path) == 0
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": 420, "height": 900})
    page.goto((tmp_path / "index.html").as_uri(), wait_until="load")
    scroll = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    widths = page.evaluate("""async () => {
        const imgs = Array.from(document.images);
        await Promise.all(imgs.map(i => i.decode().catch(() => null)));
        return imgs.map(i => [i.naturalWidth, i.getBoundingClientRect().width]);
    }""")
    page.close()
    assert scroll[0] <= scroll[1] and errors == []
    assert len(widths) == len(charts.CHARTS)
    assert all(natural > 0 and shown <= 420 for natural, shown in widths)
