"""The DejaGnu side of the libstdc++ testsuite: directives, target selectors, diagnostics.

A test file carries its instructions as `// { dg-NAME args... }` comments whose arguments are a
Tcl list. This module parses them (a small Tcl list reader: words, "quoted" with backslash
substitution, {braced} verbatim), evaluates target selectors ({ target c++17 },
{ target { *-*-linux* || gthreads } }) against a target's effective-target probes, and matches
the compiler's diagnostics against dg-error/dg-warning the way dg.exp and libstdc++'s prune.exp do.
Standard library only.
"""
import fnmatch
import re

_DIRECTIVE = re.compile(r"\{\s+(dg-[-a-z]+)(\s.*)?\s\}")
_BACKSLASH = {"n": "\n", "r": "\r", "t": "\t"}


class TclError(ValueError):
    pass


def tcl_words(text):
    """Splits a Tcl list into its words (strings)."""
    words, i, n = [], 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            return words
        if text[i] == "{":
            depth, j = 1, i + 1
            while j < n and depth:
                if text[j] == "\\":
                    j += 1
                elif text[j] == "{":
                    depth += 1
                elif text[j] == "}":
                    depth -= 1
                j += 1
            if depth:
                raise TclError("unbalanced braces: " + text)
            words.append(text[i + 1:j - 1])
            i = j
        elif text[i] == '"':
            out, j = [], i + 1
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n:
                    out.append(_BACKSLASH.get(text[j + 1], text[j + 1]))
                    j += 2
                else:
                    out.append(text[j])
                    j += 1
            if j >= n:
                raise TclError("unterminated quote: " + text)
            words.append("".join(out))
            i = j + 1
        else:
            j = i
            while j < n and not text[j].isspace():
                j += 1
            words.append(text[i:j])
            i = j


class Directive:
    def __init__(self, name, args, line):
        self.name, self.args, self.line = name, args, line

    def __repr__(self):
        return "%s%r@%d" % (self.name, self.args, self.line)


def directives(source):
    """Every `{ dg-... }` on every line, in order, with its 1-based line number."""
    found = []
    for number, text in enumerate(source.splitlines(), 1):
        m = _DIRECTIVE.search(text)
        if m:
            found.append(Directive(m.group(1), tcl_words(m.group(2) or ""), number))
    return found


# --- target selectors -------------------------------------------------------------------------

_STD_YEARS = {"98": 1998, "03": 1998, "11": 2011, "0x": 2011, "14": 2014, "1y": 2014, "17": 2017,
              "1z": 2017, "20": 2020, "2a": 2020, "23": 2023, "2b": 2023}


def std_year(flags):
    """The C++ standard the last -std= in flags selects (GCC: the last one wins)."""
    year = None
    for f in flags:
        m = re.match(r"-std=(?:c|gnu)\+\+(\w\w)$", f)
        if m:
            year = _STD_YEARS[m.group(1)]
    return year


def std_keyword(word, year):
    """c++NN / c++NN_only / c++NN_down keywords, or None if word is not one."""
    m = re.match(r"c\+\+(\w\w)(_only|_down)?$", word)
    if not m or m.group(1) not in _STD_YEARS:
        return None
    want = _STD_YEARS[m.group(1)]
    if m.group(2) == "_only":
        return year == want
    if m.group(2) == "_down":
        return year <= want
    return year >= want


class Selector:
    """Evaluates target selectors; `keyword(name)` answers effective-target keywords."""

    def __init__(self, triplet, keyword):
        self.triplet, self.keyword = triplet, keyword

    def _word(self, word):
        if re.search(r"\s", word):  # a {nested group}
            return self.matches(word)
        if "-" in word and not word.startswith("c++"):
            return fnmatch.fnmatchcase(self.triplet, word)
        return self.keyword(word)

    def matches(self, text):
        """A list of triplets/keywords (any one matches) or an expression of && || ! and groups."""
        tokens = []
        for w in tcl_words(text):
            if w.startswith("!") and len(w) > 1 and not re.search(r"\s", w):
                tokens += ["!", w[1:]]
            else:
                tokens.append(w)
        if not any(t in ("||", "&&", "!") for t in tokens):
            return any(self._word(t) for t in tokens)
        pos = 0

        def unary():
            nonlocal pos
            pos += 1
            if tokens[pos - 1] == "!":
                return not unary()
            return self._word(tokens[pos - 1])

        def conj():
            nonlocal pos
            value = unary()
            while pos < len(tokens) and tokens[pos] == "&&":
                pos += 1
                value = unary() and value
            return value

        value = conj()
        while pos < len(tokens) and tokens[pos] == "||":
            pos += 1
            value = conj() or value
        if pos != len(tokens):
            raise TclError("bad selector expression: " + text)
        return value

    def selector(self, text):
        """`target LIST` or `xfail LIST`: (kind, whether this target matches)."""
        words = tcl_words(text)
        if not words:
            return None, True
        rest = text.strip()[len(words[0]):]
        return words[0], self.matches(rest)


# --- diagnostics --------------------------------------------------------------------------------

_PRUNE = [re.compile(p) for p in (
    r"(^|\n)[^\n]+\n *\^\n",
    r"(^|\n)([^\n]*: )?In ((static member |lambda )?function|member|method|(copy )?constructor|"
    r"destructor|instantiation|substitution|program|subroutine|block-data)[^\n]*",
    r"(^|\n)[^\n]*(: )?At (top level|global scope):[^\n]*",
    r"(^|\n)[^\n]*:   (recursively )?required [^\n]*",
    r"(^|\n)[^\n]*:   . skipping [0-9]* instantiation contexts [^\n]*",
    r"(^|\n)[^\n]*:   in .constexpr. expansion [^\n]*",
    r"(^|\n)    inlined from [^\n]*",
    r"(^|\n)In file included from [^\n]*",
    r"(^|\n)[ \t]*from [^\n]*",
    r"(^|\n)[^\n]*: note: [^\n]*",
    r"(^|\n)[^\n*]*: Assembler messages:[^\n]*",
)]


def prune(text, extra):
    """libstdc++-dg-prune: drop context lines and notes, then the test's dg-prune-output."""
    for p in _PRUNE:
        text = p.sub("", text)
    for pattern in extra:
        if pattern:
            text = re.sub(r"(^|\n)[^\n]*(?:%s)[^\n]*" % pattern, "", text)
    return text


def match_messages(text, expected):
    """Removes each expected (line, regex) message from text, as dg.exp does.

    Returns (unmatched expectations, remaining text). Line 0 matches a message on any line; any
    other number matches `...:LINE:` in any file (header line numbers are used that way)."""
    missing = []
    for line, regex in expected:
        if line == 0:
            pattern = r"(^|\n)([^\n]*(?:%s)[^\n]*\n?)+" % regex
        else:
            pattern = r"(^|\n)([^\n]+:%d:[^\n]*(?:%s)[^\n]*\n?)+" % (line, regex)
        text, count = re.subn(pattern, "\n", text)
        if not count:
            missing.append((line, regex))
    return missing, text
