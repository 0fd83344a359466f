"""The `textmine …` commands a Markdown document names, read from its code: fenced blocks and inline code.

`invocations(text)` gives, for each `textmine` written there, the command path (`("lexicon", "add")`), the
`--options` it is given, and the first word that looked like a subcommand but is none (a typo). `check(inv)`
says what of it the click tree does not have.
"""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

import click

from textmine.cli import main
from textmine.cli.app import GLOBAL_OPTIONS

GLOBAL = set(GLOBAL_OPTIONS) | {"--help", "-h", "--version"}     # the group's options, accepted anywhere
_FENCE = re.compile(r"^```.*?^```", re.S | re.M)
_INLINE = re.compile(r"`([^`]+)`")
_WORD = re.compile(r"^[a-z][a-z0-9-]*$")
_ENDS = {"&&", "||", "|", ";", ">", "<", "2>", "$", "…"}


@dataclass(frozen=True)
class Invocation:
    path: tuple[str, ...]
    options: tuple[str, ...]
    unknown: str | None          # a word where a subcommand was expected, that is none
    text: str


def snippets(text: str) -> list[str]:
    """Each line of every fenced block, and every inline code span outside them (line breaks as spaces)."""
    out = []
    for block in _FENCE.findall(text):
        out += block.splitlines()[1:-1]
    out += [m.replace("\n", " ") for m in _INLINE.findall(_FENCE.sub("", text))]
    return out


def _tokens(snippet: str) -> list[str]:
    try:
        return shlex.split(snippet)
    except ValueError:                    # an unbalanced quote in an output line
        return snippet.split()


def _params(cmd: click.Command) -> set[str]:
    return {o for p in cmd.params if isinstance(p, click.Option) for o in (*p.opts, *p.secondary_opts)}


def _has_arguments(cmd: click.Command) -> bool:
    return any(isinstance(p, click.Argument) for p in cmd.params)


def invocations(text: str) -> list[Invocation]:
    out = []
    for snippet in snippets(text):
        tokens = _tokens(snippet)
        starts = [i for i, t in enumerate(tokens) if t == "textmine"]
        for n, start in enumerate(starts):
            stop = starts[n + 1] if n + 1 < len(starts) else len(tokens)
            out.append(_one(tokens[start + 1:stop], snippet))
    return out


def _one(tokens: list[str], snippet: str) -> Invocation:
    cmd: click.Command = main
    path: list[str] = []
    options: list[str] = []
    unknown = None
    descending = True
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t in _ENDS or t.startswith(("#", "(", "→")):
            break
        if t in GLOBAL_OPTIONS:
            i += 2
            continue
        if t.startswith("--"):
            options.append(t.split("=", 1)[0])
            descending = False
        elif descending and isinstance(cmd, click.Group):
            if t in cmd.commands:
                cmd = cmd.commands[t]
                path.append(t)
            elif getattr(cmd, "default_command", None):      # `textmine audit 丽水` is `audit city 丽水`
                cmd = cmd.commands[cmd.default_command]
                path.append(cmd.name)
                descending = False
            else:
                if _WORD.match(t) and not _has_arguments(cmd):
                    unknown = t
                descending = False
        else:
            descending = False
        i += 1
    return Invocation(tuple(path), tuple(options), unknown, snippet)


def command(path: tuple[str, ...]) -> click.Command:
    cmd: click.Command = main
    for name in path:
        cmd = cmd.commands[name]
    return cmd


def check(inv: Invocation) -> list[str]:
    """What the click tree lacks of this invocation (empty when every word and option exists)."""
    where = " ".join(("textmine",) + inv.path)
    problems = []
    if inv.unknown:
        problems.append(f"`{where} {inv.unknown}`: no such subcommand (in {inv.text!r})")
    known = _params(command(inv.path)) | GLOBAL
    problems += [f"`{where} {o}`: no such option (in {inv.text!r})" for o in inv.options if o not in known]
    return problems


def pairs(invs: list[Invocation]) -> set[tuple[tuple[str, ...], str | None]]:
    """(command path, option) of each invocation, and (path, None) for the command itself."""
    out = set()
    for inv in invs:
        out.add((inv.path, None))
        out.update((inv.path, o) for o in inv.options)
    return out
