"""Fixed grammar patterns of the extractor, each named, compiled once (word lists live in lexicon.toml)."""

from __future__ import annotations

import re

from .lexicon import _TOKEN, _alt, LexiconPattern, word_list  # noqa: F401 (_TOKEN: the gates' words, read by the grammar)

PARTIES = ("armenia", "azerbaijan", "karabakh", "russia")




_AUX_TAIL = LexiconPattern(r"(?:\s+(?:\L<grammar.aux_tail>))+\s*$", re.IGNORECASE)


_COLON_SPEAKER = re.compile(r"[^:,;]{3,60}:\s")


_CURLY = re.compile("[’‘“”]")


# A year, 1900-2099, not inside a longer number. The check on the digit before comes after "19" or
# "20" so that the pattern starts with a digit, which the engine jumps to; a look-behind first is
# tried at every position of the text.
_YEAR4 = re.compile(r"(?:19|20)(?<![0-9]..)[0-9][0-9](?![0-9])")


_QUOTES = (("’", "'"), ("‘", "'"), ("ʼ", "'"), ("“", '"'), ("”", '"'))  # ʼ: the modifier letter apostrophe
#: Letters that case-insensitive patterns match as "i" or "s" although they do not lower-case to
#: them (dotless ı, long ſ, dotted İ), so a word found with one of them would miss its lexicon
#: entry. Read as the plain letter, one character for one; the evidence keeps the original.
_LOOKALIKES = (("ı", "i"), ("ſ", "s"), ("İ", "I"))


# (scraped copy often loses the space between paragraphs: "... landmine victims.Azerbaijan's
# Defence Ministry said"; a word of two lower-case letters, a stop, and a capitalised word)
_AFTER_STOP = (r"(?:[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])"
               r"|(?<=[a-z][a-z][.!?])[\"”’')\]]*(?=[\"“‘(\[]?[A-Z][a-z]))")
_SENT_BREAK = re.compile(r"[.!?]" + _AFTER_STOP)
#: _SENT_BREAK in a text with no "!" or "?" (nearly every line): the same breaks, but the regex
#: engine scans for one literal character far faster than for one of a set (text._sentences)
_DOT_BREAK = re.compile(r"\." + _AFTER_STOP)




_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]$")


#: The clause breaks, in the order they are tried at one position. Those that begin with a comma
#: are also a pattern of their own (_COMMA_BREAK), kept in the same order.
_BREAKS = (r";\s+", r",\s+(?:\L<grammar.concessives>)\s+", r"\s+(?:while|whereas)\s+",
           r",\s+and\s+(?=(?:the\s+)?[A-Z])", r"\s+—\s+", r"\s+–\s+",
           # "Azerbaijan says 71 soldiers killed, Armenia says 105 dead"
           r",\s+(?=[A-Z][\w']*(?:\s+[A-Z][\w']*){0,3}\s+(?:\L<speech.break_verbs>)"
           r"\s+(?:that\s+)?(?:at\s+least\s+|about\s+|some\s+|more\s+than\s+)?(?:\d|[a-z]+\s))")
_CLAUSE_BREAK = LexiconPattern("|".join(_BREAKS))
#: The comma breaks alone: in a sentence with none of the other breaks' characters and words (see
#: text._clauses) they find the same breaks, and a pattern that starts with a comma is searched for
#: by jumping from comma to comma instead of being tried at every space.
_COMMA_BREAK = LexiconPattern("|".join(b for b in _BREAKS if b.startswith(",")))


# where a speaker phrase begins: after a comma, "that", or a dateline ("YEREVAN, Sept 13 (Reuters) -"):
# ``,\s*|:\s*|\bthat\s+|\s[-–—]+\s|\)\s*``, written to open with one class of the first
# characters of its five alternatives, so that the engine skips to them instead of trying the
# alternatives at every character; each alternative opens with its own character, so at most one
# can match at a place, as in that form (checked on real text in tests/test_extract_twins.py)
_SEGMENT_SPLIT = re.compile(r"[,:)\st](?:(?<=[,:)])\s*|(?<=\s)[-–—]+\s|(?<=\bt)hat\s+)")


_OF_DET = LexiconPattern(r"\s+of\s+(\L<grammar.of_determiners>)\b", re.IGNORECASE)


_NEXT_WORD = re.compile(r"\s+(\w+)")


_TOLL_GATE = LexiconPattern(r"\L<toll_words.gate_words>", re.IGNORECASE)


