"""A static website of the dataset: plain HTML pages, one stylesheet and the charts, no script, no network.

`casualties site --out DIR` writes

- ``index.html``: what the dataset is and is not, the at-a-glance table (the README's numbers, from
  `series.yearly_table`) and the escalation chart;
- ``events/index.html`` and one ``events/<event_id>.html`` per incident: its description and place,
  each side's low / best / high with its basis, and every claim with claimant, qualifier, status and
  a link to its source or the quoted words of the raw article;
- ``charts/index.html`` and one ``charts/<name>.html`` per chart in `charts.CHARTS` (caption, note,
  source line, alt text shown as text, SVG and PNG downloads);
- ``methodology.html``, ``codebook.html`` and ``changelog.html``, converted from Markdown by
  `markdown_to_html` (a small converter for the subset our docs use, so the site needs no extra
  package);
- ``style.css``, written from `CSS_RULES`: the colours a test checks for contrast live there.

Every link between pages is relative, so the folder reads the same from a web server, a file:// URL
or a zip. All text from the data is HTML-escaped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .schema import DATASET_VERSION as __version__

SITE_TITLE = "Casualties in the Armenia–Azerbaijan border conflict and Karabakh, 2021–2024"

# ---------------------------------------------------------------------------------------------------
# Style: every colour of the site is here, and tests/test_site.py checks each text colour against
# its background (WCAG contrast >= 4.5:1).
# ---------------------------------------------------------------------------------------------------

INK = "#222222"
MUTED = "#595959"  # 7.0:1 on white; the charts' #666666 would pass too, this leaves room on the tint
LINK = "#0B5394"
PAPER = "#FFFFFF"
TINT = "#F3F4F6"
RULE = "#C8CCD2"

CSS_RULES: list[tuple[str, dict[str, str]]] = [
    ("*, *::before, *::after", {"box-sizing": "border-box"}),
    ("html", {"-webkit-text-size-adjust": "100%"}),
    ("body", {"font-family": '"DejaVu Sans", Verdana, "Segoe UI", sans-serif', "color": INK,
              "background-color": PAPER, "line-height": "1.5", "margin": "0", "overflow-wrap": "break-word"}),
    ("header, main, footer", {"max-width": "62rem", "margin": "0 auto", "padding": "0 1rem"}),
    ("header", {"border-bottom": f"1px solid {RULE}", "padding-top": "0.6rem", "padding-bottom": "0.4rem"}),
    (".site-name", {"margin": "0 0 0.3rem 0", "font-weight": "bold"}),
    ("nav ul", {"list-style": "none", "margin": "0", "padding": "0", "display": "flex", "flex-wrap": "wrap",
                "gap": "0.2rem 1.1rem"}),
    ("main nav", {"margin-top": "2rem", "padding-top": "0.6rem", "border-top": f"1px solid {RULE}"}),
    ("a", {"color": LINK}),
    ("a:focus, a:hover", {"color": INK}),
    (".skip", {"position": "absolute", "left": "-999px", "color": LINK, "background-color": PAPER}),
    (".skip:focus", {"left": "0.5rem", "top": "0.5rem", "padding": "0.3rem", "color": LINK,
                     "background-color": PAPER}),
    ("h1", {"font-size": "1.6rem", "line-height": "1.25", "margin": "1.2rem 0 0.8rem 0"}),
    ("h2", {"font-size": "1.25rem", "margin": "1.8rem 0 0.6rem 0"}),
    ("h3", {"font-size": "1.05rem", "margin": "1.3rem 0 0.4rem 0"}),
    ("img", {"max-width": "100%", "height": "auto", "border": f"1px solid {RULE}"}),
    ("figure", {"margin": "1rem 0 2rem 0"}),
    ("figcaption, .note, .meta, .source, footer", {"color": MUTED, "font-size": "0.92rem"}),
    ("footer", {"border-top": f"1px solid {RULE}", "margin-top": "3rem", "padding-top": "0.6rem",
                "padding-bottom": "2rem"}),
    (".table-wrap", {"overflow-x": "auto", "margin": "0.6rem 0 1.2rem 0", "max-width": "100%"}),
    ("table", {"border-collapse": "collapse", "font-size": "0.92rem"}),
    ("caption", {"text-align": "left", "font-weight": "bold", "padding": "0.3rem 0", "color": INK}),
    ("th, td", {"border-bottom": f"1px solid {RULE}", "padding": "0.3rem 0.6rem 0.3rem 0", "text-align": "left",
                "vertical-align": "top"}),
    ("th:last-child, td:last-child", {"padding-right": "0"}),
    ("td.num, th.num", {"text-align": "right", "font-variant-numeric": "tabular-nums"}),
    ("thead th", {"border-bottom": f"2px solid {INK}"}),
    ("code", {"font-family": '"DejaVu Sans Mono", Menlo, Consolas, monospace', "font-size": "0.9em",
              "background-color": TINT, "color": INK, "padding": "0 0.2em"}),
    ("pre", {"background-color": TINT, "color": INK, "padding": "0.6rem", "overflow-x": "auto"}),
    ("pre code", {"padding": "0"}),
    ("blockquote", {"margin": "0.4rem 0", "padding": "0.2rem 0.8rem", "border-left": f"3px solid {RULE}",
                    "background-color": TINT, "color": INK}),
    ("ol.claims, ul.events", {"padding-left": "1.3rem"}),
    ("ol.claims > li, ul.events > li", {"margin-bottom": "0.9rem"}),
    ("dl.facts", {"display": "grid", "grid-template-columns": "max-content 1fr", "gap": "0.2rem 1rem"}),
    ("dl.facts dt", {"font-weight": "bold"}),
    ("dl.facts dd", {"margin": "0"}),
    ("@media (max-width: 40rem)", {}),  # the block below applies on narrow screens
    ("  body", {"font-size": "0.95rem"}),
    ("  header, main, footer", {"padding": "0 0.6rem"}),
    ("  h1", {"font-size": "1.3rem"}),
    ("  dl.facts", {"grid-template-columns": "1fr"}),
    ("  dl.facts dd", {"margin-bottom": "0.4rem"}),
    ("  table", {"font-size": "0.8rem"}),
    ("  table.glance", {"font-size": "0.75rem"}),  # five columns that must fit 400 px without scrolling
    ("  th, td", {"padding": "0.25rem 0.3rem 0.25rem 0"}),
    ("  th:last-child, td:last-child", {"padding-right": "0"}),
    # a wide table of records becomes one block per row, each cell labelled, instead of scrolling
    ("  table.stack thead", {"position": "absolute", "left": "-9999px"}),
    ("  table.stack, table.stack tbody, table.stack tr", {"display": "block"}),
    ("  table.stack caption", {"display": "block"}),
    ("  table.stack tr", {"border-bottom": f"1px solid {RULE}", "padding": "0.3rem 0"}),
    ("  table.stack th, table.stack td", {"display": "inline", "border": "0", "padding": "0 0.5rem 0 0"}),
    ("  table.stack th[scope=row]", {"display": "block"}),
    ("  table.stack td.loss::after", {"content": "\",\""}),
    ("  table.stack td[data-label]::before", {"content": "attr(data-label) \": \"", "color": MUTED}),
]


def css() -> str:
    """The stylesheet, from CSS_RULES (indented selectors belong to the @media block before them)."""
    out, in_media = [], False
    for selector, props in CSS_RULES:
        if selector.startswith("@media"):
            out.append(selector + " {")
            in_media = True
            continue
        if in_media and not selector.startswith("  "):
            out.append("}")
            in_media = False
        body = " ".join(f"{k}: {v};" for k, v in props.items())
        out.append(f"{selector} {{ {body} }}")
    if in_media:
        out.append("}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------------

WHAT_IT_IS = (
    "An open, cited dataset of people reported killed, wounded, missing or captured in the "
    "Armenia–Azerbaijan border conflict and in Karabakh, 1 January 2021 – 31 December 2024, by incident "
    "date and side. Every figure in it is a claim: somebody said it, on a date, about somebody's losses, "
    "and each is cited to the page it was read in or to the exact words of a raw article. Each side's "
    "own report and the adversary's claim are kept side by side, and a written, tested rule reconciles "
    "them into low / best / high estimates per incident and side."
)
WHAT_IT_IS_NOT = (
    "a count of our own;",
    "a verified register of the dead;",
    "a record of the 2020 war or the 1990s war;",
    "a record of casualties from landmines left by earlier wars, of accidents, or of deaths during the "
    "exodus from Karabakh (see the methodology for what is in and out of scope).",
)
GLANCE_NOTE = (
    "People reported killed and wounded, by year of the incident and side hit: best estimates, i.e. the "
    "side's own latest figure where it gave one (for the Karabakh Armenians' losses, Armenia's later "
    "word counts as their own), else an ally's, else an independent one. Missing, captured and 'killed "
    "or missing' figures are kept separately and are not in these tables, nor are losses known only "
    "from the adversary's claim or only from an encyclopedia. "
    "Quote them with their basis: these are the sides' own reports, not verified counts."
)
BASIS_WORDS = {
    "own_report": "the side's own report",
    "allied_report": "an allied authority's report",
    "independent": "an independent source",
    "adversary_claim": "the adversary's claim only",
    "derived": "a total across sides, derived from the sides' figures",
}
#: The same bases, said of one claim rather than of an estimate.
CLAIM_BASIS_WORDS = {**BASIS_WORDS, "adversary_claim": "a claim by the adversary about losses it inflicted"}
QUALIFIER_WORDS = {"exact": "", "at_least": "at least ", "about": "about ", "more_than": "more than ",
                   "up_to": "up to "}
CATEGORY_WORDS = {"killed": "killed", "wounded": "wounded", "missing": "missing", "captured": "captured",
                  "killed_or_missing": "killed or missing", "casualties": "killed or wounded, not split"}
POPULATION_WORDS = {"military": "military", "civilian": "civilians", "mixed": "military and civilians",
                    "unknown": "population not stated"}
CLAIMANT_SIDE_WORDS = {"armenia": "Armenian authorities", "azerbaijan": "Azerbaijani authorities",
                       "karabakh": "Karabakh Armenian authorities", "russia": "Russian authorities",
                       "third_party": "third party", "unknown": "claimant's side unknown"}
#: The pages every page links to, in the navigation bar: (path, label).
NAV = (("index.html", "Overview"), ("events/index.html", "Events"), ("charts/index.html", "Charts"),
       ("methodology.html", "Methodology"), ("codebook.html", "Codebook"), ("changelog.html", "Changelog"))
#: Markdown documents that become pages: (page, file name in docs/ or the repository root, title).
DOCS = (("methodology.html", "methodology.md"), ("changelog.html", "CHANGELOG.md"))


def e(value) -> str:
    """HTML-escape any value (None and missing values become an empty string)."""
    if value is None or (not isinstance(value, str) and _isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def _isna(value) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _date(value) -> str:
    return "" if _isna(value) else f"{value:%-d %B %Y}"


def slug(text: str) -> str:
    """An anchor id for a heading: lower case, runs of other characters as one hyphen.

    >>> slug("Reconciliation rule"), slug("claimant_side")
    ('reconciliation-rule', 'claimant-side')
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def claim_anchor(claim_id: str) -> str:
    """An id for a claim's list item: the claim id with characters outside [A-Za-z0-9._:-] as '-'."""
    return "claim-" + re.sub(r"[^A-Za-z0-9._:-]", "-", claim_id)


