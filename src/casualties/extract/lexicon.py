"""The lexicon: every word list of lexicon.toml read once, checked, and compiled into named patterns."""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

#: a word of lower-case letters: what the gates compare
_TOKEN = re.compile(r"[a-z]+")
#: where a pattern of the grammar names a word list of lexicon.toml: ``\L<section.list>`` (the
#: third-party ``regex`` module's syntax for named lists; Python's ``re`` refuses ``\L``, so the
#: two cannot be confused)
_LIST_REF = re.compile(r"\(\?:\\L<([a-z_]+(?:\.[a-z_]+)+)>\)|\\L<([a-z_]+(?:\.[a-z_]+)+)>")


def _alt(phrases, tails: dict | None = None) -> str:
    """A regex alternation of phrases that prefers the longest; a space matches any whitespace.

    The phrases are folded into a trie ("kill", "killed", "killing" -> ``kill(?:ed|ing)?``): Python's
    regex engine tries the alternatives of a flat list one by one at every position, so sharing the
    prefixes is several times faster on lexicons of hundreds of phrases. ``tails`` maps more
    phrases to a regex that must follow them ("sustained" + how + "injuries"), in the same trie.
    """
    trie: dict = {}
    for p in {p for p in phrases if p}:
        node = trie
        for ch in p:
            node = node.setdefault(ch, {})
        node[""] = {}
    for p, tail in (tails or {}).items():
        node = trie
        for ch in p:
            node = node.setdefault(ch, {})
        node.setdefault("\0", set()).add(tail)  # (a key no character of a phrase can be)
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    alts = [(r"\s+" if ch == " " else re.escape(ch)) + _trie_regex(sub) for ch, sub in sorted(node.items())
            if ch and ch != "\0"]
    alts += sorted(node.get("\0", ()))
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if "" in node:  # a phrase may end here; greedy "?" still prefers the longer phrase
        body = f"(?:{body})?"
    return body


