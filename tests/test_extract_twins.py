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


def _seed_sentences() -> list[str]:
    seeds = Path(__file__).parent.parent / "data" / "raw" / "articles"
    return [text[s.start:s.end] for p in sorted(seeds.glob("*.txt")) for text in [p.read_text(encoding="utf-8")]
            for s in _sentences(text)]


def test_the_list_gate_passes_every_window_where_including_matches():
    # category._may_open_list stands before _INCLUDING: every match holds "including" or "among"
    # in some case, found in the lower-case copy of a text without "İ", "ı" or "ſ". Checked on the
    # windows _categorise reads (110 characters from each space) of every real sentence, as written,
    # in lower case and in capitals, and on made ones with the odd letters.
    from casualties.extract.category import _may_open_list
    from casualties.extract.patterns import _INCLUDING
    made = [" İNCLUDING two children", ", among them 3 soldiers", ", amonG whom", ", ıncluding x", "İncluding"]
    matched = gated = 0
    for s in _real_sentences() + _seed_sentences() + made:
        for variant in (s, s.lower(), s.upper()):
            for i in [0] + [m.start() for m in re.finditer(r"\s", variant)]:
                window = variant[i:i + 110]
                if _INCLUDING.search(window):
                    assert _may_open_list(window), window
                    matched += 1
                gated += not _may_open_list(window)
    assert matched > 100 and gated > 10000


def test_every_background_marker_holds_a_marker_word_or_a_marker_year():
    # dates._is_background does not scan a clause with none of lexicon background.marker_words and
    # no year of background.marker_years: every marker's match holds one of them. Checked on every
    # match in every real sentence (as written, in lower case, in capitals) and on made ones, one
    # for each marker, and the gate passes each sentence that has a match.
    from casualties.extract.dates import _names_marker_year
    from casualties.extract.text import letters_only
    from casualties.extract.lexicon import _TOKEN
    lex = _lexicon()
    made = ["in the 2020 war", "the war in the early 1990s", "the 44-day war", "the six-week war", "the Second Karabakh War",
            "the Patriotic War", "the first war", "in the 1990s", "in 1994", "during the war", "in the war",
            "the war that", "a four-day war which killed", "the war that broke out", "last year", "the previous year",
            "a year ago", "last month", "the tenth soldier killed by sniper fire since", "the 3rd killed so far",
            "last March", "previous clashes", "the first group of prisoners", "earlier escalations"]
    matched = 0
    for s in _real_sentences() + _seed_sentences() + made:
        for variant in (s, s.lower(), s.upper()):
            found = list(lex.background_re.finditer(variant))
            for m in found:
                assert _names_marker_year(m.group(0), lex) or not lex.background_marker_words.isdisjoint(
                    _TOKEN.findall(m.group(0).lower())), m.group(0)
            if found:  # (the sentence's words, as the pipeline gives them)
                assert _names_marker_year(variant, lex) or not lex.background_marker_words.isdisjoint(
                    letters_only(variant.lower()).split()), variant
            matched += bool(found)
    assert matched > 100
    assert all(lex.background_re.search(s) for s in made)


def test_the_comma_asides_of_a_gap_match_only_where_it_has_a_comma():
    # category._gap_ok tries the asides it removes (appositions, parentheticals, "both ... and ...")
    # only in a gap with a comma: each holds one. Checked on every real sentence from each space
    # (as written, in lower case, in capitals) with its commas made spaces, which none of them may
    # match, while they do match the sentences as written.
    from casualties.extract.category import _BOTH_KINDS
    from casualties.extract.patterns import _AGE_APPOSITION, _APPOSITION, _ARTICLE_APPOSITION, _GAP_PARENTHETICAL
    asides = (_AGE_APPOSITION, _APPOSITION, _ARTICLE_APPOSITION, _GAP_PARENTHETICAL, _BOTH_KINDS)
    made = [", a contract serviceman, was", " of the Army, Private Elvin Aliyev, was", ", 20, was", ", born in 2003, was",
            ", including seven civilians, were", ", both military personnel and civilians, were"]
    matched = 0
    for s in _real_sentences() + _seed_sentences() + made:
        for variant in (s, s.lower(), s.upper()):
            for i in [0] + [m.start() for m in re.finditer(r"\s", variant)]:
                gap = variant[i:i + 120]
                matched += any(rx.search(gap) for rx in asides)
                no_comma = gap.replace(",", " ")
                assert not any(rx.search(no_comma) for rx in asides), no_comma
    assert matched > 1000