# ---------------------------------------------------------------------------------------------------
# Markdown: the subset our docs use (headings, paragraphs, lists, tables, fenced code, quotes, inline
# code, emphasis, links, images); raw HTML in the source is escaped, never passed through.
# ---------------------------------------------------------------------------------------------------

_INLINE_CODE = re.compile(r"(`+)(.+?)\1")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_AUTOLINK = re.compile(r"&lt;(https?://[^\s&]+)&gt;")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])|(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])")


def _inline(text: str, link) -> str:
    """Inline Markdown to HTML. `link(url)` maps a link target to an href, or None to drop the link."""
    codes: list[str] = []

    def keep_code(m):
        codes.append(f"<code>{html.escape(m.group(2).strip(), quote=False)}</code>")
        return f"\x00{len(codes) - 1}\x00"

    text = _INLINE_CODE.sub(keep_code, text)
    text = html.escape(text, quote=False)

    def image(m):
        href = link(html.unescape(m.group(2)))
        return f'<img src="{e(href)}" alt="{m.group(1)}">' if href else m.group(1)

    def anchor(m):
        href = link(html.unescape(m.group(2)))
        return f'<a href="{e(href)}">{m.group(1)}</a>' if href else m.group(1)

    text = _IMAGE.sub(image, text)
    text = _LINK.sub(anchor, text)
    text = _AUTOLINK.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', text)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    text = _ITALIC.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", text)
    return re.sub(r"\x00(\d+)\x00", lambda m: codes[int(m.group(1))], text)


