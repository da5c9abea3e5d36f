"""The lexicon is checked when it loads: a phrase in two lists of a disjoint group is refused."""

import tomllib
from importlib import resources

import pytest

from casualties.extract.lexicon import DISJOINT_GROUPS, LexiconError, check_lexicon


def _raw() -> dict:
    return tomllib.loads(resources.files("casualties").joinpath("lexicon.toml").read_text("utf-8"))


def test_the_shipped_lexicon_is_consistent():
    check_lexicon(_raw())


@pytest.mark.parametrize("group", [g for g, _ in DISJOINT_GROUPS])
def test_a_phrase_in_two_lists_of_a_group_is_refused(group):
    raw = _raw()
    lists = dict(next(f for g, f in DISJOINT_GROUPS if g == group)(raw))
    first = next(name for name, phrases in lists.items() if phrases)
    second = next(name for name in lists if name != first)
    phrases = lists[first]
    phrase = phrases[0]
    # put the first list's first phrase into the second list too
    node = raw
    *path, leaf = second.split(".")
    for part in path:
        node = node[part]
    node[leaf] = list(node[leaf]) + [phrase.upper()]  # case and spacing do not hide a duplicate
    with pytest.raises(LexiconError, match=rf"{first}.*{second}|{second}.*{first}"):
        check_lexicon(raw)


#: The places the project's style names by both names (Armenian / Azerbaijani).
_BOTH_NAMES = [("Stepanakert", "Khankendi"), ("Shushi", "Shusha"), ("Martakert", "Aghdara"),
               ("Martuni", "Khojavend"), ("Kalbajar", "Karvachar"), ("Lachin", "Berdzor"),
               ("Askeran", "Khojaly")]


@pytest.mark.parametrize("armenian, azerbaijani", _BOTH_NAMES)
def test_the_gazetteer_knows_both_names_of_a_place_and_puts_them_on_one_side(armenian, azerbaijani):
    places = {p: side for side, ps in _raw()["places"].items() for p in ps}
    assert armenian in places and azerbaijani in places
    assert places[armenian] == places[azerbaijani]


# --------------------------------------------------------------------------------------------------
# Every word list in the lexicon, none left in the code (issue 13).
#
# The rule: no alternation in a regex source of src/casualties/extract/*.py offers more than
# MAX_PLAIN_WORDS plain words or phrases ("killed|wounded|injured|captured|detained", "army|armed\s+
# forces|police"); a longer one is a word list and belongs in lexicon.toml, named in the pattern as
# \L<section.list>. Four, because the closed paradigms that the grammar spells out inside a
# construction have at most four members: the finite forms of "be" (is|are|was|were), the ordinal
# suffixes (st|nd|rd|th), "has|have|had" with one more; five or more plain words is an open class
# that grows with the data (ranks, units, verbs of attack), which an editor of the lexicon should
# find in one place.
# --------------------------------------------------------------------------------------------------

import ast  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

import casualties.extract  # noqa: E402
from casualties.extract.lexicon import _LIST_REF, word_list  # noqa: E402

MAX_PLAIN_WORDS = 4
_GRAMMAR = Path(casualties.extract.__file__).parent
#: a plain word or phrase as a regex writes it: letters, apostrophes and hyphens, words parted by
#: whitespace, an optional letter ("units?") or a choice of letters ("defen[cs]e") inside
_PLAIN = re.compile(r"(?:[A-Za-z'’-]\??|\[[a-z]+\]\??)+(?:(?:\\s\+|\\s\*|\\s| +)(?:[A-Za-z'’-]\??|\[[a-z]+\]\??)+)*"
                    r"(?:\\s\+)?")


