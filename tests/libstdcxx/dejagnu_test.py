#!/usr/bin/env python3
"""Unit tests of the DejaGnu emulation the suite's verdicts depend on (python3 -m unittest)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dejagnu  # noqa: E402

KEYWORDS = {"gthreads": True, "futex": False, "pthread": True}


def selector(triplet="arm-none-eabi", year=2020):
    def keyword(word):
        std = dejagnu.std_keyword(word, year)
        return std if std is not None else KEYWORDS[word]
    return dejagnu.Selector(triplet, keyword)


class TclWords(unittest.TestCase):
    def test_quoted_braced_and_bare_words(self):
        self.assertEqual(dejagnu.tcl_words(r'"a \"b\" \.c" { x { y } } z'),
                         ['a "b" .c', " x { y } ", "z"])

    def test_directive_with_selector_and_line(self):
        (d,) = dejagnu.directives('// { dg-error "static assertion" "" { target *-*-* } 0 }')
        self.assertEqual((d.name, d.args), ("dg-error", ["static assertion", "", " target *-*-* ",
                                                         "0"]))


class Selectors(unittest.TestCase):
    def test_triplet_lists_and_keywords(self):
        s = selector()
        self.assertEqual(s.selector("target *-*-linux* *-*-gnu*"), ("target", False))
        self.assertTrue(selector("x86_64-pc-linux-gnu").selector("target *-*-linux*")[1])
        self.assertTrue(s.selector("target c++17")[1])
        self.assertFalse(s.selector("target { c++11_only || c++14_only }")[1])

    def test_expressions_with_nested_groups(self):
        self.assertTrue(selector().matches(" gthreads && { ! futex } "))
        self.assertFalse(selector().matches("gthreads && !pthread"))

    def test_last_std_wins(self):
        year = dejagnu.std_year(["-std=gnu++20", "-O2", "-std=gnu++98"])
        self.assertEqual(year, 1998)
        self.assertTrue(selector(year=year).matches("c++98_only"))


class Messages(unittest.TestCase):
    OUTPUT = ("t.cc: In instantiation of 'void f()':\n"
              "t.cc:37:   required from here\n"
              "future:380: error: static assertion failed\n"
              "future:380: note: 'x' evaluates to false\n")

    def test_expected_messages_then_prune_leaves_nothing(self):
        missing, rest = dejagnu.match_messages(
            self.OUTPUT, [(37, "here"), (0, "static assertion failed")])
        self.assertEqual(missing, [])
        self.assertEqual(dejagnu.prune(rest, []).strip(), "")

    def test_missing_message_is_reported(self):
        missing, _ = dejagnu.match_messages(self.OUTPUT, [(38, "here")])
        self.assertEqual(missing, [(38, "here")])

    def test_unexpected_error_remains_as_excess(self):
        _, rest = dejagnu.match_messages(self.OUTPUT, [(37, "here")])
        self.assertIn("static assertion failed", dejagnu.prune(rest, []))
        self.assertEqual(dejagnu.prune(rest, ["static assertion"]).strip(), "")


if __name__ == "__main__":
    unittest.main()