def _table(rows: list[str], link) -> str:
    def cells(row):
        row = row.strip().strip("|")
        return [c.strip() for c in re.split(r"(?<!\\)\|", row)]

    head, rule, body = cells(rows[0]), cells(rows[1]), [cells(r) for r in rows[2:]]
    right = [c.endswith(":") and not c.startswith(":") for c in rule]

    def cls(i):
        return ' class="num"' if i < len(right) and right[i] else ""

    out = ['<div class="table-wrap"><table>', "<thead><tr>"]
    out += [f'<th scope="col"{cls(i)}>{_inline(c, link)}</th>' for i, c in enumerate(head)]
    out.append("</tr></thead><tbody>")
    for r in body:
        out.append("<tr>" + "".join(f"<td{cls(i)}>{_inline(c.replace(chr(92) + '|', '|'), link)}</td>"
                                    for i, c in enumerate(r)) + "</tr>")
    out.append("</tbody></table></div>")
    return "\n".join(out)


def markdown_to_html(text: str, link=lambda url: url) -> str:
    """Convert the Markdown of our docs to HTML; headings get `slug` ids.

    >>> print(markdown_to_html("# Title\\n\\nSome *words* and `code`, [a link](b.md).\\n\\n- one\\n- two"))
    <h1 id="title">Title</h1>
    <p>Some <em>words</em> and <code>code</code>, <a href="b.md">a link</a>.</p>
    <ul>
    <li>one</li>
    <li>two</li>
    </ul>
    """
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
        elif line.lstrip().startswith("```"):
            j = i + 1
            while j < len(lines) and not lines[j].lstrip().startswith("```"):
                j += 1
            out.append("<pre><code>" + html.escape("\n".join(lines[i + 1:j]), quote=False) + "</code></pre>")
            i = j + 1
        elif m := re.match(r"(#{1,6})\s+(.*?)\s*#*\s*$", line):
            level, title = len(m.group(1)), m.group(2)
            plain = re.sub(r"[`*]", "", title)
            out.append(f'<h{level} id="{slug(plain)}">{_inline(title, link)}</h{level}>')
            i += 1
        elif line.lstrip().startswith("|") and i + 1 < len(lines) and re.match(r"\s*\|?[\s:|-]+\|", lines[i + 1]):
            j = i
            while j < len(lines) and lines[j].lstrip().startswith("|"):
                j += 1
            out.append(_table(lines[i:j], link))
            i = j
        elif line.startswith(">"):
            j = i
            while j < len(lines) and lines[j].startswith(">"):
                j += 1
            inner = "\n".join(ln[1:].lstrip() for ln in lines[i:j])
            out.append(f"<blockquote>\n{markdown_to_html(inner, link)}\n</blockquote>")
            i = j
        elif re.match(r"\s*([-*]|\d+\.)\s+", line):
            i = _list(lines, i, out, link)
        else:
            j = i
            while (j < len(lines) and lines[j].strip() and not re.match(r"\s*(#{1,6}\s|```|>|\||[-*]\s|\d+\.\s)", lines[j])):
                j += 1
            j = max(j, i + 1)
            out.append(f"<p>{_inline(' '.join(ln.strip() for ln in lines[i:j]), link)}</p>")
            i = j
    return "\n".join(out)


