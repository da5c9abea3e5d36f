"""The lower-case twins of the lexicon patterns (``text.lower_twin``) find exactly what the patterns
find, and the other faster ways of the extractor (comma-only clause breaks) find what the slower
ones do: the speed-ups rest on it, and must not change a claim."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest

from casualties.extract.lexicon import _lexicon
from casualties.extract.patterns import _CLAUSE_BREAK, _DOT_BREAK, _SENT_BREAK
from casualties.extract.text import _TWINS, ASCII_TWIN_MAX_CHARS, _clauses, _lower_case_twin, _sentences, \
    blank_lower, match_lower, match_spans, search_lower

EXTRACTION = Path(__file__).parent / "data" / "extraction"


def _real_texts() -> list[str]:
    texts = []
    for path in sorted(EXTRACTION.glob("real/*.jsonl")) + sorted(EXTRACTION.glob("*.jsonl")):
        texts += [json.loads(line).get("text", "") for line in path.open(encoding="utf-8")]
    return [t for t in texts if t]


def _twinned_patterns() -> dict[str, re.Pattern]:
    # (and post_re, a LexiconPattern: compiled case-blind only for a text with "İ", "ı" or "ſ")
    lex = _lexicon()
    return {name: rx for name, rx in vars(lex).items()
            if (isinstance(rx, re.Pattern) or name == "post_re") and _lower_case_twin(rx)}


def test_only_three_letters_match_an_ascii_letter_without_lowering_to_it():
    # IGNORECASE matches "ı" and "İ" to i and "ſ" to s; str.lower() keeps "ı" and "ſ" and makes "İ"
    # two characters. Every other letter it matches to an ASCII letter lower-cases to that letter.
    every_char = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    matched = set(re.findall("[a-z]", every_char, re.IGNORECASE))
    assert {c for c in matched if c.lower() not in string.ascii_lowercase} == {"ı", "ſ", "İ"}


def test_the_main_lexicon_patterns_have_twins():
    # (not place_re: it matches only where a capital starts a word, which a lower-cased text cannot show)
    assert {"side_re", "agent_after_re", "number_re", "post_re", "speech_re", "according_re",
            "denial_re"} <= set(_twinned_patterns())


def test_a_lexicon_pattern_is_compiled_case_blind_only_for_odd_letters():
    # post_re (142,000 characters, a LexiconPattern) is searched through its twin, built from its
    # source: an ASCII text, or one with other letters (é, ş, ’), needs no case-blind compile; a
    # text with "ı" does, and finds what the case-blind pattern finds
    from casualties.extract.lexicon import LexiconPattern
    assert isinstance(_lexicon().post_re, LexiconPattern)
    rx = LexiconPattern(r"(?<![\w'’-])(?:were\s+(?:killed|wounded))(?![\w'’-])", re.IGNORECASE)
    for text in ("Two soldiers WERE KILLED", "Şuşa: 3 were wounded, é’"):
        assert search_lower(rx, text).group(0) in ("were killed", "were wounded")
        assert match_lower(rx, text, text.lower().index("were")).span() == search_lower(rx, text).span()
    assert "search" not in vars(rx)  # (a LexiconPattern's methods are set on it when it compiles)
    assert search_lower(rx, "3 were kılled").group(0) == "were kılled"
    assert "search" in vars(rx)


def test_extracting_the_seed_articles_compiles_no_case_blind_casualty_words_pattern():
    # every call site searches post_re through its twin: a process that reads the five seed
    # articles (ASCII and curly quotes; the pipeline reads "ı", "ſ" and "İ" as plain letters) never
    # compiles the case-blind pattern, 0.27 s of its first call (a fresh process: other tests
    # compile it on purpose)
    import subprocess
    import sys
    code = ("import csv, datetime as dt\n"
            "from casualties.extract import extract\n"
            "from casualties.extract.lexicon import _lexicon\n"
            "rows = list(csv.DictReader(open('data/raw/articles/manifest.csv')))\n"
            "claims = [c for r in rows for c in extract(open('data/raw/articles/' + r['file']).read(),\n"
            "                                             dt.date.fromisoformat(r['published']), r['article_id'])]\n"
            "assert claims\n"
            "assert 'search' not in vars(_lexicon().post_re), 'post_re compiled case-blind'\n")
    root = Path(__file__).parent.parent
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_a_pattern_with_an_upper_case_letter_has_no_twin():
    assert _lower_case_twin(re.compile(r"\b[A-Z]\w+ said", re.IGNORECASE)) is None
    assert _lower_case_twin(re.compile(r"said", re.IGNORECASE))  # ... and a plain one has
    assert _lower_case_twin(re.compile(r"said")) is None  # (nor has a case-sensitive pattern)


@pytest.mark.parametrize("name", sorted(_twinned_patterns()))
def test_twin_finds_what_the_pattern_finds_in_real_text(name):
    rx = _twinned_patterns()[name]
    for text in _real_texts():
        for variant in (text, text.upper(), text.replace("i", "ı"), text.replace("I", "İ")):
            assert match_spans(rx, variant) == [m.span() for m in rx.finditer(variant)], variant[:80]
            found, expected = search_lower(rx, variant), rx.search(variant)
            assert (found and found.span()) == (expected and expected.span())
            if expected:  # (from a position and to one: the look-behind reads the text before it)
                a = expected.start()
                for found, expected in ((search_lower(rx, variant, a, a + 40), rx.search(variant, a, a + 40)),
                                        (search_lower(rx, variant, a + 1), rx.search(variant, a + 1)),
                                        (match_lower(rx, variant, a), rx.match(variant, a))):
                    assert (found and found.span()) == (expected and expected.span())


def test_odd_letters_are_read_as_they_are():
    lex = _lexicon()
    text = "ARMENİAN soldiers were killed; Azerbaıjani shelling"
    assert match_spans(lex.side_re, text) == [m.span() for m in lex.side_re.finditer(text)] == [(0, 8), (31, 42)]


def test_blank_lower_blanks_what_sub_blanks_in_real_text():
    # text.blank_lower (the background and tally checks) is rx.sub(marks) on the lower-case twin
    lex = _lexicon()
    for text in _real_texts():
        for variant in (text, text.upper(), text.replace("i", "ı")):
            for rx in (lex.background_exception_re, lex.side_re):
                for mark in (" ", "#"):
                    expected = rx.sub(lambda m: mark * len(m.group(0)), variant)
                    assert blank_lower(rx, variant, mark) == expected, variant[:80]


def _real_sentences() -> list[str]:
    return [text[s.start:s.end] for text in _real_texts() for s in _sentences(text)]


def test_on_ascii_text_the_unicode_classes_differ_from_the_ascii_ones_only_in_four_spaces():
    # text.lower_twin searches an ASCII text with the twin compiled with re.ASCII unless it holds
    # one of \x1c-\x1f, which Unicode's \s reads as space: on every other ASCII character \w, \d
    # and \s (and so \b) say the same either way, so the two compiled forms match alike
    every_ascii = "".join(chr(c) for c in range(128))
    differ = set()
    for cls in (r"\w", r"\d", r"\s", r"\W", r"\D", r"\S"):
        differ |= set(re.findall(cls, every_ascii)) ^ set(re.findall(cls, every_ascii, re.ASCII))
    assert differ == {"\x1c", "\x1d", "\x1e", "\x1f"}


@pytest.mark.parametrize("name", sorted(_twinned_patterns()))
def test_ascii_twin_finds_what_the_twin_finds_in_every_real_sentence(name):
    # the lower-cased ASCII sentences (as written and in capitals), and made ones with odd letters,
    # digits and symbols beside the words, and with the four spaces that only Unicode's \s reads
    rx = _twinned_patterns()[name]
    twin, ascii_twin = _lower_case_twin(rx), _TWINS[id(rx)][2]
    if ascii_twin is None:  # (a very long pattern keeps only its Unicode twin: see ASCII_TWIN_MAX_CHARS)
        assert len(rx.pattern) > ASCII_TWIN_MAX_CHARS
        return
    made = ["ethnic\x1carmenian forces shelled 3\x1fvillages", "12 killed\x1dand 3\x1ewounded, the ministry said",
            "şuşa: 4 soldiers killed by azerbaijani fire", "armenia’s 5 servicemen—killed; é3 wounded",
            "1,200 people were killed_ in 2022"]
    lows = [s.lower() for s in _real_sentences()] + [s.upper().lower() for s in _real_sentences()[::7]] + made
    for low in lows:
        if low.isascii() and not re.search("[\x1c-\x1f]", low):
            assert [m.span() for m in ascii_twin.finditer(low)] == [m.span() for m in twin.finditer(low)], low[:80]
    for text in made:  # (lower_twin picks the Unicode twin where the ASCII one would differ)
        assert match_spans(rx, text) == [m.span() for m in rx.finditer(text)], text
    assert match_spans(_lexicon().side_re, made[0]) == [(0, 15)]  # ("ethnic\x1carmenian": one phrase)


def test_clauses_are_cut_where_every_clause_break_is():
    # _clauses may search a sentence with the comma breaks alone (_COMMA_BREAK): it must cut it
    # exactly where the whole pattern does, in every real sentence and in ones made to have breaks
    sentences = _real_sentences()
    made = ["Armenia said 3 died, Azerbaijan says 2 soldiers were hit", "a, but b; c — d, and The e",
            "two killed, while three wounded", "one, whereas two", "x,  and the Army y", "no break here"]
    for s in sentences + made:
        cuts = [m.span() for m in _CLAUSE_BREAK.finditer(s)]
        clauses = _clauses(s)
        assert [(a, b) for (_, a), (b, _) in zip(clauses, clauses[1:])] == cuts, s[:80]
        assert clauses[0][0] == 0 and clauses[-1][1] == len(s)
    assert sum(len(_clauses(s)) > 1 for s in sentences) > 50  # the real sentences have breaks to find
    assert len(_clauses(made[0])) == 2 and len(_clauses(made[1])) == 5


def test_title_spans_are_what_the_title_pattern_finds():
    # figures._title_spans tries the title pattern only where a title's first word begins: it must
    # find every span the scan of the whole sentence finds (in a sentence whose words hold a title
    # word), in every real sentence (as written, in capitals, with odd letters) and in made ones
    # with titles inside other words
    from casualties.extract.figures import _title_spans
    lex = _lexicon()
    made = ["ex-soldier Davit Hakobyan and Soldiers Armen Petrosyan died", "MAJOR Elvin Aliyev was killed",
            "the majority Armenian village; Junior Sergeant Ayaz Nazarov and Private Artur Nalbandyan",
            "Private Major Smith, private Ivan, serviceman Orkhan Khanatov oglu", "soldiers, Private A and Private B",
            "ſoldier Aram Petrosyan and İlham Aliyev", "no title here"]
    found = 0
    for s in _real_sentences() + made:
        for variant in (s, s.upper(), s.replace("i", "ı")):
            low = variant.lower()
            words = set(re.findall("[a-z]+", low))
            # (a sentence with no title word among its words is not scanned: "soldıer" is none)
            expected = [m.span() for m in lex.title_re.finditer(variant)] if words & lex.title_words else []
            assert _title_spans(variant, words, lex) == expected, variant[:80]
            found += bool(expected)
    assert found > 20  # (the real sentences have titles to find)


def test_bare_after_verb_finds_what_the_pattern_finds():
    # figures._bare_after_verb tries _BARE_AFTER_VERB only where one of its verbs begins: the same
    # matches as the scan of the whole sentence, in every real sentence and in made ones
    from casualties.extract.figures import _bare_after_verb
    from casualties.extract.patterns import _BARE_AFTER_VERB
    made = ["an Armenian sniper wounded Azerbaijani soldier", "Armenians killed Azerbaijani serviceman, wounded Russian peacekeeper",
            "unkilled Azerbaijani soldier; re-wounded Azerbaijani soldier", "wounded Azerbaijani killed Armenian soldier",
            "KILLED Azerbaijani soldier", "was killed"]
    found = 0
    for s in _real_sentences() + made:
        for variant in (s, s.lower(), s.replace("i", "ı")):
            words = set(re.findall("[a-z]+", variant.lower()))
            expected = [m.span() for m in _BARE_AFTER_VERB.finditer(variant)]
            assert [m.span() for m in _bare_after_verb(variant, words)] == expected, variant[:80]
            found += bool(expected)
    assert found >= 5


def test_the_dot_break_finds_what_the_sentence_break_finds_without_bangs_or_questions():
    # text._sentences scans a line with no "!" or "?" with _DOT_BREAK: the same breaks, on every
    # real line and on made-up ones around a stop (closing quotes, brackets, a lost space)
    lines = [line for text in _real_texts() for line in text.splitlines(keepends=True)]
    made = ['He said. "Then', "killed.) The", "the U.S. Army", "victims.Azerbaijan's", "e.g. 12",
            "said.’ (Two", "ab.\u201cThe", "no. 5", "end.\n", "Two.  Three", "x.Y", "ab.Yz", "1.5 km"]
    for line in lines + made:
        if "!" in line or "?" in line:
            continue
        assert [m.span() for m in _DOT_BREAK.finditer(line)] == [m.span() for m in _SENT_BREAK.finditer(line)], line


@pytest.mark.parametrize("name, pattern", [("claimants.speech_verbs", "speech_re"), ("claimants.before", "according_re")])
def test_speech_and_citing_phrases_are_found_where_their_first_words_begin(name, pattern):
    # claimant._phrase_matches tries the speech-verb and "according to" patterns only where the
    # first word of one of their phrases begins: the same matches as the scan of the whole clause,
    # in every clause of the real sentences (as written, in capitals, with odd letters) and in made
    # ones with the phrases inside other words, after digits and apostrophes, and across line breaks
    from casualties.extract.claimant import _ascii_words, _phrase_matches
    rx = getattr(_lexicon(), pattern)
    made = ["Armenia's ministry said; unsaid, resaid and said-so; 3said, said2, o'said", "SAID Baku, Says Yerevan",
            "according\nto the ministry, as reported\tby Reuters, a statement  from Baku, a statementfrom",
            "put the toll at 3; putthe toll; data of data from", "ſaid the ministry, İt reported, citıng Baku",
            "no phrase here", ""]
    found = 0
    for s in _real_sentences() + made:
        for a, b in _clauses(s) if s else [(0, 0)]:
            for c in (s[a:b], s[a:b].upper(), s[a:b].replace("i", "ı")):
                low = c.lower()
                expected = [m.span() for m in rx.finditer(c)]
                assert [m.span() for m in _phrase_matches(rx, name, c, low, _ascii_words(c, low))] == expected, c[:80]
                found += bool(expected)
    assert found > 50


def test_karabakh_sides_read_in_stretches_are_those_of_the_whole_article():
    # side.article_area reads the Karabakh sides only in the stretches between full stops or commas
    # that hold one of the Karabakh needle words. The rule rests on three facts, each tested here:
    # no side phrase holds a full stop or a comma; every Karabakh side phrase holds a needle; and
    # so the sides found in those stretches are the whole article's Karabakh sides, on every real
    # text (as written, in capitals, in lower case) and on made ones around stops and commas. (The
    # pipeline has turned "ı", "ſ" and "İ" into plain letters before any side is read.)
    from casualties.extract.side import _article_sides, _karabakh_needles, _karabakh_sides, _karabakh_word_starts
    lex = _lexicon()
    assert not [p for p in lex.side_of if "." in p or "," in p]
    needles = _karabakh_needles(lex)
    assert [p for p, side in lex.side_of.items() if side == "karabakh" and not any(w in p.lower() for w in needles)] == []
    made = ["Nagorno-Karabakh.Karabakh,the Artsakh Defence Army,ethnic Armenians.", "Karabakh, Karabakh. karabakh",
            "the Second Karabakh War, Artsakh's army", "ARTSAKH DEFENCE ARMY", "no side here"]
    found = 0
    for text in _real_texts() + made:
        for variant in (text, text.upper(), text.lower()):
            whole = [x for x in _article_sides(variant, lex) if x[1] == "karabakh"]
            assert _karabakh_sides(variant, lex, _karabakh_word_starts(variant, lex)) == whole, variant[:80]
            assert len(_karabakh_word_starts(variant, lex)) >= len(whole)
            found += bool(whole)
    assert found > 50


# perf40: text._sentences reads each paragraph without the whitespace around it (_paragraphs), and
# asks whether the word before a stop is an abbreviation only when it may be one


def _texts_and_seed_articles() -> list[str]:
    seeds = Path(__file__).parent.parent / "data" / "raw" / "articles"
    return _real_texts() + [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]


def _sentences_line_by_line(text: str) -> list[tuple[int, int, int, int]]:
    # text._sentences as it was: every (joined) line scanned whole, every piece stripped of the
    # whitespace around it, the word before every stop found and looked up
    from casualties.extract.limits import MAX_SENTENCE_CHARS, cut_point
    from casualties.extract.patterns import _INITIALS
    from casualties.extract.text import _LINE_ENDS
    lines: list[str] = []
    for line in text.splitlines(keepends=True):
        p, n = (lines[-1].rstrip() if lines else ""), line.lstrip()
        if n and p and p[-1] not in _LINE_ENDS and (n[0].islower() or p[-1] == ","):
            lines[-1] += line
        else:
            lines.append(line)
    out: list[tuple[int, int, int, int]] = []

    def add(line, line_start, a, b, para):
        seg = line[a:b]
        s, e = len(seg) - len(seg.lstrip()), len(seg.rstrip())
        while e - s > MAX_SENTENCE_CHARS:
            cut = end = cut_point(seg, s, MAX_SENTENCE_CHARS)
            while end > s and seg[end - 1].isspace():
                end -= 1
            out.append((line_start + a + s, line_start + a + end, para, len(out)))
            s = cut
            while seg[s].isspace():
                s += 1
        if e > s:
            out.append((line_start + a + s, line_start + a + e, para, len(out)))

    para, pos = -1, 0
    for line in lines:
        line_start, pos = pos, pos + len(line)
        if line.isspace():
            continue
        para += 1
        start = 0
        for m in _SENT_BREAK.finditer(line):
            j = end = m.start()
            while j > start and (line[j - 1].isalnum() or line[j - 1] in "._"):
                j -= 1
            w = line[j:end].rstrip(".").lower()
            if w in _lexicon().abbreviations or (w and len(w) <= 3 and _INITIALS.match(w)):
                continue
            add(line, line_start, start, m.start() + 1, para)
            start = m.end()
        add(line, line_start, start, len(line), para)
    return out


def test_sentences_of_paragraphs_without_their_whitespace_are_those_of_whole_lines():
    # _paragraphs strips each paragraph before the breaks are found: no break reads the whitespace
    # around a paragraph, and no sentence then needs stripping (see its docstring)
    made = ["  Two were killed.  \n\n\tThree were wounded. \"Four\" died.\n", "said.\n  The", " x. Y \n",
            "end. (\n", "killed. ", "Mr. Smith said. He left.\r\nthe next line.\r\n", "a,\nb.\u2028C. D", "U.S. A",
            "wounded.)  ", ".\n.", "One.Two", "ab.\u201cThe", "no. 5 Street. And", "x" * 1200 + ". Y" + ", z" * 500]
    n = 0
    for text in _texts_and_seed_articles() + made:
        for variant in (text, text.lower(), text.upper(), " \t" + text.replace("\n", " \n\t ") + " "):
            assert [(s.start, s.end, s.para, s.index) for s in _sentences(variant)] == _sentences_line_by_line(variant)
            n += 1
    assert n > 1000


def test_a_word_of_letters_and_digits_longer_than_every_abbreviation_is_none():
    # _sentences asks _abbreviation_before only when the ``_longest_abbreviation() + 1`` characters
    # before a stop are not all letters or digits: with all such, the word there is no abbreviation
    # and no initials (on every stop of the real texts, as written, lower- and upper-cased)
    from casualties.extract.text import _abbreviation_before, _longest_abbreviation
    abbreviations = _lexicon().abbreviations
    long = _longest_abbreviation() + 1
    assert long > max(map(len, abbreviations)) and long > 3  # (initials: "U.S")
    gated = 0
    for text in _texts_and_seed_articles():
        for variant in (text, text.lower(), text.upper()):
            for line in variant.splitlines():
                for m in _SENT_BREAK.finditer(line):
                    end = m.start()
                    if end >= long and line[end - long:end].isalnum():
                        assert not _abbreviation_before(line, 0, end, abbreviations), line
                        gated += 1
    assert gated > 500
    assert _abbreviation_before("Col. Smith", 0, 3, abbreviations) and _abbreviation_before("6 p.m. on", 0, 5, abbreviations)
    assert _abbreviation_before("the U.S. Army", 4, 7, abbreviations)
    assert not _abbreviation_before("Russia. The", 0, 6, abbreviations)