#: a word of a noun phrase: "soldiers", "65-year-old", "U.S." (a full stop only before another
#: letter or digit); written as runs of word characters so that the engine repeats a character
#: class, not a group per character (the same matches, in a third less time); the runs possessive
#: ("*+": nothing after them can fail, so the engine would never give back what they took). The
#: full stop is followed by a word character, not by a look-ahead for one: CPython 3.11.0-3.11.4
#: let a possessive repeat of a group pass a look-ahead that failed inside it (gh-106052), so there
#: "servicemen." kept its full stop and its claim was lost
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*+(?:\.\w[\w'’-]*+)*+")


#: the words of a noun phrase (_parse_np): up to eight _WORDs with only whitespace before the first
#: and between them, each its own group. A _WORD is as long as it can be, so the next one after it
#: starts only past something else (whitespace: the next group; anything else ends the phrase). No
#: _WORD ends with a full stop or holds a comma or whitespace. (Each next word inside the group of
#: the one before, and the whitespace possessive: the engine stops at the first word that is not
#: there and keeps no places to go back to; a third fewer instructions than optional groups in a
#: row.)
_NP_WORDS = re.compile(rf"\s*+({_WORD.pattern})" + rf"(?:\s++({_WORD.pattern})" * 7 + ")?" * 7)


_NP_STOP = {"and", "or", "of", "were", "was", "are", "is", "have", "has", "had", "been", "be", "being", "in", "on",
            "at", "from", "to", "by", "with", "for", "who", "which", "that", "as", "the", "a", "an", "but", "while",
            "also", "including", "among", "during", "after", "before", "near", "into", "than", "said", "says",
            "reported", "later", "since", "this", "his", "her", "their", "its", "our", "it", "they", "he", "she",
            "died", "killed", "wounded", "injured", "hurt", "captured", "missing", "dead", "lost", "remain",
            "not", "no", "all", "both", "each", "per",
            # prepositions and conjunctions that end a noun phrase: "risen to over two dozen following
            # the offensive", "an incident where one soldier was wounded"
            "following", "amid", "amidst", "despite", "because", "due", "where", "when", "whose", "within",
            "across", "throughout", "over", "under", "if"}




_MORE = {"more", "other", "others", "additional", "further"}


# (the whole gap must be such words: which alternative matches a word does not change the answer)
_GAP_OK = LexiconPattern(r"^(?:\s|,(?=\s)|\b(?:\L<grammar.gap_ok>|[a-z]+ly|NP)\b|[A-Z][\w'’-]*|\d+)*$")


# patterns of the grammar below, compiled once
#: "according to X,": the speaker phrase X. A dot between letters is inside a name ("news.am",
#: "Caliber.az": an outlet's name with a dot is one name), not a full stop (_NAME_DOT).
_NAME_DOT = r"\.(?=[A-Za-z])"
_ACCORDING_SEGMENT = LexiconPattern(r"\s*((?:[^,;.]|" + _NAME_DOT + r"){2,80}?)(?=\s*(?:,|;|\.(?![A-Za-z])|$|\s+(?:that|which|"
                                    r"who|on\s+\w+day|\L<speech.according_segment_end>)\b))")


_LOSSES_OF = LexiconPattern(r"\b([A-Z][\w-]*(?:'s)?)\s+(?:own\s+)?(?:\L<toll_words.losses_of>)\b")
# a word that _LOSSES_OF and _HAD_LOSSES (both case-sensitive) each need
_LOSS_WORDS = ("losses", "casualt", "toll", "dead")


_SHARED_HEAD = LexiconPattern(r"\s*(?:,|and|,\s*and)\s+(?:(?:\L<approximations.shared_head>)\s+)?"
                              r"(?:[0-9]|[a-z]+\s+[A-Z])", re.I)


_THIRD_PERSON = LexiconPattern(r"\b(?:\L<forces.third_person>)\b", re.I)


_ON_SIDE = re.compile(r"\s+(?:on|from)\s+the\s+([\w'’-]+(?:\s+[\w'’-]+)?)\s+side\b", re.I)


_DASH_PARENTHETICAL = re.compile(r"\s[-–—]+\s[^-–—]{1,100}?\s[-–—]+\s|\s[-–—]+\s*$")


_RELATIVE_GAP = LexiconPattern(r"^\s*,?\s*(?:who|that)\s+(?:\L<grammar.relative_gap_aux>\s+)?"
                               r"(?:[a-z]+ly\s+)?$", re.I)  # "who were unlawfully arrested"


_FALSE_AFTER = LexiconPattern(r"\b(?:was|were|is|are)\s+(?:\L<denial.false_words>)\b", re.I)
# a part of each word of _FALSE_AFTER's second list, in lower case and without "i" or "s"
_FALSE_WORDS = ("fal", "untrue", "fake", "nformat", "groundle")


_AGED_AND_END = re.compile(r"\baged\s+\d+\s*(?:and|to|-|or)\s*$")


_OF_THE_END = re.compile(r"(?:^|[,;:]\s*|\b(?:and|but)\s+)(?:of|among)\s+(?:the\s+|these\s+|those\s+)?$", re.I)


_ANOTHER_END = re.compile(r"(?<![\w'’-])(another|a\s+further|an\s+additional)\s+$", re.I)


_AGED = re.compile(r"\baged\s+(?:between\s+)?\d+(?:\s*(?:and|to|-)\s*\d+)?")


_ARTICLE_APPOSITION = re.compile(r"^\s*,\s*(?:a|an|the)\s+[\w'’\s-]{1,60}?,")  # ", a contract serviceman,"


# (also after the unit of the person: "A serviceman of the State Border Service, Elvin Mammadov, was")
_APPOSITION = re.compile(r"^(?:\s+of\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){0,4}[A-Z][\w'’-]*)?\s*,\s*"
                         r"(?:[A-Z][\w.'’-]*\s+){1,5}?[A-Z][\w.'’-]*\s*,")
# an age or birth date after a name, and a description after it: "Private Arsen Melikyan, 20, was
# fatally wounded", "conscript Arman Sahakyan, born in 2003, was wounded", "Hamlet Sahakyan, 45, a
# resident of Khramort, was wounded"
_AGE_APPOSITION = re.compile(r"^\s*,?\s*(?:(?:aged\s+)?\d{1,2}|(?:born|b\.)\s+(?:in\s+|on\s+)?[\w. ]{1,25}(?:,\s*(?:19|20)\d\d)?)\s*,"
                             r"(?:\s*(?:a|an|the)\s+[\w'’\s-]{1,60}?,)?")


# the speaker's adversary (lexicon side_words.enemy); "the other side of the border" is a place
_ENEMY = LexiconPattern(r"\b(?:\L<side_words.enemy>)\b(?!\s+of\b)", re.I)


_LEADING_CONJ = LexiconPattern(r"^(?:\L<grammar.leading_conjunctions>)\s+", re.I)  # "with Armenia reporting 105 dead"


_THE_COUNTRYS = re.compile(r"\bthe\s+country['’]?s\b|\bits\b", re.I)


_LEADING_THE = re.compile(r"^the\s+", re.I)


_LEADING_DET = re.compile(r"^(?:the|its|their|a)\s+", re.I)


_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)


_SINCE_END = re.compile(r"\b(?:since|until|before)\s+(?:the\s+)?$", re.I)


_OF_THEM = re.compile(r"\s+of\s+them\b")


_DIGIT_START = re.compile(r"\d")


# between a total and its parts: "... and seven on the Azerbaijani side", "died in total on Friday, nine on ..."
_SIDE_LIST_GLUE = LexiconPattern(r"(?:\s*(?:\L<grammar.side_list_glue>)\b[^,;:.]{0,40}?)?"
                                 r"(?:\s*,\s*(?:\L<grammar.side_list_openers>\s+)?|(?:\s*,)?\s*and\s+)")


_IN_TOTAL_AFTER = re.compile(r"\s+(?:in\s+total|in\s+all|altogether)\b")


_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")


_GAP_PUNCT = re.compile(r"[;:()\[\]\"“”]")


# (also "..., 2 of them officers, were killed")
_GAP_PARENTHETICAL = LexiconPattern(r",\s*(?:\L<grammar.parenthetical_openers>|"
                                    r"[\w-]+\s+of\s+(?:them|whom))\b[^,]*"
                                    # a list of counted parts: ", including 63 children, 106 women, and 70 elderly,"
                                    r"(?:,\s*(?:and\s+)?(?:\d[\d,]*|\L<numbers.one_to_ten>)\s[^,]*)*,")


_CIVILIAN_I = re.compile(r"\bcivilian", re.IGNORECASE)


_MILITARY_WORDS_I = re.compile(r"\b(?:soldiers|servicemen|troops|military)\b", re.IGNORECASE)


_PRONOUN_END = re.compile(r"\b(it|they|we)\s*$", re.IGNORECASE)


_SIDE_OFFICIAL = re.compile(r"\bside|official|authorit", re.IGNORECASE)


_COLON_HEAD = re.compile(r"\s*([^:,;]{3,60}):\s")


_CITING = re.compile(r"cit|quot", re.IGNORECASE)


_CITING_START = re.compile(r"\s*(?:citing|quoting)\b", re.IGNORECASE)


_AS_END = re.compile(r"\bas\s*$", re.IGNORECASE)


_RELATIVE_START = re.compile(r"\s*(?:which|who)\b", re.IGNORECASE)


_COMMA_END = re.compile(r",\s*$")


_ITS_THEIR = re.compile(r"\b(?:its|their)\b", re.IGNORECASE)


_ITS_THEIR_OUR = re.compile(r"\b(?:its|their|our)\b", re.IGNORECASE)


# "prisoners of war" names captives, not a war
_PRISONERS_OF_WAR = re.compile(r"\bprisoners?\s+of\s+war\b", re.IGNORECASE)


_LETTERS3 = re.compile(r"[A-Za-z]{3,}")


_SPEECH_AFTER = LexiconPattern(r"[^,.;]{0,25}?\b(?:\L<speech.speech_after>"
                    r")\b(?!\s+(?:the\s+)?lives?\b|\s+the\s+life\b)")  # not "claimed the lives of"


_KARABAKH_WORDS = re.compile(r"karabakh|artsakh|stepanakert", re.IGNORECASE)


_ARMENIA_WORDS = re.compile(r"\bArmenia\b|\bYerevan\b")


_CIVILIAN = re.compile(r"\bcivilian")


_MILITARY_WORDS = re.compile(r"\b(military|army|police|border)\b")


_BG_GATE = frozenset({"war", "wars", "year", "last", "previous", "soviet", "earlier", "past", "ago", "before",
                      "since", "month", "far"})

# "On the Azerbaijani side, the losses were: ..." — a side named before the figures it introduces
_ON_SIDE_BEFORE = re.compile(r"\b(?:on|from|among)\s+the\s+([\w'’-]+(?:\s+[\w'’-]+)?)\s+side\b", re.I)
_PEACEKEEPERS = re.compile(r"peacekeep|russian", re.I)
# the words before a named victim back to the clause or sentence start: "Artsakh Defense Army "
_NAMED_LEAD = re.compile(r"[^.;:!?]*$")
# the Armenia-Azerbaijan state border, as opposed to the line of contact in Karabakh
# (not "border guards" or "the State Border Service": a unit, not the place; Baku's guards stood at
# the Lachin checkpoint too)
_STATE_BORDER = re.compile(r"\bborder(?!\s+(?:of|with)\s+(?:Nagorno|Karabakh|Artsakh)|\s+(?:guards?|guardsmen|service|troops)\b)"
                           r"|\bsovereign\s+territory", re.I)
# side words that name Karabakh's own bodies or capital, not just the region
# (only ever searched for: the order of the words does not matter)
_KARABAKH_SPECIFIC = LexiconPattern(r"\L<side_words.karabakh_specific>|karabakh[\s-]armenian", re.I)
# a name followed or preceded by another capitalised name in a list: "A, B and C were killed"
# (a birth year in brackets may follow each name: "A Abgaryan (1999), S Torosyan (2001) and ...")
_NAME_LIST_AFTER = re.compile(r"(?:\s*\([^()]{1,12}\))?\s*(?:,|and)\s+[A-Z][a-z'’-]+\s+[A-Z]")
# (a bracket after the name holds a birth year or age, not an acronym: "Mine Action (ANAMA), A" is no list)
_NAME_LIST_BEFORE = re.compile(r"([A-Z][a-z'’-]+)(?:\s*\([^()A-Z]{1,12}\))?\s*(?:,|\band)\s*$")
# a name set off by commas after the noun it names: "serviceman of the army, Muslim Mahmudlu, was
# wounded": the closing comma, right before the verb
_APPOSITION_CLOSE = LexiconPattern(r"\s*,(?=\s+(?:\L<grammar.apposition_close_verbs>)\b)")
# "Two of the dead were civilians", "180 of those killed were military personnel": the casualty word
# and the population word of a subset
_SUBSET_OF = re.compile(r"\s+of\s+(?:the|those|these)\s+(?P<cas>[\w'’-]+)(?:\s+[\w'’-]+)?\s+(?:were|was|are|is)\s+"
                        r"(?:(?:a|an|all|also)\s+)?(?P<pop>[\w'’-]+)(?:\s+(?P<pop2>(?!(?:and|or|but)\b)[\w'’-]+))?")
# "180 were employees of ...", "12 were civilians"
_WERE_POPULATION = re.compile(r"\s+(?:were|was|are|is)\s+(?:(?:a|an|all|also)\s+)?(?P<pop>[\w'’-]+)(?:\s+(?P<pop2>(?!(?:and|or|but)\b)[\w'’-]+))?")
# "among the dead servicemen, ", "of the 192 killed, "
_AMONG_THE = re.compile(r"\b(?:among|of)\s+(?:the|those|these)\s+(?:[\d,]+\s+)?(?P<cas>[\w'’-]+(?:\s+[\w'’-]+){0,2}?)\s*,", re.I)
# between two members of a list that share casualty words: ", ", ", and ", " and ", after an
# "of"-phrase of the member ("12 service members of the Interior Ministry, and ...")
_LIST_GLUE = re.compile(r"(?:\s+(?:of|from)\s+(?:the\s+)?[\w'’ -]{1,40}?)?\s*(?:,\s*(?:and\s+)?|\s+and\s+)")
# a parenthesis at the start of the words after a figure's noun: "62 people (civilian: 49; military: 13)"
# and a comma after it, right before the casualty words, closes the aside: "Private Suren Safaryan
# (b. 2002), received a fatal wound"
_LEADING_PAREN = re.compile(r"^\s*\([^()]{1,80}\)(?:\s*,(?=\s*$))?")
# a labelled part inside such a parenthesis, right before its number: "(civilian: ", "; military: "
_PAREN_PART = re.compile(r"[(;,]\s*[A-Za-z][\w'’ -]{0,30}?\s*:\s*$")
# "The Azerbaijanis also had losses: ... 14 dead": a side's losses announced before a colon
_HAD_LOSSES = re.compile(r"((?:\b[A-Z][\w'’-]*\s+)?\b[\w'’-]+)\s+(?:also\s+)?(?:had|suffered|sustained|incurred)\s+"
                         r"(?:[\w'’-]+\s+){0,2}(?:losses|casualties)\s*(?::|,\s*(?:with|including)\b|[-–—]\s)")  # (or a dash)
# a speaker named by a surname alone: "Sargsyan said"
_SURNAME_ONLY = re.compile(r"[A-Z][a-z'’-]{2,}")
# "..., Sargsyan said": a speaker named by a surname alone, who may have been introduced earlier
_SURNAME_SAID = LexiconPattern(r"(?:^|[,.\"'’”]\s*)[A-Z][a-z'’-]{2,}\s+(?:\L<speech.colon_speech_verbs>)\b")
# "a shootout between police officers of Nagorno-Karabakh and Azerbaijani soldiers": the two parties
# "clashes between X and Y", "a shootout between ...": two parties that fought (not "a region
# disputed between X and Y")
_BETWEEN = LexiconPattern(r"\b(?:\L<attack.fighting_words>)(?:\s+[\w-]+){0,3}?\s+between\s+([^.;]{1,80}?)\s*(?:\s+and|,)\s+([^.;]{1,60})", re.I)
# the words that open the breakdown of a total: "..., including ", "among them "
_BREAKDOWN_LEAD = LexiconPattern(r"\b(?:\L<grammar.list_openers>)\s*$", re.I)
# "killing at least five enemy soldiers": the speaker's adversary named inside the figure
_ENEMY_NP = _ENEMY  # (one list: "killing five enemy soldiers", "six servicemen of the opposing side")
# "three of the attackers were killed", "two saboteurs were neutralised": people named for what they
# did to the speaker's side, so they are its adversary's (a side word before them decides first)
_HOSTILE_NP = LexiconPattern(r"\b(?:\L<attack.attackers>)\b", re.I)
# "... and one from Armenia": an elided figure whose side follows it
_FROM_SIDE = re.compile(r"\s+(?:from|of)\s+(?:the\s+)?(?=[A-Z])")
# "The Azerbaijani side has two casualties": a side that 'has' the figure right after the verb
_HAS_SUBJECT = LexiconPattern(r"((?:[\w'’-]+\s+){1,4}?)(?:has|have|had)\s+(?:also\s+)?"
                              r"(?:(?:\L<approximations.before_figure>)\s+)?$", re.I)
# the end of _HAS_SUBJECT alone: a quick test that it can match
_HAS_END = LexiconPattern(r"(?:has|have|had)\s+(?:also\s+)?(?:(?:\L<approximations.before_figure>)\s+)?$",
                          re.I)
# "Azerbaijan had lost 150 soldiers", "the Armenian side suffered 15 casualties": the subject of a
# loss verb right before the figure
# (its loss verb and what follows it to the end, which _LOST_VERB_END finds alone)
_LOST_VERB_TO_END = r"(?:\L<casualty.loss_verbs>)\s+(?:(?:\L<grammar.lost_subject_objects>)\s+)?(?:[\w\s,]{0,30})?$"
_LOST_SUBJECT = LexiconPattern(r"((?:[\w'’-]+\s+){1,4}?)(?:\L<grammar.has_subject_aux>\s+)*" + _LOST_VERB_TO_END, re.I)
# the end of _LOST_SUBJECT after the white space that ends its subject (or its last auxiliary): a
# quick test that it can match, from the same start (side._nearest_lost_subject)
_LOST_VERB_END = LexiconPattern(r"\s" + _LOST_VERB_TO_END, re.I)
# the loss verbs of _LOST_SUBJECT (or their stems): without one of them it cannot match. A trie of
# the stems (``lexicon._alt``), which finds what their listed alternation finds: no stem opens
# another, so at most one matches at a start (tests/test_extract_twins.py); the trie tests a start
# by its first letters, the list by each of its twenty stems.
_LOSS_VERB = LexiconPattern(lambda: _alt(word_list("casualty.loss_verb_stems")), re.I)
# between a figure and the next one it is set against: " and ", ", "
_AND_NEXT = LexiconPattern(r"\s*(?:,\s*)?(?:and\s+)?(?:there\s+(?:is|are|was|were)\s+)?"
                           r"(?:(?:\L<approximations.and_next>)\s+)?")
# "in exchange for two soldiers": the people a side's captives were traded for
_EXCHANGE = re.compile(r"(?:in\s+exchange\s+for|exchanged\s+for|swapped\s+for)\s", re.I)
# a person's name: two or three capitalised words ("Aram Harutyunyan")
_PERSON_NAME = re.compile(r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}")
# "are said to have been", "were reported to have": hearsay before the casualty words
_HEARSAY = LexiconPattern(r"\b(?:are|were|is|was)\s+(?:\L<speech.hearsay_verbs>)\s+"
                          r"to\s+(?:have\s+)?(?:been\s+)?"
                          # "were reported killed", "are feared dead", "was confirmed dead", "are presumed dead"
                          r"|\b(?:\L<grammar.be_hearsay>)\s+(?:\L<speech.hearsay_participles>)"
                          r"(?:\s+as)?\s*$", re.I)
# the main verb after a relative clause: "... who was wounded on Tuesday has died"
_LATER_DIED = re.compile(r"[^.;]{0,140}?\s(?:has|have|had)\s+(?:since\s+|later\s+|now\s+)?died\b"
                         r"|[^.;]{0,140}?\s(?:later\s+)?(?:succumbed|died\s+of\s+(?:his|her|their)\s+wounds)\b"
                         # "X, who was wounded on Monday, died in hospital": the main verb after the clause
                         r"|[^.;,]{0,140}?,\s+(?:later\s+)?died\b"
                         # "one of the soldiers who was wounded later died"
                         r"|\s+(?:[\w'’-]+\s+){0,3}?(?:later|subsequently)\s+died\b")
# "the second Karabakh civilian killed since ...": an ordinal, up to four words, a casualty word, "since"
_ORDINAL_TALLY = LexiconPattern(r"\bthe\s+(?P<n>\L<numbers.second_to_tenth>|\d{1,3}(?:st|nd|rd|th))\s+"
                                r"(?P<np>(?:[\w'’-]+\s+){0,3}?[\w'’-]+)\s+(?:to\s+be\s+)?(?P<cas>killed|wounded|injured)"
                                # "... since the ceasefire", "... this year", "... so far in 2024"
                                r"(?:\s+(?:by|in)\s+(?:an?\s+)?[\w'’-]+(?:\s+(?:fire|explosions?|blasts?))?)?"
                                r"\s+(?:since|this\s+(?:year|month)|so\s+far)\b", re.I)
# the unit right after a counted noun: " of the heroic Azerbaijani army", " from the State Border Service"
# ("25 people of Azerbaijani nationality", "residents of Armenian origin")
_UNIT_AFTER = LexiconPattern(r"^\s+(?:of|from)\s+(?:the\s+|its\s+|their\s+|an?\s+)?(?:[\w'’-]+\s+){0,4}?"
                             r"(?:\L<forces.unit_after>)\b", re.I)
# a person noun, then "of / from (the)" right before a unit: "servicemen from the "
_UNIT_OF_PERSON = re.compile(r"([\w'’-]+),?\s+(?:of|from)\s+(?:the\s+)?$", re.I)  # ("Mher Hakobyan, from the ...")
# before a unit that was fired on: "at the positions of the ", "an attack on ", "against "
_TARGET_BEFORE = LexiconPattern(r"\b(?:\L<grammar.target_prepositions>|"
                                r"(?:\L<movement.target_handed_verbs>)\s+to)\s+(?:the\s+)?$", re.I)
# after a named person: "... told Report that he was wounded", ", a serviceman of the army, he was wounded"
_TOLD_HE_WAS = LexiconPattern(r"[^.;:\"]{0,60}?\b(?:he|she)\s+(?:was|had\s+been|has\s+been)\s+"
                              r"(?:\L<grammar.severity_adverbs>\s+)?(wounded|injured)\b")
# where the victims were, right after the figure: "... died in Karabakh", "... delivered from Nagorno-Karabakh"
_IN_KARABAKH_AFTER = LexiconPattern(r"(?:\s+(?:\L<movement.in_karabakh_verbs>)){0,4}"
                                    r"\s+(?:in|from)\s+(?:the\s+)?(?:Nagorno[- ]Karabakh|Karabakh|Artsakh)\b"
                                    r"(?![\w'’-]|\s+(?:\L<attack.karabakh_events>))", re.I)
# an attacker phrase that ends in a fire word ("of the Azerbaijani shelling")
_FIRE_END = LexiconPattern(r"(?:\L<attack.fire_end>)$", re.I)
#: "among them", "among whom": the words of LIST_WORDS that also open a part of the toll before
_AMONG_WORDS = r"among\s+them|among\s+whom"
#: the words that open a list of a total's parts: "including", "among them", "among whom"
LIST_WORDS = rf"(?:including|{_AMONG_WORDS})"
# the start of a parenthetical list of parts
_INCLUDING = re.compile(r"(?:,\s*|^\s+)" + LIST_WORDS + r"\b", re.I)
# headline style, with no article: "Azerbaijani serviceman became martyr", "Armenian Soldier Killed
# by ...": a capitalised word at the start of a sentence (then the words are checked one by one)
_BARE_LEAD = re.compile(r"[A-Z][\w'’-]*\s")
_FIRST_WORDS = re.compile(r"[\w'’-]+")
# "... wounded in the offensive dies in hospital": the main verb after a reduced relative clause
_THEN_DIES = re.compile(r"[^.;:]{0,80}?\b(?:dies|died|succumbs|succumbed)\b", re.I)
# a part of a subset with its verb gapped by a dash: "180 of those killed were soldiers of the army
# and 12 – members of the security forces", "... and 12 - of the border service"
_DASH_PART = LexiconPattern(r"\s*[–—-]{1,2}\s*(?:(?:of|from)\s+(?:the\s+)?[\w'’ -]{1,40}?(?:\L<forces.dash_part>)\b|(?P<pop>[\w'’-]+))")
# the low end of a range right before a number: "from 32 to ", "between 32 and ", "20 to "
_RANGE_LOW = re.compile(r"(?:\b(?P<lead>(?i:from|between))\s+)?(?P<lo>[0-9][0-9,]*|[A-Za-z]+(?:-[a-z]+)?)\s+(?P<joint>to|and)\s+$")
# a count of a unit's members: "25 of the army", "8 of the State Border Service" (not "of the army's")
_UNIT_PART = LexiconPattern(r"\s+(?:of|from)\s+(?:the|its|their)\s+(?:[\w'’-]+\s+){0,3}?(?:\L<forces.unit_part>"
                            r")\b(?!['’])", re.I)
# a count of people already counted: "these 12 POWs", "those five", "the other two wounded civilians"
_THESE_END = re.compile(r"\b(?:these|those)\s+$", re.I)
_THE_OTHER_END = re.compile(r"\bthe\s+(?:other|remaining)\s+$", re.I)
# the words that open a part of the toll before them: ", of whom ", ", of which ", ", among them "
_WHOM_END = re.compile(rf"(?:,|\(|[–—-])\s*(?:of\s+whom|of\s+which|{_AMONG_WORDS})\s+(?:a\s+total\s+of\s+)?$", re.I)
# a sentence that opens on the toll of the sentence before: "Of them, ", "Among them, ", "Of these, "
_PARTS_OPEN = re.compile(r"\s*(?:of|among)\s+(?:them|these|those|whom)\s*[,:]?\s*", re.I)
# a member of a list of parts that leaves out its verb and names a service: "12 of the Interior
# Ministry", "12 the Ministry of Internal Affairs" (after "180 were servicemen of the Defence Ministry, ")
_GAPPED_SERVICE = re.compile(r"\s+(?:(?:of|from)\s+)?the\s+[A-Z][\w'’-]*(?:\s+(?:of\s+)?[A-Z][\w'’-]*)*")
# "two of the wounded later died", "one of the injured civilians has died": the wounded who died
_WOUNDED_DIED = re.compile(r"\s+of\s+(?:the|those|these)\s+(?:wounded|injured)(?:\s+[\w'’-]+){0,2}?"
                           r"(?:\s*,[^,.;()]{1,60},)?\s+(?:later\s+|"  # "one of the wounded, a conscript, died"
                           r"subsequently\s+|(?:has|have|had)\s+(?:since\s+|later\s+)?)?(?:died|succumbed)\b", re.I)
# "68 of the captives and hostages were killed", "18 of those held died": captives who were killed
# are dead (the captives were counted as captives before)
_CAPTIVES_KILLED = LexiconPattern(r"\s+of\s+(?:the|those|these)\s+(?:\L<custody.captives_words>)"
                                  r"(?:\s+and\s+(?:captives|hostages|prisoners))?\s+(?:(?:were|was|had\s+been|have\s+been)\s+"
                                  r"(?:later\s+)?(?:killed|shot(?:\s+dead)?|executed|murdered|tortured\s+to\s+death)|(?:later\s+)?died)\b", re.I)
# one more person after a count, by an ordinal with no noun: "killed two soldiers and injured a third",
# "the death of two crew members and the injury of the third"
_ORDINAL_ONE = LexiconPattern(r"\b(?:a|the)\s+(?:\L<numbers.second_to_tenth>)\b"
                              r"(?=\s*(?:[,.;:)]|$|\s+(?:\L<grammar.ordinal_one_next>"
                              r")\b))", re.I)
# "Among the dead are two children", "among those killed were three women": a part named by who the people were
_AMONG_ARE = LexiconPattern(r"\b(?:(?i:among)\s+(?:the|those)\s+(?:[\d,]+\s+)?(?P<cas>[\w'’-]+(?:\s+[\w'’-]+){0,2})"
                            # where and when: "among those killed during the fighting in Garadaghli are"
                            r"(?:\s+(?i:\L<grammar.among_where>)\s+[^,.;:()]{1,80}?)?\s*,?\s+(?:there\s+)?(?:are|were|is|was)"
                            # "Among them there are 4 employees of ...": the toll of the sentence before
                            r"|\b(?i:among)\s+(?P<them>them|these|those)\s*,?\s+(?:there\s+)?(?:are|were|is|was)"
                            # "The dead include two civilians", "the 105 Armenian dead included 12 children"
                            r"|\b(?i:the|those)\s+(?:[\d,]+\s+)?(?P<cas2>[\w'’-]+(?:\s+[\w'’-]+){0,2})\s+(?:include[sd]?|including))\s+"
                            r"(?:(?:at\s+least|about|some|also)\s+)?$")
# "Three civilians were among the dead", "two children are among those injured": a part of a toll
_AMONG_AFTER = re.compile(r"\s+(?:were|was|are|is)\s+(?:also\s+)?among\s+(?:the|those)\s+(?:[\d,]+\s+)?(?P<cas>[\w'’-]+)", re.I)
# "two of whom were civilians", "six of them soldiers", "three of them children": a part of the
# people before, named by who they were
# (a hedging adverb may come first: "four of whom were allegedly minors")
_OF_THEM_POP = re.compile(r"\s+of\s+(?:them|whom)\s*,?\s+(?:(?:were|was|are|is)\s+)?(?:[a-z]+ly\s+)?(?:(?:a|an|also)\s+)?"
                          r"(?P<pop>[\w'’-]+)(?:\s+(?P<pop2>(?!(?:and|or|but)\b)[\w'’-]+))?", re.I)
# a relative clause between the counted people and their verb: "an employee who was in the car was
# also injured", "a soldier who crossed into Armenia was detained"
_RELATIVE_CLAUSE_GAP = re.compile(r"^\s*(?:who|that)\s+(?:[\w'’-]+\s+){1,8}?(?=(?:(?:was|were|(?:had|has|have)\s+been)\s+"
                                  r"(?:also\s+|later\s+|then\s+|reportedly\s+)?)?$)", re.I)
# a running total after a figure: "..., bringing the total to 50", "raising the overall number to 12"
_TOTAL_TO = LexiconPattern(r"\b(?:\L<movement.total_to_verbs>)\s+(?:the\s+|their\s+|its\s+)?"
                           r"(?:overall\s+|total\s+)?(?:total|tally|number|count)\s+(?:[\w'’-]+\s+){0,3}?to\s+"
                           r"(?:(?:\L<approximations.before_figure>)\s+)?$", re.I)
# right before a birth date: "(born 2001)", "born on February 5, 1994", "(b. 1999)"
_BORN_END = re.compile(r"\b(?:born|b\.)\s*(?:in\s+|on\s+)?$", re.I)
# a name right before a bracket: "Davit Hakobyan (" (1999): a birth year when the name is a surname
_NAME_PAREN_END = re.compile(r"\b([A-Z][a-z'’-]{4,})\s*\($")
# an editor's insertion in a quote: "we have 49 [troops] killed"
_EDITORIAL = re.compile(r"\[[^\[\]]{1,30}\]")
# a second group of people sharing the verb: "200 military personnel and civilians had died"
_AND_PEOPLE = LexiconPattern(r"^\s+and\s+(?:[\w'’-]+\s+)?(?:\L<people.and_people>"
                             r")(?=\s)", re.I)
# before a scale word that is then vague: "several thousand", "a few hundred", "tens of thousands"
_VAGUE_SCALE_END = LexiconPattern(r"\b(?:\L<numbers.vague_scale>)\s+$", re.I)
# a name right after "according to" is who speaks, not who was hit
_SPEECH_CUE = r"\b(?:according\s+to|citing|quoting)\s+"
_SPEAKER_BEFORE_NAME = re.compile(_SPEECH_CUE + r"$", re.I)
# the same with up to three words of title before the name: "according to spokesman "
_SPEAKER_TITLE_END = re.compile(_SPEECH_CUE + r"(?:[\w'’-]+\s+){0,3}$", re.I)
# "of the 17 " after a number: the group the number is a part of
_OF_THE_NUMBER = re.compile(r"\s+of\s+(?:the|those|these)\s+(?P<n>[0-9][0-9,]*)(?=\s)", re.I)
_WHO_START = re.compile(r"\s*(?:who|that|which)\b", re.I)
# a verb of its own right after a figure's noun: "470 people have suffered", "the four were captured"
_OWN_VERB = LexiconPattern(r"\s+(?:\L<grammar.own_verb>)\b", re.I)
_THE_END = re.compile(r"\bthe\s+$", re.I)
# bodies and remains are one side's dead, found or handed over, not a war's toll
_REMAINS = re.compile(r"\b(?:bodies|remains|corpses)\b", re.I)
# where dead or captives were handed: "1,713 bodies were transferred to Armenia", "handed over 32
# servicemen to Armenia": the people are that side's
_HANDED_TO = LexiconPattern(r"(?:\s+(?:\L<grammar.handed_to_aux>))?\s+(?:\L<movement.handed_to>"
                            r")\s+to\s+(?:the\s+)?(?P<to>[A-Z][\w'’-]*(?:\s+side)?)")
_HANDED_BEFORE = LexiconPattern(r"\b(?:\L<movement.handed_before>)\s+"
                                r"(?:the\s+)?(?:bodies\s+of\s+|remains\s+of\s+)?(?:[\w'’,-]+\s+){0,3}?$", re.I)
_TO_SIDE_AFTER = re.compile(r"[^.;]{0,60}?\bto\s+(?:the\s+)?(?P<to>[A-Z][\w'’-]*(?:\s+side)?)")
# a reduced relative clause between the people and their verb: "one of the servicemen manning the
# checkpoint was wounded", "two workers repairing the road were killed"
_ING_CLAUSE_GAP = LexiconPattern(r"^\s+[a-z]+ing\s+(?:\L<grammar.ing_clause_determiners>\s+)?(?:[\w'’-]+\s+){0,10}?"
                                 r"(?=(?:was|were|(?:had|has|have)\s+been)\s+(?:also\s+)?$)")
# a verb, then side words and a singular person noun with no article: "a sniper wounded Azerbaijani soldier"
_BARE_AFTER_VERB = LexiconPattern(r"\b(?:\L<casualty.bare_after_verbs>)\s+"
                                  r"(?P<lead>(?:[A-Z][\w'’-]*\s+){1,2})(?P<noun>[a-z]+)\b")
# after "released": from a hospital, not from captivity
_FROM_HOSPITAL = re.compile(r"\s+(?:from|after)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+)?(?:hospital|treatment|medical)", re.I)