def _list(lines: list[str], i: int, out: list[str], link) -> int:
    """One list (and the lists nested in it, by indentation) from lines[i]; returns the next line."""
    first = re.match(r"(\s*)([-*]|\d+\.)\s+", lines[i])
    indent, ordered = len(first.group(1)), first.group(2)[0].isdigit()
    tag = "ol" if ordered else "ul"
    out.append(f"<{tag}>")
    while i < len(lines):
        m = re.match(r"(\s*)([-*]|\d+\.)\s+(.*)", lines[i])
        if not m or len(m.group(1)) != indent or m.group(2)[0].isdigit() != ordered:
            break
        item, nested = [m.group(3)], []
        i += 1
        while i < len(lines) and lines[i].strip():
            sub = re.match(r"(\s*)([-*]|\d+\.)\s+", lines[i])
            if sub and len(sub.group(1)) > indent:
                i = _list(lines, i, nested, link)
            elif sub or len(lines[i]) - len(lines[i].lstrip()) <= indent and re.match(r"\s*(#|\||```)", lines[i]):
                break
            else:
                item.append(lines[i].strip())
                i += 1
        out.append(f"<li>{_inline(' '.join(item), link)}" + ("\n" + "\n".join(nested) if nested else "") + "</li>")
        # a blank line between items of the same list keeps the list going
        if i < len(lines) and not lines[i].strip():
            k = i
            while k < len(lines) and not lines[k].strip():
                k += 1
            nxt = re.match(r"(\s*)([-*]|\d+\.)\s+", lines[k]) if k < len(lines) else None
            if nxt and len(nxt.group(1)) == indent and nxt.group(2)[0].isdigit() == ordered:
                i = k
    out.append(f"</{tag}>")
    return i


# ---------------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------------


@dataclass
class Page:
    """One HTML page: its path under the site folder, its title (the h1) and the HTML of its body."""

    path: str
    title: str
    body: str
    description: str = ""

    @property
    def root(self) -> str:
        """The relative path from this page back to the site's root folder."""
        return "../" * self.path.count("/")

    def render(self) -> str:
        current = ' aria-current="page"'
        nav = "\n".join(f'<li><a href="{self.root}{href}"{current if href == self.path else ""}>{e(label)}</a></li>'
                        for href, label in NAV)
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(self.title)} · casualties dataset v{e(__version__)}</title>
<meta name="description" content="{e(self.description or self.title)}">
<link rel="stylesheet" href="{self.root}style.css">
<link rel="icon" href="data:,">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<p class="site-name"><a href="{self.root}index.html">casualties dataset v{e(__version__)}</a></p>
<nav aria-label="Site">
<ul>
{nav}
</ul>
</nav>
</header>
<main id="main">
<h1>{e(self.title)}</h1>
{self.body}
</main>
<footer>
<p>Dataset version {e(__version__)}. Curated data and tables: CC BY 4.0; code: MIT. Every figure is a claim by
the party or source named beside it, not a count of our own. Built by <code>casualties site</code>; no
scripts, no external resources.</p>
</footer>
</body>
</html>
"""


def _wrap_table(table: str, label: str) -> str:
    """A table in a horizontally scrollable region, so a narrow screen scrolls the table, not the page."""
    return f'<div class="table-wrap" role="region" aria-label="{e(label)}" tabindex="0">\n{table}\n</div>'


def glance_tables(casualties=None) -> str:
    """The at-a-glance tables (killed; wounded): the README's numbers, from `timeseries.yearly_table`."""
    from .charts import SIDE_LABELS
    from .timeseries import yearly_table

    t = yearly_table(casualties)
    parts = []
    for measure in ("killed", "wounded"):
        cols = [c for c in t.columns if c[0] == measure]
        head = "".join(f'<th scope="col" class="num">{e(SIDE_LABELS[s])}</th>' for _, s in cols)
        rows = []
        for year, row in t[cols].iterrows():
            cells = "".join(f'<td class="num">{int(v):,}</td>' for v in row)
            rows.append(f'<tr><th scope="row">{year}</th>{cells}</tr>')
        totals = "".join(f'<td class="num"><strong>{int(v):,}</strong></td>' for v in t[cols].sum())
        first, last = t.index.min(), t.index.max()
        rows.append(f'<tr><th scope="row">{first}–{last}</th>{totals}</tr>')
        table = (f'<table class="glance" id="glance-{measure}"><caption>People reported {measure}, by year and side '
                 f'(best estimates)</caption>\n<thead><tr><th scope="col">Year</th>{head}</tr></thead>\n<tbody>\n'
                 + "\n".join(rows) + "\n</tbody></table>")
        parts.append(_wrap_table(table, f"People reported {measure}, by year and side"))
    return "\n".join(parts)