def _regex_sources(tree: ast.Module):
    """(line, the name it is assigned to, text) of every string in the module that is not a
    docstring; an f-string's fields read as a character no word has."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    owner = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.FunctionDef, ast.keyword)):
            name = (node.name if isinstance(node, ast.FunctionDef) else node.arg if isinstance(node, ast.keyword)
                    else ast.unparse(node.targets[0] if isinstance(node, ast.Assign) else node.target))
            for sub in ast.walk(node):
                owner.setdefault(id(sub), name)  # the innermost is walked first? no: keep the first
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "\0" for v in node.values)
            docstrings.update(id(v) for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            text = node.value
        else:
            continue
        if "|" in text:
            yield node.lineno, owner.get(id(node), "?"), text


def _alternations(source: str):
    """The alternatives of every group of a regex source, and of its top level, as text (a nested
    group reads as "(...)"). Character classes and escapes are skipped whole."""
    stack, out, i = [[""]], [], 0
    while i < len(source):
        c = source[i]
        if c == "\\":
            stack[-1][-1] += source[i:i + 2]
            i += 2
        elif c == "[":
            j = i + 1 + (source[i + 1:i + 2] == "^")
            j += source[j:j + 1] == "]"
            while j < len(source) and source[j] != "]":
                j += 2 if source[j] == "\\" else 1
            stack[-1][-1] += source[i:j + 1]
            i = j + 1
        elif c == "(":
            opening = re.match(r"\((?:\?(?:[:=!>]|<[=!]|P<\w+>|[aiLmsux-]+:))?", source[i:]).group(0)
            stack.append([""])
            i += len(opening)
        elif c == ")":
            if len(stack) > 1:
                out.append(stack.pop())
                stack[-1][-1] += "(...)"
            i += 1
        elif c == "|":
            stack[-1].append("")
            i += 1
        else:
            stack[-1][-1] += c
            i += 1
    return out + stack


def word_lists_in_code(directory: Path = _GRAMMAR, most: int = MAX_PLAIN_WORDS) -> list[str]:
    """Every alternation of more than ``most`` plain words in the regex sources of ``directory``."""
    found = []
    for path in sorted(directory.glob("*.py")):
        for line, name, text in _regex_sources(ast.parse(path.read_text(encoding="utf-8"))):
            for alternatives in _alternations(text):
                words = [a for a in alternatives if _PLAIN.fullmatch(a.strip(" "))]
                if len(words) > most:
                    found.append(f"{path.name}:{line} {name}: {len(words)} plain words "
                                 f"({'|'.join(words)[:80]}...)")
    return found


def test_no_word_list_is_left_in_the_grammar():
    assert word_lists_in_code() == []


def test_the_rule_finds_a_word_list_written_into_a_pattern(tmp_path):
    (tmp_path / "rules.py").write_text(
        'import re\n'
        '_GRAMMAR_ONLY = re.compile(r"\\s+(?:was|were|is|are)\\s+(?:the|a|an)\\s+")\n'
        '_RANKS = re.compile(rf"\\b(?:private|corporal|sergeant|lieutenant|captain|{{x}})\\s+")\n'
        '_UNITS = r"(?:units?|defen[cs]e\\s+army|(?:army|forces)|police\\s+|border\\s+guards?)"\n'
        '_NAMED = re.compile(r"\\b(?:\\L<forces.units>)\\b")\n', encoding="utf-8")
    found = word_lists_in_code(tmp_path)
    assert [f.split(" ")[1] for f in found] == ["_RANKS:"] and found[0].startswith("rules.py:3 ")
    # a smaller bound finds the copula (four words) and the four units ("(army|forces)" is a
    # group of its own, of two)
    assert sorted(f.split(" ")[1] for f in word_lists_in_code(tmp_path, most=3)) == ["_GRAMMAR_ONLY:", "_RANKS:", "_UNITS:"]


def _list_references() -> dict[str, list[str]]:
    """The word lists the extractor names: ``\\L<section.list>`` in a pattern,
    ``raw["section"]["list"]`` where lexicon.py builds a set of words, or ``word_list("section.list")``
    where a pattern is built from the list (``patterns._LOSS_VERB``'s trie)."""
    refs: dict[str, list[str]] = {}
    for path in sorted(_GRAMMAR.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for m in _LIST_REF.finditer(text):
            refs.setdefault(m.group(1) or m.group(2), []).append(path.name)
        for m in re.finditer(r'raw\["(\w+)"\]\["(\w+)"\]', text):
            refs.setdefault(f"{m.group(1)}.{m.group(2)}", []).append(path.name)
        for m in re.finditer(r'word_list\("(\w+\.\w+)"\)', text):
            refs.setdefault(m.group(1), []).append(path.name)
    return refs


def test_every_list_a_pattern_names_is_in_the_lexicon_and_every_grammar_list_is_named():
    refs = _list_references()
    refs.pop("section.list", None)  # (the docstrings' example)
    for name in refs:
        assert word_list(name), name
    text = resources.files("casualties").joinpath("lexicon.toml").read_text("utf-8")
    grammar = text[text.index("# Word lists of the grammar."):]
    listed = {f"{section}.{key}" for section, body in re.findall(r"^\[(\w+)\]\n(.*?)(?=^\[|\Z)", grammar, re.M | re.S)
              for key in re.findall(r"^(\w+) = ", body, re.M)}
    assert listed - set(refs) == set()


def test_a_phrase_twice_in_one_list_is_refused():
    raw = _raw()
    raw["attack"]["clashes"] = raw["attack"]["clashes"] + ["Cross-border  fire"]
    with pytest.raises(LexiconError, match=r"'Cross-border  fire' is twice in attack\.clashes"):
        check_lexicon(raw)


def test_the_accident_gate_lets_every_accident_phrase_through():
    """The gate before the accident pattern must never hide an accident: every phrase of
    [out_of_scope] accidents, in any case and spacing, leaves one of its words in the sentence's
    word set (pipeline's gate) and is found by the pattern."""
    from casualties.extract.patterns import _TOKEN
    from casualties.extract.lexicon import gate_words, list_re

    for phrase in _raw()["out_of_scope"]["accidents"]:
        sentence = f"Two soldiers died in the {phrase.upper().replace(' ', '  ')} on Monday."
        words = set(_TOKEN.findall(sentence.lower()))
        assert not gate_words("out_of_scope.accidents").isdisjoint(words), phrase
        assert list_re("out_of_scope.accidents").search(sentence), phrase


def test_the_non_violent_gate_lets_every_phrase_through():
    """The gate before the non-violent pattern must never hide one: every phrase of
    [out_of_scope] non_violent, in any case and spacing, leaves one of its words in the sentence's
    word set and is found by the pattern; with a violent cause in the sentence it is not out of scope."""
    from casualties.extract.patterns import _TOKEN
    from casualties.extract.pipeline import _non_violent

    for phrase in _raw()["out_of_scope"]["non_violent"]:
        sentence = f"Two soldiers died after the {phrase.upper().replace(' ', '  ')} on Monday."
        words = set(_TOKEN.findall(sentence.lower()))
        assert _non_violent(sentence, words), phrase
        with_cause = sentence.replace("Monday.", "Monday near a minefield.")
        assert not _non_violent(with_cause, set(_TOKEN.findall(with_cause.lower()))), phrase


def test_every_mine_phrase_passes_the_mine_gate_however_it_is_broken():
    """side.mine_blast gates its pattern with the longest word of each phrase of lexicon [combined]
    mines, not with substrings written out in code: every listed phrase, even split over a line
    ("explosive\\ndevice"), is a mine blast; a clause with none of them is not."""
    from casualties.extract.lexicon import _lexicon
    from casualties.extract.side import mine_blast
    lex = _lexicon()
    for phrase in word_list("combined.mines"):
        assert mine_blast(f"two people were hit by a {phrase.replace(' ', chr(10))} near the village", lex), phrase
    assert not mine_blast("two people were hit by shelling near the village", lex)


def test_a_mine_phrase_with_look_alike_letters_is_a_mine_blast_as_the_pattern_reads_it():
    """The pattern reads dotless ı and long ſ as i and s (IGNORECASE), a substring test of the
    lower-cased text does not: the gate of side.mine_blast stands aside on such a text, so every
    phrase of lexicon [combined] mines typed with them ("landmınes", "explosıve devıceſ") is still
    a mine blast, as the pattern alone says; a clause of them with no mine in it is still not."""
    from casualties.extract.lexicon import _lexicon
    from casualties.extract.side import mine_blast
    lex = _lexicon()
    for phrase in word_list("combined.mines"):
        odd = phrase.replace("i", "ı").replace("s", "ſ")
        text = f"two people were hıt by a {odd} near the vıllage"
        assert lex.combined_mines_re.search(text), phrase
        assert mine_blast(text, lex), phrase
    assert not mine_blast("two people were hıt by ſhelling near the vıllage", lex)


@pytest.mark.parametrize("name", ["claimants.before", "combined.strong"])
def test_a_longest_word_gate_never_rules_out_a_phrase_of_its_list(name):
    """``longest_words`` lets a substring test stand before a pattern: every phrase of the list,
    in any case, holds one of its words."""
    from casualties.extract.lexicon import longest_words, word_list

    needles = longest_words(name)
    assert needles, f"{name}: a list of plain ASCII phrases has a gate"
    for phrase in word_list(name):
        for text in (phrase, phrase.upper(), f"Officials, {phrase.title()} the report, said."):
            assert any(n in text.lower() for n in needles), (name, phrase)


def test_the_documents_a_speaker_issues_are_a_named_field_of_the_lexicon():
    """claimant._antecedent reads the documents that stand for their issuer ("the report", "the
    infographic": lexicon [claimants.anaphora] documents, as the anaphor's head) through the loaded lexicon's named field,
    not its raw tables: each of them refers back to the last speaker with a side, skipping one
    whose side is unresolved; a head that is no document and shares no word with a speaker
    ("the mayor") refers to none."""
    from casualties.extract.claimant import _antecedent, _Speaker
    from casualties.extract.lexicon import _lexicon
    lex = _lexicon()
    assert lex.anaphora_documents == frozenset(word_list("claimants.anaphora.documents"))
    ministry = _Speaker("Azerbaijani Defence Ministry", "azerbaijan", 0, 28, head="ministry")
    memory = [ministry, _Speaker("the office", None, 40, 50, head="office")]
    for document in word_list("claimants.anaphora.documents"):
        assert _antecedent(document, memory, lex) is ministry, document
        assert _antecedent(document.upper(), memory, lex) is ministry, document
    assert _antecedent("the mayor", memory, lex) is None


def test_a_lexicon_pattern_given_a_function_builds_its_source_on_first_use():
    # number_of_end_re: a costly source, built and compiled only when an article first needs it
    from casualties.extract.lexicon import LexiconPattern, _lexicon
    built = []
    rx = LexiconPattern(lambda: built.append(1) or r"\b(?:\L<grammar.number_of_verbs>)\s+$", re.IGNORECASE)
    assert built == []
    assert rx.search("the toll REACHED ") and built == [1]
    assert rx.search("the toll stood") is None and built == [1]  # (built once)
    nm = _lexicon().number_of_end_re.search("the number of Armenian servicemen killed has reached ")
    assert nm and nm.group(1) == "killed" and _lexicon().number_of_words["killed"] == "killed"


def test_the_casualty_gate_lets_every_casualty_phrase_through_and_no_function_word():
    """The pipeline's gate (``prefilter_words``) must never hide a casualty phrase: every phrase
    after or before the people, every casualty noun and toll phrase, in capitals and with doubled
    spaces, leaves one of its gate words in the sentence's word set. A phrase is gated by its
    longest word that is not a function word: "were" ("were hurt or dead") and "their" ("lost
    their lives") let a sentence with no casualty phrase through for nothing."""
    from casualties.extract.lexicon import _lexicon
    from casualties.extract.patterns import _TOKEN
    lex = _lexicon()
    phrases = list(lex.post_of) + list(lex.pre_of) + list(lex.toll_of) + \
        [" ".join(h) for h, (kind, _) in lex.heads.items() if kind == "casualty"]
    for phrase in phrases:
        sentence = f"Two soldiers {phrase.upper().replace(' ', '  ')} on Monday."
        assert not lex.prefilter_words.isdisjoint(_TOKEN.findall(sentence.lower())), phrase
    quiet = "He said the talks were set up by their envoys, who have been in the region since May."
    assert lex.prefilter_words.isdisjoint(_TOKEN.findall(quiet.lower()))