def _top_level_alternatives(pattern: str) -> list[str]:
    """The alternatives of ``pattern`` split at each "|" outside brackets, classes and escapes."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 1
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    return out + [pattern[start:]]


#: a character that stands for itself in a pattern (outside a class)
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 '")


def _factored(alternatives: list[str]) -> str:
    """``"|".join(alternatives)``, the alternatives sharing a first character folded under it
    ("ministry|military|mod" -> ``m(?:inistry|ilitary|od)``, and so on down), for the engine tries
    each alternative of a plain list in turn at every position, where it skips a branch that opens
    with a literal character other than the text's after one comparison. The same matches: folded
    only when every alternative opens with a plain character (``_PLAIN``: a lower-case letter,
    digit, space or apostrophe, not quantified, not a group), of which two different ones never
    match the same character (with or without IGNORECASE), so at any position only the
    alternatives of one first character can match, and those are kept in their order."""
    if len(alternatives) < 2 or not all(
            a[:1] in _PLAIN and a[1:2] not in ("?", "*", "+", "{") for a in alternatives):
        return "|".join(alternatives)
    groups: dict[str, list[str]] = {}
    for a in alternatives:
        groups.setdefault(a[0], []).append(a[1:])
    parts = []
    for first, rests in groups.items():
        rest = _factored(rests)
        parts.append(first + (f"(?:{rest})" if len(_top_level_alternatives(rest)) > 1 else rest))
    return "|".join(parts)


def _not_containing(phrases: list[str]) -> list[str]:
    """The phrases that contain no other phrase of the list as whole words: a sentence that matches
    "were declared dead" has the words of "dead", so the gate needs only the shorter phrase's
    word (and not "declared"). Fewer, rarer gate words let more sentences skip the grammar."""
    listed = {f" {p} " for p in phrases}
    out = []
    for p in phrases:
        words = p.split()
        parts = (" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)
                 if j - i < len(words))
        if not any(f" {q} " in listed for q in parts):
            out.append(p)
    return out


def _words(phrases) -> str:
    """The alternation wrapped so that it only matches whole words."""
    return rf"(?<![\w'’-])(?:{_alt(phrases)})(?![\w'’-])"


def _capitalised_words(phrases) -> str:
    """What ``(?=(?-i:[A-Z]))`` + ``_words(phrases)`` with IGNORECASE matches (whole words, a capital
    A-Z first, the rest in any case), to compile without IGNORECASE: each branch of the trie's top
    is a case-sensitive capital, the rest of the phrases after it ignore case. A pattern whose every
    branch opens on a literal is scanned by the engine from capital to capital, three times faster
    than trying each position. (Phrases that start with another character keep the plain form.)"""
    rests: dict[str, list[str]] = {}
    for p in phrases:
        if "a" <= p[:1] <= "z":
            rests.setdefault(p[0].upper(), []).append(p[1:])
    branches = []
    for cap, tails in sorted(rests.items()):
        body = _alt(tails)
        branches.append(f"{cap}(?<![\\w'’-]{cap})(?i:{f'(?:{body})?' if '' in tails else body})")
    others = [p for p in phrases if p and not "a" <= p[:1] <= "z"]
    if others:
        branches.append(rf"(?=[A-Z])(?<![\w'’-])(?i:{_alt(others)})")
    return "(?:" + "|".join(branches) + r")(?![\w'’-])"


#: words too common to gate a phrase with: another word of the phrase is taken where it has one
_FUNCTION_WORDS = frozenset({
    "a", "an", "and", "are", "at", "be", "been", "being", "by", "for", "from", "had", "has", "have", "her", "his",
    "in", "into", "is", "its", "of", "on", "or", "that", "the", "their", "them", "they", "to", "was", "were",
    "which", "who", "whose", "with"})


def _surname_pattern(ending_alt: str) -> str:
    r"""The surname pattern for the endings ``ending_alt`` (an alternation, longest first): up to
    three capitalised words, a word with a surname ending and up to three words after it ("Vanik
    Aram Ghazaryan"), or one to three capitalised words before "oglu", "qizi" or "kizi"
    ("Khalilzade Parviz Aghakishi oglu"); no word character, apostrophe or hyphen right before it
    or after it. Every match opens with a capital, consumed first: a pattern whose first item is a
    character class is tried only where that class matches (the engine skips to them), where one
    that opens with a look-around is tried at every character. The look-behind comes after the
    capital and reads it with the character before it, ``(?<![\w'’-][A-Z])``, which fails only
    where that character is a word character, apostrophe or hyphen (the capital is one): what
    ``(?<![\w'’-])`` before it says. The capital is the first one of the first word of either
    alternative: the optional run ``(?:...)??`` holds the rest of the words before the surname,
    tried first without them and then with one, two and three words, as ``{0,3}?`` tries them.
    Same matches as ``(?=[A-Z])(?:(?<![\w'’-])(?:C\s+){0,3}?SURNAME...|(?<![\w'’-])(?:C\s+){1,3}oglu...)``
    (tests/test_extract_twins.py), at a third less."""
    w = "[a-z'’-]"
    after = rf"(?:\s+(?:[A-Z]{w}+|oglu|qizi|kizi)){{0,3}}(?![\w'’-])"
    return (rf"[A-Z](?<![\w'’-][A-Z])(?:(?:{w}+\s+(?:[A-Z]{w}+\s+){{0,2}}?[A-Z])??{w}{{2,}}(?:{ending_alt}){after}"
            rf"|{w}+\s+(?:[A-Z]{w}+\s+){{0,2}}(?:oglu|qizi|kizi)(?![\w'’-]))")


def _gate_words(phrases, avoid: frozenset = frozenset()) -> frozenset:
    """The longest word of every phrase that is not a function word (of all its words, where each is
    one): a sentence whose words miss all of them cannot match any phrase, so the grammar can skip
    it. A set lookup is far cheaper than a regex scan. Any word of a phrase would do (a match holds
    each of its words whole); a common one lets sentences through for nothing: "were", the longest
    word of "were hurt or dead", and "their", of "lost their lives", let one sentence in five that
    reaches the figure stage through (seed articles). Words in ``avoid`` (common ones, such as the
    sides' names) are chosen only for a phrase with no other, even a function word ("and" of
    "Armenia and Azerbaijan")."""
    out = set()
    for p in phrases:
        words = _TOKEN.findall(p.lower())
        if words:
            kept = [w for w in words if w not in avoid] or words
            out.add(max([w for w in kept if w not in _FUNCTION_WORDS] or kept, key=len))
    return frozenset(out)


@functools.lru_cache(maxsize=4096)
def _key(s: str) -> str:
    """A phrase as the lexicon's dicts key it: lower case, one space between words. Remembered:
    the rules key the same few matched words ("Armenian", "killed") tens of times per article."""
    return " ".join(s.lower().split())


class _Severe(dict):
    """Casualty phrases by category, where a phrase not listed but for adverbs of severity
    ("killed or seriously injured": lexicon [killed_or_wounded] ``severity_adverbs``) has the
    category of the phrase without them ("killed or injured"): the adverbs are composed into the
    patterns (``_severity_tails``), not listed, so the lexicon stays small."""

    def __init__(self, listed: dict, severity: frozenset = frozenset()):
        super().__init__(listed)
        self.severity = severity

    def _plain(self, phrase: str) -> str | None:
        words = phrase.split()
        if self.severity.isdisjoint(words):
            return None
        plain = " ".join(w for w in words if w not in self.severity)
        return dict.get(self, plain)

    def __missing__(self, phrase: str) -> str:
        plain = self._plain(phrase)
        if plain is None:
            raise KeyError(phrase)
        return plain


class _PostOf(_Severe):
    """The category of a casualty phrase after the victims. A phrase composed from the
    ``[injuries]`` lists and not listed itself ("sustained light injuries") is wounded, or killed
    with a fatal word ("suffered mortal wounds"); one composed from ``[custody]`` ("held in
    Azerbaijani prisons", "returned from Azerbaijani captivity") is captured; one composed from
    ``[mine_victims] set_off`` ("detonated a mine") or from ``[victims_of]`` ("became landmine
    victims", "were struck by landmines", "were harmed in mine explosion") is casualties; one
    listed but for adverbs of severity has the listed one's category."""

    def __init__(self, listed: dict, fatal: frozenset, custody: frozenset, mines: frozenset = frozenset(),
                 severity: frozenset = frozenset(), victims: frozenset = frozenset(), hit: tuple = ()):
        super().__init__(listed, severity)
        self.fatal, self.custody, self.mines, self.victims = fatal, custody, mines, victims
        self.hit = tuple(f"{h} " for h in hit)  # ("struck by ", ...): a phrase that starts with one

    def __missing__(self, phrase: str) -> str:
        plain = self._plain(phrase)
        if plain is not None:
            return plain  # "killed or seriously injured": as "killed or injured"
        if not self.victims.isdisjoint(phrase.split()) or phrase.startswith(self.hit):
            return "casualties"  # "became the victims of shelling", "struck by landmines": hit, how unsaid
        if any(phrase.endswith(n) for n in self.custody):
            return "captured"  # "being held in Azerbaijani prisons"
        if any(phrase.endswith(n) for n in self.mines):
            return "casualties"  # "exploded on an anti-personnel mine": hit, killed or wounded unsaid
        return "killed" if not self.fatal.isdisjoint(phrase.split()) else "wounded"


class _TollOf(dict):
    """The category of a running total's words ("death toll": killed). One not listed is composed
    from a victims' toll and a cause ("number of victims of mine explosions", lexicon
    [victims_of]): the guide's undifferentiated killed-or-wounded count, `casualties`."""

    def __missing__(self, phrase: str) -> str:
        return "casualties"


@dataclass
class _Lexicon:
    raw: dict
    number_re: re.Pattern
    word_values: dict
    qualifier_end_re: re.Pattern
    qualifier_of: dict
    post_re: LexiconPattern  # (search it through text.lower_twin: search_lower, match_lower)
    post_of: dict
    pre_end_re: re.Pattern
    pre_of: dict
    toll_end_re: re.Pattern
    number_of_end_re: LexiconPattern
    number_of_words: dict
    toll_of: dict
    heads: dict
    side_re: re.Pattern
    side_of: dict
    agent_re: re.Pattern
    combined_strong_re: re.Pattern
    combined_strong_gate_words: frozenset  # a word of each combined.strong phrase (_gate_words): a clause with none holds none
    combined_weak_re: re.Pattern
    combined_mines_re: re.Pattern  # combined.mines: a blast's victims are no total across sides
    combined_mines_gate: frozenset  # combined.mines, the longest word of each: a substring gate for the pattern
    place_re: re.Pattern
    place_of: dict
    prefilter_words: frozenset
    speech_gate_words: frozenset
    sentence_gate_words: frozenset  # prefilter_words | speech_gate_words: a sentence with none passes neither gate
    speech_re: re.Pattern
    according_re: re.Pattern
    known_re: re.Pattern
    known_gate_words: frozenset  # a word of each known name (_gate_words): a clause with none holds none
    known_of: dict
    body_re: re.Pattern
    body_of: list
    names_re: re.Pattern
    names_of: dict
    anaphora_re: re.Pattern
    institutional: set
    denial_re: re.Pattern
    background_re: re.Pattern
    background_exception_re: re.Pattern
    background_marker_words: frozenset  # background.marker_words: a marker's match holds one, or a year
    background_year_re: re.Pattern  # background.marker_years: the years a marker can name
    later_re: re.Pattern
    earlier_re: re.Pattern
    date_re: re.Pattern
    report_end_re: re.Pattern
    month_of: dict
    weekday_of: dict
    not_count_after_re: re.Pattern
    not_count_before_re: re.Pattern
    nc_verbs: frozenset
    adjectives: dict
    singular_persons: frozenset
    singular_person_re: re.Pattern
    date_words: frozenset
    date_parts: dict
    anaphor_re: re.Pattern
    of_number_re: re.Pattern
    agent_after_re: re.Pattern
    number_plural_re: re.Pattern
    singular_words: frozenset
    head_lens: dict
    number_words: frozenset
    not_qualifier_end_re: re.Pattern
    title_re: re.Pattern
    title_words: frozenset
    gap_subject_re: re.Pattern
    premodifier_of: dict
    surname_re: re.Pattern
    surname_side: dict
    surname_endings: tuple
    surname_tails: frozenset  # the last two letters of every ending: a cheap first test
    ordinal_words: frozenset
    things_after: frozenset
    kin_words: frozenset       # kin.relatives: "his son", "her husband"
    release_words: frozenset   # custody.released: captives counted as they are released
    custody_nouns: frozenset   # custody.nouns: "captivity", "prisons": a place where people are held
    anaphora_documents: frozenset  # claimants.anaphora.documents: "the report", "the infographic"
    opposite: dict  # agents.opposite: each party's adversary ("armenia" -> "azerbaijan")
    vague_groups: frozenset  # numbers.vague_groups: "the hundreds of captives"
    not_singular: frozenset  # population.not_singular: person nouns that are never one person
    place_units: frozenset  # regions.units: "Fizuli District"
    surname_titles: frozenset  # claimants.surname_titles: "President Aliyev" is the known Aliyev
    abbreviations: frozenset  # orthography.abbreviations: a full stop after one ends no sentence
    relative_day_words: frozenset  # dates.relative_days, the last word of each
    war_toll_nouns: frozenset  # people.war_toll: "killed 6,500 people", "30,000 deaths"


@functools.cache
def _raw() -> dict:
    """``lexicon.toml`` read and checked, once per process."""
    raw = tomllib.loads(resources.files("casualties").joinpath("lexicon.toml").read_text("utf-8"))
    check_lexicon(raw)
    return raw


def word_list(name: str) -> list[str]:
    """The word list ``section.list`` of lexicon.toml (a table's keys, in order, for a table)."""
    node = _raw()
    for part in name.split("."):
        node = node[part]
    return list(node)


@functools.cache
def list_re(name: str) -> re.Pattern:
    """The word list ``section.list`` as one case-blind pattern of whole phrases (``_words``),
    compiled once per process."""
    return re.compile(_words(word_list(name)), re.IGNORECASE)


@functools.cache
def gate_words(name: str) -> frozenset:
    """``_gate_words`` of the word list ``section.list``: a sentence whose words (runs of a-z,
    lower-cased) miss all of them cannot match any phrase of the list."""
    return _gate_words(word_list(name))


@functools.cache
def first_words(name: str) -> frozenset | None:
    """The first word of every phrase of the word list ``section.list``; None when a phrase is not
    lower-case words (a-z) between single spaces, whose first word ends where a run of a-z ends
    (a caller that tries a pattern only where one of these words begins then scans instead)."""
    phrases = word_list(name)
    if not all(re.fullmatch(r"[a-z]+(?: [a-z]+)*", p) for p in phrases):
        return None
    return frozenset(p.split(" ")[0] for p in phrases)


@functools.cache
def longest_words(name: str) -> tuple[str, ...] | None:
    """Each phrase's gate word, lower-cased, of the word list ``section.list`` (``gate_words``):
    a case-blind match of any of the phrases holds one of these words, so a lower-cased ASCII text
    with none of them cannot match the list, and a cheap substring test can stand before the
    pattern. None when
    a phrase is not plain ASCII words (IGNORECASE folds "ſ" to "s", which ``str.lower`` does not):
    then no such test may rule a text out."""
    if not all(p.isascii() and _TOKEN.search(p.lower()) for p in word_list(name)):
        return None
    return tuple(sorted(gate_words(name)))


def may_hold(name: str, text: str, low: str | None = None) -> bool:
    """A cheap gate before a pattern of the word list ``section.list``: False only where ``text``
    cannot match it, an ASCII text none of whose substrings is one of the phrases' longest words
    (``longest_words``; ``low``: ``text`` lower-cased, if the caller has it)."""
    needles = longest_words(name)
    if needles is None or not text.isascii():
        return True
    low = text.lower() if low is None else low
    return any(n in low for n in needles)


def _listed(phrases) -> str:
    """A flat alternation of phrases in their listed order, as a regex written out tries them (the
    first that matches wins, unlike ``_alt``'s trie, which prefers the longest); a space in a
    phrase matches any run of whitespace."""
    return "(?:" + "|".join(r"\s+".join(re.escape(w) for w in p.split(" ")) for p in phrases) + ")"


def expand(source: str) -> str:
    """A pattern's source with every ``\\L<section.list>`` replaced by that word list (a group of
    its own: ``(?:\\L<section.list>)`` gives the same pattern as ``\\L<section.list>``)."""
    return _LIST_REF.sub(lambda m: _listed(word_list(m.group(1) or m.group(2))), source)


class LexiconPattern:
    """A compiled pattern whose source names word lists of lexicon.toml (``\\L<section.list>``),
    compiled on first use: importing the grammar must not read the lexicon. After the first use
    the pattern's methods sit in the instance, so a call costs what a compiled pattern's does.
    ``source`` may be a function giving the source, for a pattern whose source is itself costly
    to build and is not needed by every article (``number_of_end_re``), or for one that is costly
    to compile and that most texts search only through its lower-case twin (``post_re``:
    ``text.lower_twin`` builds the twin from ``source_and_flags``, without compiling this one)."""

    _PROXIED = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
                "pattern", "flags", "groups", "groupindex")

    def __init__(self, source: str | Callable[[], str], flags: int = 0):
        self.source, self._flags = source, flags

    def source_and_flags(self) -> tuple[str, int]:
        """The source this pattern is compiled from (``\\L<...>`` expanded) and the flags given."""
        return expand(self.source() if callable(self.source) else self.source), self._flags

    def __getattr__(self, name: str):
        if name not in self._PROXIED:
            raise AttributeError(name)
        rx = re.compile(*self.source_and_flags())
        for attr in self._PROXIED:
            setattr(self, attr, getattr(rx, attr))
        return getattr(rx, name)

    def __repr__(self) -> str:
        return f"LexiconPattern({self.source!r})"


def _compile(source: str, flags: int = 0) -> re.Pattern:
    """``re.compile`` of a source that may name word lists (``\\L<section.list>``)."""
    return re.compile(expand(source), flags)


def _disjunctions(kw: dict, slot: str) -> list[str]:
    """The guide's undifferentiated count (ANNOTATION.md, category: "`casualties` (an
    undifferentiated killed-or-wounded count)"): every death phrase of lexicon
    [killed_or_wounded] joined to every injury phrase, in both orders ("lost their lives or
    sustained injuries", "injured or killed"), as casualty phrases of ``slot`` (post: after the
    victims; pre: the active verbs before them, "killed or wounded 30 soldiers")."""
    killed, wounded = kw[f"killed_{slot}"], kw[f"wounded_{slot}"]
    return [_key(f"{a} {j} {b}") for k in killed for w in wounded for j in kw["joints"]
            for a, b in ((k, w), (w, k))]


def _severity_tails(kw: dict, slot: str) -> dict[str, str]:
    """The same disjunctions with an adverb of severity right before the injury verb ("killed or
    seriously injured", "were badly wounded or killed", "killing or critically wounding 12";
    lexicon [killed_or_wounded] ``severity_adverbs``): the same undifferentiated count. The verb
    is an injury phrase's last word when that word is an injury verb of its own (``wounded_pre``);
    "sustained injuries" ends in a noun and takes no adverb. Composed as trie tails (a phrase
    and the regex that must follow it), not listed: listing them would be some 20,000 phrases.
    Keyed by what comes before the adverb's own phrase; ``_Severe`` gives the category."""
    adverbs, verbs = kw["severity_adverbs"], set(kw["wounded_pre"])
    joints, killed = _alt(kw["joints"]), _alt(kw[f"killed_{slot}"])
    hurt: dict[str, list[str]] = {}  # the injury verbs by the words before them ("were": wounded, injured)
    for w in kw[f"wounded_{slot}"]:
        *aux, verb = w.split()
        if verb in verbs:
            hurt.setdefault(" ".join(aux), []).append(verb)
    adverb = _alt(adverbs)
    # "were seriously injured", "badly hurt": the words before the adverb, the adverb, their verbs
    severe = "|".join(rf"{_alt([aux])}\s+(?:{adverb})\s+(?:{_alt(vs)})" if aux else rf"(?:{adverb})\s+(?:{_alt(vs)})"
                      for aux, vs in hurt.items())
    tails = {k: rf"\s+(?:{joints})\s+(?:{severe})" for k in kw[f"killed_{slot}"]}  # "killed" + "or badly hurt"
    for aux, vs in hurt.items():  # "were" + "badly wounded or killed"; "badly" + "hurt or killed"
        after = rf"\s+(?:{_alt(vs)})\s+(?:{joints})\s+(?:{killed})"
        tails.update({aux: rf"\s+(?:{adverb}){after}"} if aux else {a: after for a in adverbs})
    return tails


@functools.cache
def _lexicon() -> _Lexicon:
    """Read ``lexicon.toml`` (once per process) and compile every pattern the grammar uses."""
    raw = _raw()
    num = raw["numbers"]
    word_values = {**num["units"], **num["tens"], **num["scales"]}
    nw = _alt(word_values)
    number_words = (rf"(?:{nw})(?:(?:\s+|-)(?:{nw})|(?:(?<=hundred)|(?<=thousand))\s+and\s+(?:{nw}))*")
    number_re = re.compile(
        # "2.9 thousand", "1,5 thousand": a decimal before a scale word
        rf"(?<![\w'’.,$€£-])(?:(?P<scaled>[0-9]+[.,][0-9]+\s+(?:thousand|million))(?![\w'’])"
        # "3,825", and "3 825" with a space between thousands, as translated copy writes them
        rf"|(?P<digits>[0-9]{{1,3}}(?:,[0-9]{{3}})+(?![0-9])|[0-9]{{1,3}}(?:[ \u00a0][0-9]{{3}})+(?![0-9.,])|[0-9]+)"
        rf"|(?P<phrase>{_alt(num['phrases'])})|(?P<words>{number_words})"
        rf"|(?P<single>{_alt(num['singular'])}))(?![\w'’])",
        re.IGNORECASE,
    )
    # the same without "a/an/another", for the many sentences with no singular person noun in them
    number_plural_re = re.compile(number_re.pattern.replace(f"|(?P<single>{_alt(num['singular'])})", ""),
                                  re.IGNORECASE)
    qualifier_of = {_key(p): q for q, ps in raw["qualifiers"].items() if q != "not_after" for p in ps}
    qualifier_end_re = re.compile(rf"(?<![\w'’-])({_alt(qualifier_of)})\s+$", re.IGNORECASE)

    cats = raw["categories"]
    post_of, pre_of, heads = {}, {}, {}
    # Categories are listed from the most to the least specific ("killed or wounded" before
    # "killed"), and a phrase keeps the first category that claims it.
    for cat, d in cats.items():
        for p in d["post"]:
            post_of.setdefault(_key(p), cat)
        for p in d["pre"]:
            pre_of.setdefault(_key(p), cat)
        for p in d["heads"]:
            heads.setdefault(tuple(_key(p).split()), ("casualty", cat))
    # "were killed or wounded", "injured or dead": the undifferentiated killed-or-wounded count, a
    # phrase of death and one of injury joined in either order (listed phrases keep their category)
    for slot, of in (("post", post_of), ("pre", pre_of)):
        for p in _disjunctions(raw["killed_or_wounded"], slot):
            of.setdefault(p, "casualties")
    # "were encircled and taken captive": the guide's "surrounded and captured", every pair composed
    ct = raw["cornered_and_taken"]
    for c in ct["cornered"]:
        for t in ct["taken"]:
            post_of.setdefault(_key(f"{c} and {t}"), "captured")
    inj = raw["injuries"]
    # "sustained light injuries": composed phrases, after the listed ones (which keep their category)
    # (a measure of two words and "of", or up to five words and "with", may come first: "received
    # various degrees of physical injuries", "were rushed to the Republican Medical Center with
    # various injuries"; not "received orders to treat injuries", "training in the treatment of burns")
    injury = (rf"(?:(?:\s+[\w'’-]+){{1,2}}\s+of|(?:\s+[\w'’-]+){{0,5}}?\s+with)?(?:\s+(?:{_alt(inj['how'])})){{0,3}}\s+(?:{_alt(inj['nouns'])})"
              rf"(?:\s+of\s+(?:varying|various|different)\s+(?:severity|degrees?))?")
    cus = raw["custody"]
    two_words = r"(?:[\w'’-]+\s+){0,2}?"  # (two words at most, the fewest first)
    custody_noun = rf"{two_words}(?:{_alt(cus['nouns'])})"
    # "are being held in Azerbaijani prisons": held, in, two words at most, a noun of custody
    custody = rf"\s+in\s+{custody_noun}"
    # "have returned from Azerbaijani captivity": back, from, two words at most, a noun of custody
    from_custody = rf"\s+from\s+{custody_noun}"
    mines = [_key(m) for m in raw["combined"]["mines"]]  # (lower case: post_re keeps its lower-case twin)
    # "detonated an anti-personnel mine": a verb of setting one off, a/an, two words at most, a mine word
    set_off = rf"\s+an?\s+{two_words}(?:{_alt(mines)})"
    severity = frozenset(raw["killed_or_wounded"]["severity_adverbs"])
    vo = raw["victims_of"]
    # "became landmine victims", "fell victim to Armenian shelling": becoming, a/an/the, a cause and
    # a victim noun, or a victim noun, of/to, two words at most and a cause
    causes = _alt([_key(c) for c in vo["causes"]])
    victims, victim_nouns = _alt(vo["victim"]), frozenset(vo["victim"])
    of_cause = rf"(?:{_alt(vo['joints'])})\s+{two_words}(?:{causes})"  # "of Armenian shelling"
    victim = rf"(?:(?:a|an|the)\s+)?(?:(?:{causes})\s+(?:{victims})|(?:{victims})\s+{of_cause})"
    # "were struck by landmines", "caught in the shelling": hit, a/an/the, two words at most, a cause
    struck = rf"\s+(?:(?:a|an|the)\s+)?{two_words}(?:{causes})"
    # "were harmed as a result of mine explosion": harm, a link, a/an/the, two words at most, a cause
    harmed = rf"\s+(?:{_alt(vo['harm_links'])}){struck}"
    post_of = _PostOf(post_of, frozenset(inj["fatal"]), frozenset(cus["nouns"]), frozenset(mines), severity,
                      victim_nouns, tuple(_key(h) for h in vo["hit"] + vo["harm"]))
    pre_of = _Severe(pre_of, severity)
    # one trie: the composed phrases' verbs share it with the listed phrases, so a position where no
    # phrase starts costs one failed look-up, not three
    composed: dict[str, str] = {}
    for tails in ({v: injury for v in inj["verbs"]}, {v: custody for v in cus["verbs"]},
                  {v: set_off for v in raw["mine_victims"]["set_off"]}, {v: rf"\s+{victim}" for v in vo["become"]},
                  {h: struck for h in vo["hit"]}, {h: harmed for h in vo["harm"]},
                  {v: from_custody for v in cus["from_verbs"]},
                  _severity_tails(raw["killed_or_wounded"], "post")):
        for v, tail in tails.items():  # a verb of two kinds ("got" injuries, "got badly hurt or killed") takes both
            composed[v] = f"(?:{composed[v]}|{tail})" if v in composed else tail
    # (142,000 characters, 0.27 s to compile: compiled case-blind only for a text with "İ", "ı" or
    # "ſ"; every other text is searched with its lower-case twin, ``text.lower_twin``)
    post_re = LexiconPattern(rf"(?<![\w'’-])(?:{_alt(post_of, composed)})(?![\w'’-])", re.IGNORECASE)
    pre_severe = _severity_tails(raw["killed_or_wounded"], "pre")  # "killed or badly wounded 12"
    pre_end_re = _compile(
        rf"(?<![\w'’-])({_alt(pre_of, pre_severe)})\s+(?:(?:\L<grammar.pre_casualty_determiners>)\s+)?$",
        re.IGNORECASE)
    tolls = raw["tolls"]
    toll_of = _TollOf({_key(p): cat for cat, ps in tolls.items() if cat != "joints" for p in ps})
    # "the number of victims of mine explosions ... amounted to 3,345": victims of mines and attacks
    # are the undifferentiated count (as after the victims, ``victim`` above)
    victims_of = {p: rf"\s+{of_cause}" for p in toll_of if not victim_nouns.isdisjoint(p.split())}
    toll_end_re = re.compile(
        rf"(?<![\w'’-])({_alt(toll_of, victims_of)})(?:\s+[\w'’,-]+){{0,12}}?\s+(?:{_alt(tolls['joints'])})\s+$",
        re.IGNORECASE)

    # "the total number of Armenian servicemen killed has reached 135"
    casualty_heads = {" ".join(h): v[1] for h, v in heads.items() if v[0] == "casualty"}
    number_of_words = {**casualty_heads, **post_of}
    # (36,000 characters, 30 ms to build and 50 ms to compile: built and compiled on first use,
    # since it is tried only after a word of a running total, and an article without one never
    # needs it; the same pattern)
    number_of_end_re = LexiconPattern(lambda: (
        rf"\b(?:number|count|tally)\s+of\s+(?:[\w'’-]+\s+){{0,4}}?({_alt(number_of_words)})\b[^.;]{{0,50}}?"
        rf"\b(?:\L<grammar.number_of_verbs>)\s+$"), re.IGNORECASE)
    pop = raw["population"]
    for kind in ("military", "civilian", "unknown"):
        for p in pop[kind]:
            heads.setdefault(tuple(_key(p).split()), ("person", kind))
    for p in pop["rank"]:
        heads.setdefault(tuple(_key(p).split()), ("rank", None))
    for side, ps in raw["nationality_nouns"].items():
        for p in ps:
            if p.endswith("s"):  # plural nouns only: "four Armenians"; "Armenian" is an adjective
                heads.setdefault(tuple(_key(p).split()), ("nationality", side))
    singular_persons = frozenset(
        p for kind in ("military", "civilian") for p in pop[kind] if not p.endswith("s") or p in ("police",)
    ) | frozenset(pop["singular"]) | frozenset(  # "a local government official": one person (ANNOTATION.md)
        p for p in raw["people"]["offices"] if not p.endswith(("s", "men")))

    side_of = {_key(p): s for s, ps in raw["sides"].items() for p in ps}
    side_re = re.compile(_words(side_of), re.IGNORECASE)
    adjectival = [p for p in side_of if not p.startswith(("of ", "in "))]
    agent_re = re.compile(
        rf"(?<![\w'’-])({_alt(adjectival)})(?:\s+[\w'’-]+)?\s+(?:{_alt(raw['agents']['nouns'])})(?![\w'’-])",
        re.IGNORECASE)
    combined_strong_re = re.compile(_words(raw["combined"]["strong"]), re.IGNORECASE)
    # (not "azerbaijan", of "Armenia and Azerbaijan": a side's name is in most clauses that name a speaker)
    combined_strong_gate_words = _gate_words(raw["combined"]["strong"], avoid=frozenset(side_of))
    combined_weak_re = re.compile(_words(raw["combined"]["weak"]), re.IGNORECASE)
    combined_mines_re = re.compile(_words(raw["combined"]["mines"]), re.IGNORECASE)
    place_of = {_key(p): s for s, ps in raw["places"].items() for p in ps}
    # place names are proper nouns: a capital first checked case-sensitively skips most positions
    place_re = re.compile(_capitalised_words(place_of))

    every_casualty_word = _not_containing(list(post_of) + list(pre_of) + [" ".join(h) for h, v in heads.items()
                                                                          if v[0] == "casualty"] + list(toll_of))
    # A cheap gate before the grammar: the gate word (_gate_words) of every casualty
    # phrase. Any phrase match implies a gate match, so the gate never loses a figure.
    # (every composed injury, custody or mine phrase has one of its nouns; every [victims_of] phrase a
    # victim noun or one of ``gate``: not the longest word of "were hit by", which is "were")
    gate = frozenset(vo["gate"])
    if any(gate.isdisjoint(h.split()) for h in vo["hit"] + vo["harm"]):
        raise ValueError("lexicon [victims_of]: a hit or harm phrase has no word of `gate`")
    prefilter_words = (_gate_words(every_casualty_word) | frozenset(inj["nouns"]) | _gate_words(cus["nouns"])
                       | _gate_words(mines) | victim_nouns | gate)

    cl = raw["claimants"]
    speech_re = re.compile(rf"(?<![\w'’-])({_alt(cl['speech_verbs'])})(?![\w'’-])", re.IGNORECASE)
    speech_gate_words = _gate_words(cl["speech_verbs"] + cl["before"])
    according_re = re.compile(_words(cl["before"]), re.IGNORECASE)
    known_of = {_key(k): tuple(v) for k, v in cl["known"].items()}
    known_re = re.compile(rf"(?<![\w'’/-])(?:{_alt(cl['known'])})(?![\w'’/-])")  # case-sensitive: "AP"
    # (not "azerbaijan", of "Azerbaijan Campaign Against Landmines": a side's name is in most clauses)
    known_gate_words = _gate_words(cl["known"], avoid=frozenset(side_of))
    body_of = [(re.compile(rf"(?<![\w'’-])(?:{pat})(?![\w'’-])", re.IGNORECASE), name)
               for pat, name in cl["bodies"].items()]
    # (the bodies' alternatives in their order, folded by first characters: _factored)
    body_re = _factored([a for pat in cl["bodies"] for a in _top_level_alternatives(pat)])
    body_re = re.compile(rf"(?<![\w'’-])(?:{body_re})(?![\w'’-])", re.IGNORECASE)
    names_of = {_key(p): s for s, ps in cl["names"].items() for p in ps}
    names_re = re.compile(_words(names_of), re.IGNORECASE)
    anaphora_re = re.compile(rf"^(?:the\s+|its\s+|their\s+|a\s+)?(?:{_alt(cl['anaphora']['heads'])})$",
                             re.IGNORECASE)
    institutional = {_key(h) for h in cl["anaphora"]["institutional"]}

    bg = raw["background"]
    background_re = re.compile("|".join(bg["markers"]), re.IGNORECASE)
    background_exception_re = re.compile("|".join(bg["exceptions"]), re.IGNORECASE)
    background_year_re = re.compile("|".join(bg["marker_years"]))
    later_re = re.compile(_words(raw["revision"]["later"]), re.IGNORECASE)
    earlier_re = re.compile(_words(raw["revision"]["earlier"]), re.IGNORECASE)

    dates = raw["dates"]
    month_of = {m: i + 1 for i, m in enumerate(dates["months"])} | dates["month_abbreviations"]
    weekday_of = {d: i for i, d in enumerate(dates["weekdays"])}
    # the last word of each relative day ("this week", "overnight"): a sentence without one has none
    relative_day_words = frozenset(p.split()[-1] for p in dates["relative_days"])
    month = rf"(?:{_alt(month_of)})\.?"
    weekday = _alt(weekday_of)
    # ("5 May" and the year test what comes before their first digit after it, \b as (?<!\w\d) and
    # (?<![\d,.]) as (?<![\d,.]..): the same matches, and a pattern that opens with a digit is
    # entered only at a digit, where one that opens with a look-behind is entered at every character)
    date_pieces = {
        "month": [
            rf"(?P<md>\b(?P<md_m>{month})\s+(?P<md_d>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"(?:\s*(?:-|–|and|to|through)\s*(?P<md_d2>\d{{1,2}})(?:st|nd|rd|th)?)?(?:,?\s+(?P<md_y>(?:19|20)\d\d))?(?!\d))",
            rf"(?P<dm>(?P<dm_d>\d(?<!\w\d)\d?)(?:st|nd|rd|th)?(?:\s*(?:-|–|and|to)\s*(?P<dm_d2>\d{{1,2}}))?\s+"
            rf"(?P<dm_m>{month})(?:,?\s+(?P<dm_y>(?:19|20)\d\d))?(?!\d))",
            rf"(?P<my>\b(?P<my_m>{month})(?:\s+of)?\s+(?P<my_y>(?:19|20)\d\d|last\s+year|the\s+previous\s+year|this\s+year)\b)",
            rf"(?P<rm>\b(?:in\s+)?(?P<rm_w>\L<dates.relative_month_words>)[\s-]+(?P<rm_m>{month})(?![\w]))",
        ],
        "weekday": [rf"(?P<wd>\b(?P<wd_w>{weekday})(?:\s+(?P<wd_p>morning|afternoon|evening|night))?\b)"],
        "relative": [r"(?P<rel>\b(?:\L<dates.relative_days>)\b)"],
        "year_word": [r"(?P<yr>\b(?:last\s+year|the\s+previous\s+year|a\s+year\s+ago|this\s+year)\b)"],
        "year": [r"(?P<y>(?P<y_y>(?:19|20)(?<![\d,.]..)\d\d)(?P<y_s>s)?(?!\d|,\d))"],
    }
    date_pieces = {k: [expand(p) for p in ps] for k, ps in date_pieces.items()}
    date_parts = {k: [re.compile(p, re.IGNORECASE) for p in ps] for k, ps in date_pieces.items()}
    # one alternation of all the pieces, for the few places that just need to find any date
    date_re = re.compile("|".join(p for ps in date_pieces.values() for p in ps), re.IGNORECASE)
    report_end_re = re.compile(
        # "said on Tuesday", "issued by the ministry on Wednesday": the day of the statement
        rf"(?<![\w'’-])(?:{_alt(dates['report_verbs'])})\s+(?:by\s+(?:the\s+)?[\w'’-]+\s+|\w+\s+)?"
        rf"(?:on|early\s+on|late\s+on|in)?\s*$",
        re.IGNORECASE)
    # (and a time or a decimal: "around 4:00 am", "2.5")
    not_count_after_re = re.compile(rf"^\s*(?:{_alt(num['not_counts_after'])})(?![\w'’])|^-[a-z]|^\s*(?:st|nd|rd|th)\b|^[:.]\d",
                                    re.IGNORECASE)
    endings = {e: side for side, es in raw["surnames"].items() for e in es}
    ending_alt = "|".join(sorted(endings, key=len, reverse=True))
    # two to four capitalised words, one a surname: "Vanik Aram Ghazaryan", "Khalilzade Parviz Aghakishi oglu"
    surname_re = re.compile(_surname_pattern(ending_alt))
    return _Lexicon(
        ordinal_words=frozenset(num["ordinals"]), things_after=frozenset(pop["things_after"]),
        kin_words=frozenset(raw["kin"]["relatives"]), release_words=frozenset(map(_key, raw["custody"]["released"])),
        custody_nouns=frozenset(raw["custody"]["nouns"]),
        anaphora_documents=frozenset(cl["anaphora"]["documents"]),
        opposite=dict(raw["agents"]["opposite"]),
        war_toll_nouns=frozenset(raw["people"]["war_toll"]),
        abbreviations=frozenset(raw["orthography"]["abbreviations"]),
        vague_groups=frozenset(num["vague_groups"]), not_singular=frozenset(pop["not_singular"]),
        place_units=frozenset(raw["regions"]["units"]), surname_titles=frozenset(cl["surname_titles"]),
        surname_re=surname_re, surname_side=endings, surname_endings=tuple(sorted(endings, key=len, reverse=True)),
        surname_tails=frozenset(e[-2:] for e in endings),
        premodifier_of={_key(w): cat for cat, ws in raw["premodifiers"].items() for w in ws},
        raw=raw, number_re=number_re, word_values=word_values, qualifier_end_re=qualifier_end_re,
        qualifier_of=qualifier_of, post_re=post_re, post_of=post_of, pre_end_re=pre_end_re, pre_of=pre_of,
        toll_end_re=toll_end_re, number_of_end_re=number_of_end_re, number_of_words=number_of_words,
        toll_of=toll_of, heads=heads, side_re=side_re, side_of=side_of,
        agent_re=agent_re, combined_strong_re=combined_strong_re,
        combined_strong_gate_words=combined_strong_gate_words, combined_weak_re=combined_weak_re,
        combined_mines_re=combined_mines_re, combined_mines_gate=_gate_words(raw["combined"]["mines"]),
        place_re=place_re, place_of=place_of, prefilter_words=prefilter_words,
        speech_gate_words=speech_gate_words, sentence_gate_words=prefilter_words | speech_gate_words,
        speech_re=speech_re, according_re=according_re,
        known_re=known_re, known_gate_words=known_gate_words, known_of=known_of, body_re=body_re, body_of=body_of, names_re=names_re,
        names_of=names_of, anaphora_re=anaphora_re, institutional=institutional,
        denial_re=re.compile(_words(raw["denial"]["words"]), re.IGNORECASE), background_re=background_re,
        background_exception_re=background_exception_re, background_marker_words=frozenset(bg["marker_words"]),
        background_year_re=background_year_re, later_re=later_re, earlier_re=earlier_re,
        date_re=date_re, report_end_re=report_end_re, month_of=month_of, weekday_of=weekday_of,
        not_count_after_re=not_count_after_re,
        not_count_before_re=re.compile(rf"(?<![\w'’-])(?:{_alt(num['not_counts_before'])})\s*$", re.IGNORECASE),
        nc_verbs=frozenset(raw["non_casualty"]["verbs"]), adjectives=raw["claimants"]["adjectives"],
        singular_persons=singular_persons,
        singular_person_re=re.compile(rf"\s+(?:[\w'’-]+\s+){{0,4}}?(?:{_alt(singular_persons)})(?![\w'’-])",
                                      re.IGNORECASE),
        date_words=frozenset(month_of) | frozenset(weekday_of) | relative_day_words | {"year"},
        relative_day_words=relative_day_words,
        date_parts=date_parts,
        anaphor_re=re.compile(rf"(?<![\w'’-])(?:the\s+|its\s+|their\s+)?(?:{_alt(cl['anaphora']['heads'])})"
                              rf"(?![\w'’-])", re.IGNORECASE),
        # "one of seven martyrs": the first number is a subset of the second
        of_number_re=re.compile(rf"\s+of\s+(?:the\s+|these\s+|those\s+)?(?:[0-9]|(?:{nw})\b)", re.IGNORECASE),
        # ("of the latest Azerbaijani attack": a word of time or force may come between)
        agent_after_re=_compile(rf"\b(?:\L<grammar.agent_prepositions>)\s+(?:an?\s+|the\s+)?"
                                rf"(?:(?:\L<attack.agent_modifiers>)\s+)?"
                                rf"({agent_re.pattern})", re.IGNORECASE),
        number_plural_re=number_plural_re,
        singular_words=_gate_words(singular_persons),
        # the first word of every head -> the lengths of its heads, longest first: the noun phrase
        # tries only those, not every length up to the longest head's
        head_lens={w: tuple(sorted({len(h) for h in heads if h[0] == w}, reverse=True))
                   for w in {h[0] for h in heads}},
        number_words=frozenset(word_values) | {w for p in num["phrases"] for w in p.split()} - {"a", "of"},
        not_qualifier_end_re=re.compile(rf"(?<![\w'’-])(?:{_alt(raw['qualifiers']['not_after'])})\s+$",
                                        re.IGNORECASE),
        # "Private Davit Hakobyan": a title, then one to three capitalised names
        title_re=re.compile(rf"(?<![\w'’-])(?i:{_alt(pop['titles'])})((?:\s+[A-Z][a-z'’-]+){{1,3}})"
                            rf"(?:\s+(?:oglu|qizi|kizi))?(?![\w'’-])"),  # "... Parviz Aghakishi oglu"
        title_words=frozenset(p.split()[0] for p in pop["titles"]),
        # gapping: "... and Azerbaijan 2", ", Azerbaijani officials at seven", "; Armenia said three"
        gap_subject_re=_compile(
            rf"^\s*(?:,\s*|;\s*)?(?:(?:and|while|whereas|but)\s+)?((?:the\s+)?(?:{_alt(names_of)})"
            rf"|(?:{_alt(adjectival)})\s+(?:\L<institutions.gap_subject>))"
            rf"(?:\s+(?:\L<speech.gap_verbs>|put\s+(?:its|their)\s+(?:own\s+)?(?:losses|toll|dead)))?"
            rf"(?:\s+at)?\s+$", re.IGNORECASE),
    )


class LexiconError(ValueError):
    """A word list of lexicon.toml contradicts another."""


#: Groups of word lists that must not share a phrase: a phrase in two of them would be decided by
#: list order, silently. Each entry: (a name for messages, a function giving {list name: phrases}).
DISJOINT_GROUPS = (
    *((f"categories.*.{slot}", lambda raw, slot=slot: {f"categories.{c}.{slot}": d[slot]
                                                          for c, d in raw["categories"].items()})
      for slot in ("post", "pre", "heads")),
    ("premodifiers", lambda raw: {f"premodifiers.{c}": ws for c, ws in raw["premodifiers"].items()}),
    ("tolls", lambda raw: {f"tolls.{c}": ps for c, ps in raw["tolls"].items() if c != "joints"}),
    ("qualifiers", lambda raw: {f"qualifiers.{q}": ps for q, ps in raw["qualifiers"].items()}),
    ("population", lambda raw: {f"population.{k}": raw["population"][k]
                                for k in ("military", "civilian", "unknown", "rank")}),
    ("nationality_nouns", lambda raw: {f"nationality_nouns.{s}": ps for s, ps in raw["nationality_nouns"].items()}),
    ("sides and places", lambda raw: {**{f"sides.{s}": ps for s, ps in raw["sides"].items()},
                                      **{f"places.{s}": ps for s, ps in raw["places"].items()}}),
    ("surnames", lambda raw: {f"surnames.{s}": es for s, es in raw["surnames"].items()}),
    ("claimants.names", lambda raw: {f"claimants.names.{s}": ps for s, ps in raw["claimants"]["names"].items()}),
)


def _lists(node, path: str = ""):
    """Every list of phrases in the lexicon, with its dotted name."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _lists(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        yield path, node


def check_lexicon(raw: dict) -> None:
    """Refuse a lexicon in which one phrase sits in two lists of a disjoint group (PUDL's
    categories_are_disjoint), or twice in one list (the second is dead: the first always
    answers, and a grammar list tries its phrases in order), naming the phrase and the lists."""
    problems = []
    for name, phrases in _lists(raw):
        seen_here: set[str] = set()
        for phrase in phrases:
            k = _key(phrase) if isinstance(phrase, str) else phrase
            if k in seen_here:
                problems.append(f"lexicon.toml: {phrase!r} is twice in {name}")
            seen_here.add(k)
    for group, lists_of in DISJOINT_GROUPS:
        seen: dict[str, str] = {}
        for name, phrases in lists_of(raw).items():
            for phrase in phrases:
                k = _key(phrase)
                if k in seen and seen[k] != name:
                    problems.append(f"lexicon.toml: {phrase!r} is in both {seen[k]} and {name} ({group})")
                seen.setdefault(k, name)
    if problems:
        raise LexiconError("; ".join(problems))