def _figure_html(chart, root: str, link_page: bool) -> str:
    """A chart's image with its caption; the alt text is the chart's own."""
    img = (f'<img src="{root}charts/{e(chart.name)}.png" alt="{e(chart.alt)}" width="1100" '
           f'height="{chart.height_px}" loading="lazy">')
    more = f' <a href="{root}charts/{e(chart.name)}.html">About this chart</a>.' if link_page else ""
    if not link_page:  # on the chart's own page, the image opens the full-size PNG (to zoom on a phone)
        img = f'<a href="{root}charts/{e(chart.name)}.png">{img}</a>'
    return f"<figure>\n{img}\n<figcaption>{e(chart.caption)}{more}</figcaption>\n</figure>"


@dataclass
class Chart:
    """A drawn chart: its words (charts.ChartText) and the PNG's size."""

    name: str
    title: str
    caption: str
    alt: str
    note: str
    source: str
    height_px: int
    extra: str = ""  # HTML shown under the chart on its page (e.g. the numbers, with links to the events)


def front_page(casualties, chart: Chart | None) -> Page:
    not_items = "\n".join(f"<li>{e(x)}</li>" for x in WHAT_IT_IS_NOT)
    escalation = (_figure_html(chart, "", True) if chart else "")
    body = f"""<p>{e(WHAT_IT_IS)}</p>
<h2 id="what-it-is-not">What it is not</h2>
<ul>
{not_items}
</ul>
<p>How the figures are collected and reconciled: <a href="methodology.html">methodology</a>; every table,
column and vocabulary: <a href="codebook.html">codebook</a>.</p>
<h2 id="at-a-glance">At a glance</h2>
<p>{e(GLANCE_NOTE)} The rule is in the <a href="codebook.html#reconciliation-rule">codebook</a>; each figure behind
these tables has a claimant and a source on its <a href="events/index.html">event's page</a>.</p>
{glance_tables(casualties)}
<h2 id="escalation">Killed per month</h2>
{escalation}
<h2 id="browse">Browse</h2>
<ul>
<li><a href="events/index.html">Every incident</a>, with each side's estimates and every claim and its source.</li>
<li><a href="charts/index.html">Charts</a>, with captions, text descriptions and downloads.</li>
<li><a href="changelog.html">Changelog</a>: every change to published figures, and why.</li>
</ul>"""
    return Page("index.html", SITE_TITLE, body, WHAT_IT_IS)


def _killed_summary(totals, event_id: str) -> str:
    from .charts import SIDE_LABELS

    rows = totals.get(event_id, [])
    return ", ".join(f"{SIDE_LABELS[s]} {v:,}" for s, v in rows) if rows else "none reported"


def events_index(events, totals) -> Page:
    parts = [f"<p>{len(events)} incidents from {_date(events['start_date'].min())} to "
             f"{_date(events['start_date'].max())}, by the day each began. Killed: best estimates, as in the "
             "at-a-glance table.</p>"]
    for year, group in events.groupby(events["start_date"].dt.year, sort=True):
        parts.append(f'<h2 id="y{year}">{year}</h2>\n<ul class="events">')
        for r in group.itertuples():
            parts.append(f'<li><a href="{e(r.event_id)}.html">{e(r.name)}</a><br>'
                         f'<span class="meta">{_date(r.start_date)} · {e(_places(r.province, r.area))} · killed: '
                         f"{e(_killed_summary(totals, r.event_id))}</span></li>")
        parts.append("</ul>")
    return Page("events/index.html", "Events", "\n".join(parts), "Every incident in the dataset")


def _places(province, area) -> str:
    given = province if isinstance(province, str) and province else ""
    return given.replace("; ", ", ") if given else f"province not recorded (area: {area})"


def _estimate_table(rows) -> str:
    from .charts import SIDE_LABELS

    body = []
    for r in rows.itertuples():
        body.append(f'<tr><th scope="row">{e(SIDE_LABELS[str(r.side)])}</th>'
                    f'<td class="loss">{e(CATEGORY_WORDS[str(r.category)])}</td>'
                    f"<td>{e(POPULATION_WORDS[str(r.population)])}</td>"
                    f'<td class="num" data-label="low">{int(r.low):,}</td>'
                    f'<td class="num" data-label="best">{int(r.best):,}</td>'
                    f'<td class="num" data-label="high">{int(r.high):,}</td>'
                    f'<td data-label="basis">{e(BASIS_WORDS.get(str(r.basis), str(r.basis)))}</td></tr>')
    table = ('<table class="stack"><caption>Estimates per side hit (people)</caption>\n<thead><tr><th scope="col">Side hit</th>'
             '<th scope="col">Loss</th><th scope="col">Population</th><th scope="col" class="num">Low</th>'
             '<th scope="col" class="num">Best</th><th scope="col" class="num">High</th>'
             '<th scope="col">Basis of best</th></tr></thead>\n<tbody>\n' + "\n".join(body) + "\n</tbody></table>")
    return _wrap_table(table, "Estimates per side hit")


def _true(value) -> bool:
    """A nullable boolean cell (numpy, pandas or Python) that is set and true."""
    return not _isna(value) and bool(value)


def _claim_status(c, anchors: set[str]) -> str:
    if str(c.review) in ("unreviewed", "rejected"):
        return f"not used: extracted figure, review state {e(c.review)}"
    if _true(c.is_background):
        return "not used: cited by the source only as background"
    if isinstance(c.superseded_by, str) and c.superseded_by:
        target = claim_anchor(c.superseded_by)
        later = f'<a href="#{e(target)}">a later figure</a>' if target in anchors else "a later figure"
        return f"revised: replaced by {later} from the same speaker"
    if _true(c.is_partial):
        return "current; covers part of the incident only"
    return "current"


def _claim_item(c, articles, anchors: set[str]) -> str:
    from .charts import SIDE_LABELS

    what = (f"{QUALIFIER_WORDS.get(str(c.qualifier), '')}{int(c.count):,} {CATEGORY_WORDS[str(c.category)]} "
            f"({POPULATION_WORDS[str(c.population)]}), side hit: {SIDE_LABELS[str(c.side)]}")
    said = f" on {_date(c.report_date)}" if not _isna(c.report_date) else ""
    lines = [f"<strong>{e(c.claimant)}</strong> ({e(CLAIMANT_SIDE_WORDS.get(str(c.claimant_side), c.claimant_side))})"
             f"{said}: {e(what)}.",
             f'<br><span class="meta">Basis: {e(CLAIM_BASIS_WORDS.get(str(c.basis), c.basis))}; '
             f"status: {_claim_status(c, anchors)}.</span>"]
    if isinstance(c.evidence_text, str) and c.evidence_text:
        art = articles.get(c.article_id, {})
        outlet = e(art.get("outlet")) or "an article"
        published = f", published {_date(art.get('published'))}" if not _isna(art.get("published")) else ""
        cite = f'<a href="{e(art["url"])}">{outlet}</a>' if isinstance(art.get("url"), str) else outlet
        lines.append(f"<blockquote>“{e(c.evidence_text)}”</blockquote>"
                     f'<span class="source">Quoted from {cite}{published}: the raw article '
                     f"<code>{e(c.article_id)}</code> kept in the repository, characters "
                     f"{e(c.evidence_start)}–{e(c.evidence_end)}.</span>")
    if isinstance(c.source_url, str) and c.source_url:
        label = ", ".join(x for x in (e(c.source_outlet), _date(c.source_date)) if x) or e(c.source_url)
        lines.append(f'<br><span class="source">Source: <a href="{e(c.source_url)}">{label}</a></span>')
    if isinstance(c.note, str) and c.note:
        lines.append(f'<br><span class="note">Note: {e(c.note)}</span>')
    return f'<li id="{e(claim_anchor(c.claim_id))}">' + "\n".join(lines) + "</li>"


def _vocab(name: str, value) -> str:
    """A vocabulary value in the schema's own words (codebook), e.g. area 'border' -> 'the ... border'."""
    from . import schema

    return schema.VOCABULARIES[name].get(str(value), str(value)) if not _isna(value) else "not recorded"


def event_page(ev, estimates, claims, articles, totals, before=None, after=None) -> Page:
    """An incident's page; `before` and `after` are the neighbouring events' rows (by date), if any."""
    from .charts import SIDE_LABELS

    dates = _date(ev.start_date) + ("" if ev.end_date == ev.start_date else f" – {_date(ev.end_date)}")
    rough = "" if str(ev.date_precision) in ("day", "range") else f" ({_vocab('date_precision', ev.date_precision)})"
    facts = [("Dates", e(dates + rough)),
             ("Area", e(_vocab("area", ev.area))),
             ("Where", e(_vocab("country_of_location", ev.country_of_location))),
             ("Provinces or districts", e(_places(ev.province, ev.area))),
             ("Places", e(str(ev.villages).replace("; ", ", ")) if isinstance(ev.villages, str) else "not recorded"),
             ("Killed (best, all sides)", e(_killed_summary(totals, ev.event_id)))]
    dl = "\n".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    order = {s: i for i, s in enumerate(SIDE_LABELS)}
    estimates = estimates.assign(_o=estimates["side"].astype(str).map(order)).sort_values(
        ["_o", "category", "population"], kind="stable")
    claims = claims.assign(_o=claims["side"].astype(str).map(order)).sort_values(
        ["_o", "category", "population", "report_date", "claim_id"], kind="stable")
    anchors = {claim_anchor(c) for c in claims["claim_id"]}
    items = "\n".join(_claim_item(c, articles, anchors) for c in claims.itertuples())
    est = (_estimate_table(estimates) if len(estimates) else "<p>No estimate: no claim about this incident is used "
           "in the estimates.</p>")
    body = f"""<dl class="facts">
{dl}
</dl>
<h2 id="what-happened">What happened</h2>
<p>{e(ev.description)}</p>
<h2 id="estimates">Estimates</h2>
<p>Low, best and high per side hit, kind of loss and population, reconciled from the claims below by the
<a href="../codebook.html#reconciliation-rule">rule in the codebook</a>.</p>
{est}
<h2 id="claims">Claims ({len(claims)})</h2>
<p>Every figure somebody gave about this incident, by side hit, with who said it, how it was qualified and
where it was read.</p>
<ol class="claims">
{items}
</ol>
<nav aria-label="Other events">
<ul>
{"" if before is None else f'<li>Earlier: <a href="{e(before.event_id)}.html">{e(before.name)}</a></li>'}
{"" if after is None else f'<li>Later: <a href="{e(after.event_id)}.html">{e(after.name)}</a></li>'}
<li><a href="index.html">All events</a></li>
</ul>
</nav>"""
    return Page(f"events/{ev.event_id}.html", str(ev.name), body, f"{ev.name}: {dates}")


def chart_page(chart: Chart) -> Page:
    body = f"""{_figure_html(chart, "../", False)}
<h2 id="how-to-read-it">How to read it</h2>
<p>{e(chart.note)}</p>
<h2 id="text-description">Text description</h2>
<p>{e(chart.alt)}</p>
{chart.extra}
<h2 id="source">Source and downloads</h2>
<p class="source">{e(chart.source)}</p>
<p>Download: <a href="{e(chart.name)}.svg">SVG (for print)</a> · <a href="{e(chart.name)}.png">PNG</a></p>
<p><a href="index.html">All charts</a></p>"""
    return Page(f"charts/{chart.name}.html", chart.title, body, chart.caption)


def charts_index(drawn: list[Chart]) -> Page:
    parts = ["<p>Every chart is drawn from the published tables by <code>casualties.charts</code>; each page has the "
             "chart's caption, how to read it, a text description and downloads.</p>"]
    for c in drawn:
        parts.append(f'<h2 id="{e(c.name)}"><a href="{e(c.name)}.html">{e(c.title)}</a></h2>\n'
                     + _figure_html(c, "../", False))
    return Page("charts/index.html", "Charts", "\n".join(parts), "The dataset's charts")


# ---------------------------------------------------------------------------------------------------
# Docs
# ---------------------------------------------------------------------------------------------------


def _doc_text(name: str) -> str | None:
    """A Markdown document: packaged with the library (casualties/docs/), else in the source checkout."""
    packaged = resources.files("casualties") / "docs" / name
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    repo = Path(__file__).resolve().parents[2]
    for path in (repo / "docs" / name, repo / name):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


def _doc_link(url: str) -> str | None:
    """Where a link in a doc goes on the site: a site page, an external URL, or nowhere (text only)."""
    if re.match(r"[a-z]+:", url) or url.startswith("#"):
        return url
    target, _, anchor = url.partition("#")
    pages = {"codebook.md": "codebook.html", "methodology.md": "methodology.html", "CHANGELOG.md": "changelog.html"}
    page = pages.get(Path(target).name)
    if page is None:
        return None  # a repository file the site does not carry: keep the words, drop the link
    return page + (f"#{anchor}" if anchor else "")


def doc_page(path: str, markdown: str, title_fallback: str) -> Page:
    """A page from a Markdown doc: the doc's first-level heading becomes the page's h1."""
    m = re.search(r"^#\s+(.+)$", markdown, re.M)
    title = m.group(1).strip() if m else title_fallback
    if m:
        markdown = markdown[:m.start()] + markdown[m.end():]
    return Page(path, title, markdown_to_html(markdown, _doc_link), title)


# ---------------------------------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------------------------------


def claims_gap_numbers(tables: dict) -> str:
    """The claims_gap chart's rows as a table: each incident linked to its page, with both claimants."""
    from .charts import SIDE_LABELS, claims_gap_table

    t = claims_gap_table(**tables)
    rows = []
    for r in t.itertuples():
        loss = f"{CATEGORY_WORDS[str(r.category)]} ({POPULATION_WORDS[str(r.population)]})"
        rows.append(f'<tr><th scope="row"><a href="../events/{e(r.event_id)}.html">{e(r.name)}</a>, '
                    f"{_date(r.start_date)}</th><td data-label=\"side hit\">{e(SIDE_LABELS[str(r.side)])}</td>"
                    f'<td data-label="loss">{e(loss)}</td>'
                    f'<td data-label="own report">{e(QUALIFIER_WORDS.get(r.own_qualifier, ""))}{r.own_report:,} '
                    f"({e(r.own_claimant)})</td>"
                    f'<td data-label="adversary claim">{e(QUALIFIER_WORDS.get(r.adversary_qualifier, ""))}'
                    f"{r.adversary_claim:,} ({e(r.adversary_claimant)})</td></tr>")
    table = ('<table class="stack"><caption>The numbers, with who gave them</caption>\n<thead><tr>'
             '<th scope="col">Incident</th><th scope="col">Side hit</th><th scope="col">Loss</th>'
             '<th scope="col">Own report</th><th scope="col">Adversary claim</th></tr></thead>\n<tbody>\n'
             + "\n".join(rows) + "\n</tbody></table>")
    return '<h2 id="numbers">The numbers</h2>\n' + _wrap_table(table, "The numbers, with who gave them")


#: Extra content for a chart's page, by chart name: a function of the tables returning HTML.
CHART_EXTRAS = {"claims_gap": claims_gap_numbers}


def _draw_charts(out: Path, tables: dict) -> list[Chart]:
    from . import charts

    drawn = []
    for name, build in charts.CHARTS.items():
        fig = build(**tables)
        charts.save(fig, out / "charts" / name)
        t = fig.chart_text
        w, h = fig.get_size_inches()
        extra = CHART_EXTRAS[name](tables) if name in CHART_EXTRAS else ""
        drawn.append(Chart(name, t.title, t.caption, t.alt, t.note, t.source, round(1100 * h / w), extra))
    return drawn


def event_totals_by_event(casualties) -> dict[str, list[tuple[str, int]]]:
    """Killed per event and side (best), as the charts and series count them: {event_id: [(side, n)]}."""
    from .timeseries import event_totals

    out: dict[str, list[tuple[str, int]]] = {}
    for r in event_totals(casualties, "killed", "best").itertuples():
        if r.value:
            out.setdefault(r.event_id, []).append((r.side, int(r.value)))
    return out


def build_site(out: Path, data: Path | None = None) -> list[Path]:
    """Write the whole site into `out` (created if needed); return the files written.

    `data` is a folder of processed Parquet files (default: the dataset's own).
    """
    from . import codebook, load

    out = Path(out)
    tables = {name: getattr(load, f"load_{name}")(data) for name in ("casualties", "claims", "events")}
    articles = load.load_articles(data)
    cas, claims, events = tables["casualties"], tables["claims"], tables["events"]
    drawn = _draw_charts(out, tables)
    totals = event_totals_by_event(cas)
    art = {r["article_id"]: r for r in articles.to_dict("records")}
    events = events.sort_values(["start_date", "event_id"], kind="stable")
    by_event_claims = dict(tuple(claims.groupby("event_id", sort=False, observed=True)))
    by_event_cas = dict(tuple(cas.groupby("event_id", sort=False, observed=True)))
    escalation = next((c for c in drawn if c.name == "escalation"), None)
    pages = [front_page(cas, escalation), events_index(events, totals), charts_index(drawn)]
    empty_claims, empty_cas = claims.iloc[0:0], cas.iloc[0:0]
    rows = list(events.itertuples())
    for i, ev in enumerate(rows):
        pages.append(event_page(ev, by_event_cas.get(ev.event_id, empty_cas),
                                by_event_claims.get(ev.event_id, empty_claims), art, totals,
                                rows[i - 1] if i else None, rows[i + 1] if i + 1 < len(rows) else None))
    pages += [chart_page(c) for c in drawn]
    pages.append(doc_page("codebook.html", codebook.render(), "Codebook"))
    for path, name in DOCS:
        text = _doc_text(name)
        if text is None:
            text = (f"# {name}\n\nThis document ships with the source repository (`{name}`), not with the "
                    "installed package.")
        pages.append(doc_page(path, text, name))
    written = [p for p in out.glob("charts/*") if p.suffix in (".png", ".svg")]
    (out / "style.css").write_text(css(), encoding="utf-8")
    written.append(out / "style.css")
    for page in pages:
        path = out / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.render(), encoding="utf-8")
        written.append(path)
    return written


def cli_site(out: Path, data: Path | None = None) -> int:
    """`casualties site --out DIR`: write the site and say where it is; return the exit status."""
    written = build_site(out, data)
    pages = sum(p.suffix == ".html" for p in written)
    print(f"wrote {pages} pages, {len(written) - pages} other files to {out}")
    print(f"open {Path(out) / 'index.html'}")
    return 0
