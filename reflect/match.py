"""Past entries that fit today's struggle: a BM25 index joined with the theme lexicon.

Two signals, because each fails where the other works. BM25 over stemmed content words
finds entries that say the same thing in the same words; the theme lexicon
(``reflect.themes``) lets "they moved my shift again" meet "the roster changed
overnight", which share no word at all.

How a score is made (every number is a field of :class:`Tuning`):

* ``lexical`` in [0, 1): BM25F (a word's frequency is the sum of the weights of the
  fields it is in: fields are a sentence or two, so presence says what repetition would;
  one length norm per entry) divided by the most the query's words could score, or by
  the worth of ``lexical_floor`` rare words if the query says less than that. It reads
  as "how much of what the query says this entry says too"; the floor keeps a one-word
  query made of a common word ("customer") from scoring as if it matched perfectly.
* ``theme`` in [0, 1]: the query's themes that the entry shares. Each query theme weighs
  its idf (rare themes tell more) times its evidence (``1 - theme_hit_decay**hits``,
  hits being distinct one-word terms and phrase occurrences); the entry's strength in a
  theme sums, over its fields, ``theme_field_weights`` (the challenge most) times the
  evidence there, capped at 1 and spread by ``theme_focus`` over the entry's other
  themes. The query also leans towards themes whose phrases use its words
  (``theme_affinity``: query expansion, weak evidence). Shared weight over the weight of
  the themes the query names outright (over all of them if it names none), capped at 1:
  a theme it only leans towards can add to an entry, never dilute one it names.
* ``score = (1 - theme_share) * lexical + theme_share * theme`` when the query touches a
  theme, else ``lexical`` alone; then times ``1 + lesson_boost`` if the entry has a lesson
  (the lesson is what the agent came for) and times at most ``1 + recency_boost`` for a
  recent entry (halving every ``recency_half_life_days``; only when ``today`` is given).
  Only scores at or above ``threshold`` are returned, so a text that fits nothing gets
  nothing.

BM25 is written here rather than taken from a library: it is thirty lines over an
inverted index, and the packages that offer it rebuild their index whole, where this one
is built once and then kept in step with every write (:meth:`MatchIndex.attach`), never
rebuilt except when the journal is re-read from disk. Between processes it is kept whole
(:mod:`reflect.kept_index`), so a fresh app or ``reflect similar`` loads it instead of
building 50,000 entries again.
"""

from __future__ import annotations

import contextlib
import heapq
import math
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from reflect import kept_index
from reflect.analysis_cache import Analysis, AnalysisCache, digest, fingerprint
from reflect.kept_index import KeptIndex, KeptRow
from reflect.model import Entry
from reflect.replies import REPLY_TO_DAY, as_lesson
from reflect.shorthand import normalise as shorthand_normalise
from reflect.themes import ThemeLexicon
from reflect.words import STOP_WORDS, stem_all, without_stop_words, words, words_of_each

if TYPE_CHECKING:
    from pathlib import Path

    from reflect.contacts import ReceivedBundle
    from reflect.journal import Journal, JournalChange

ANALYSIS_VERSION = "1"
"""Bump when :meth:`MatchIndex._analysed` changes what it makes: analyses kept on disk by
an older reflect are then made again."""

NORM_DRIFT = 0.02
"""How far the average entry length may move before every BM25 length norm is redone."""

FEW = 64
"""How many entries are cut directly rather than looked up in an analysis file not read
yet (about 100 us each, against tens of milliseconds per 10,000 kept analyses to read)."""

ME = "me"
"""The author of the journal's own entries; mentors' entries carry their handle."""


@dataclass(frozen=True)
class Tuning:
    """Every number that shapes ranking, in one place, so benchmarks can vary them.

    Set on general grounds, then checked on the whole of ``tests/data/match_set.json``
    (``benchmarks/match_quality.py``), never against single queries. Ranking is flat
    around these values: BM25's k1, b and the field weights barely move the set's MRR,
    and ``theme_affinity`` from 0.03 to 0.3 keeps it between 0.85 and 0.89. The
    held-out set (``tests/data/match_holdout.json``) is for measuring, never for
    choosing these.
    """

    field_weights: Mapping[str, float] = field(
        default_factory=lambda: {
            "challenge": 3.0,
            "jots": 3.0,
            "lesson": 2.0,
            "tags": 1.5,
            "grateful": 1.0,
            "kindness": 1.0,
            "note": 0.5,
        }
    )
    """BM25F: what one word counts for in each field. Challenge and lesson carry the
    struggle and what came of it; gratitude and kindness are often about other things.
    Jots are the struggle as it happened, so they weigh what the challenge weighs: the
    two are then cut as one text, and a jot picked as the challenge counts once."""
    theme_field_weights: Mapping[str, float] = field(
        default_factory=lambda: {
            "challenge": 1.0,
            "jots": 1.0,
            "lesson": 0.7,
            "tags": 0.7,
            "grateful": 0.5,
            "kindness": 0.5,
            "note": 0.5,
        }
    )
    """How much a theme found in a field says the entry is about it: an entry is mostly
    about what its challenge describes, but its lesson and tags name it too."""
    k1: float = 1.2
    """BM25 term-frequency saturation (the usual value)."""
    b: float = 0.75
    """BM25 length normalisation (the usual value)."""
    lexical_floor: float = 3.0
    """A full lexical score needs the query to carry at least this many rare words."""
    theme_share: float = 0.6
    """Share of the score given to themes when the query touches any. Above one half:
    people who share a struggle rarely share its words."""
    theme_hit_decay: float = 0.5
    """``n`` hits of one theme count ``1 - decay**n`` (0.5, 0.75, 0.875...): a text that
    uses several terms of a theme is likelier about it than one that brushes a word."""
    theme_focus: float = 0.5
    """Entry theme strengths are divided by their Euclidean norm to this power (0 = not
    at all, 1 = cosine), so an entry about four things is a little less about each."""
    theme_affinity: float = 0.1
    """Query expansion: what a query word counts for, as a share of a theme hit, when it
    belongs only to the phrases of a theme (see :meth:`ThemeLexicon.affinity`). Weak
    evidence, but it is how "stuck on hold" still leans towards *queue overload*. A
    query is a sentence or two, so it needs the help; entries are not expanded, where
    the same pull blurs more than it finds. 0 turns it off."""
    lesson_boost: float = 0.1
    recency_boost: float = 0.05
    recency_half_life_days: float = 365.0
    threshold: float = 0.15
    """Below this a result is not worth a tired person's attention."""

    @classmethod
    def bm25_only(cls) -> Tuning:
        """Plain BM25F: no themes, boosts or threshold (the benchmark's comparison)."""
        return cls(theme_share=0.0, lesson_boost=0.0, recency_boost=0.0, threshold=0.0)


@dataclass(frozen=True)
class Match:
    """A past entry that fits, why, and whose it is ("me" or a mentor's handle)."""

    entry: Entry
    author: str
    score: float
    reasons: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """One item of ``reflect similar --json``."""
        return {
            "id": self.entry.id,
            "shift_date": self.entry.shift_date.isoformat(),
            "author": self.author,
            "score": round(self.score, 3),
            "reasons": list(self.reasons),
        }


def matches_to_json(matches: Iterable[Match]) -> list[dict[str, Any]]:
    """The ``reflect similar --json`` document."""
    return [match.to_json() for match in matches]


class _Doc:
    """One indexed entry. Made from an entry, it holds everything; loaded from a kept
    index (``reflect.kept_index``) it holds the numbers only, and its terms, themes and
    plain texts are read from the kept file, its entry built, when first asked for."""

    __slots__ = (
        "_kept", "_plain", "_row", "_terms", "_themes", "author", "day", "entry", "entry_id",
        "has_lesson", "length", "reply_day", "version",
    )  # fmt: skip

    def __init__(
        self,
        *,
        author: str,
        entry_id: str,
        version: str,
        length: float,
        has_lesson: bool,
        day: int,
        entry: Entry | None = None,
        terms: dict[str, float] | None = None,
        themes: dict[str, float] | None = None,
        plain: tuple[str, str] | None = None,
        reply_day: str | None = None,
        kept: KeptIndex | None = None,
        row: int = -1,
    ) -> None:
        self.author = author
        self.entry_id = entry_id
        self.version = version  # the entry's updated_at, isoformat
        self.length = length  # field-weighted number of content words
        self.has_lesson = has_lesson
        self.day = day  # shift date as an ordinal, for recency
        self.entry = entry  # None until built (a kept row's, see MatchIndex._with_entries)
        self.reply_day = reply_day  # a mentor's reply: the day of the entry it answers
        self._terms = terms
        self._themes = themes
        self._plain = plain
        self._kept = kept
        self._row = row

    @classmethod
    def of(
        cls,
        entry: Entry,
        author: str,
        terms: dict[str, float],
        length: float,
        themes: dict[str, float],
        plain: tuple[str, str],
    ) -> _Doc:
        answered = entry.extra.get(REPLY_TO_DAY)
        return cls(
            author=author, entry_id=entry.id, version=entry.updated_at.isoformat(),
            length=length, has_lesson=bool(entry.lesson.strip()),
            day=entry.shift_date.toordinal(), entry=entry, terms=terms, themes=themes,
            plain=plain, reply_day=answered if isinstance(answered, str) else None,
        )  # fmt: skip

    @property
    def terms(self) -> dict[str, float]:
        """Stem -> field-weighted frequency."""
        if self._terms is None:
            assert self._kept is not None
            self._terms = self._kept.terms.of_row(self._row)
        return self._terms

    @property
    def themes(self) -> dict[str, float]:
        """Theme key -> strength in [0, 1]."""
        if self._themes is None:
            assert self._kept is not None
            self._themes = self._kept.themes.of_row(self._row)
        return self._themes

    @property
    def plain(self) -> tuple[str, str] | None:
        """The challenge and lesson, normalised (what meaning reads); None when a kept
        file could not say (see :meth:`MatchIndex._plain_of`)."""
        if self._plain is None and self._kept is not None:
            self._plain = self._kept.plain(self._row)
        return self._plain


class _Postings:
    """Name -> {slot: weight}, for terms or for themes. Started from a kept index, a
    name's postings become a dictionary only when first asked for (a search reads a few
    names out of tens of thousands); call under the index's lock."""

    def __init__(self) -> None:
        self._lists: dict[str, dict[int, float]] = {}
        self._kept: kept_index.KeptPostings | None = None
        self._taken: set[str] = set()

    def start_from(self, kept: kept_index.KeptPostings | None) -> None:
        self._lists.clear()
        self._taken.clear()
        self._kept = kept

    def get(self, name: str) -> dict[int, float] | None:
        found = self._lists.get(name)
        if found is None and self._kept is not None and name not in self._taken:
            self._taken.add(name)
            found = self._kept.of_name(name)
            if found:
                self._lists[name] = found
        return found or None

    def count(self, name: str) -> int:
        """How many entries have the name (its document frequency)."""
        found = self._lists.get(name)
        if found is not None:
            return len(found)
        if self._kept is not None and name not in self._taken:
            return self._kept.count(name)
        return 0

    def put(self, name: str, slot: int, weight: float) -> None:
        found = self.get(name)
        if found is None:
            found = self._lists[name] = {}
        found[slot] = weight

    def drop(self, name: str, slot: int) -> None:
        found = self.get(name)
        if found is not None:
            found.pop(slot, None)
            if not found:
                del self._lists[name]


@dataclass
class _Query:
    terms: dict[str, str]  # stem -> the word as the query wrote it first
    themes: dict[str, float]  # theme key -> hits (fractions: words that lean towards it)
    strong: frozenset[str]  # the themes with a whole term in the query
    typed: frozenset[str] = frozenset()  # stems of the words as typed, before normalising


_TEXT_FIELDS = ("challenge", "jots", "lesson", "grateful", "kindness", "note")


def _reader(names: tuple[str, ...]) -> Callable[[Entry], str]:
    """What a group of fields reads from an entry, as one text."""
    if names == ("tags",):
        return lambda entry: " ".join(entry.tags)
    if len(names) == 1 and names[0] != "jots":
        return attrgetter(names[0])

    def field(entry: Entry, name: str) -> str:
        if name == "tags":
            return " ".join(entry.tags)
        if name == "jots":
            return "\n".join(jot.text for jot in entry.jots)
        text: str = getattr(entry, name)
        return text

    return lambda entry: "\n".join(filter(None, (field(entry, name) for name in names)))


class MatchIndex:
    """An inverted index of entries, searchable by a free text; safe to share between threads.

    Build it with :meth:`build` (or empty, then :meth:`add`), keep it current with
    :meth:`attach` to a journal, ask it with :meth:`search`.
    """

    def __init__(
        self,
        *,
        lexicon: ThemeLexicon | None = None,
        tuning: Tuning | None = None,
        normalise: Callable[[str], str] | None = shorthand_normalise,
        analysis: AnalysisCache | None = None,
    ) -> None:
        self.lexicon = lexicon if lexicon is not None else ThemeLexicon.bundled()
        self.tuning = tuning if tuning is not None else Tuning()
        self.normalise: Callable[[str], str] = normalise if normalise is not None else str
        """Support-floor shorthand and misspellings rewritten before entries and queries
        are cut into words (``reflect.shorthand``); ``None`` compares texts as written."""
        self.analysis = analysis
        """Analyses kept from earlier processes (:mod:`reflect.analysis_cache`), made with
        the bundled lexicon, glossary and default tuning: see :func:`analysis_cache_for`."""
        self._lock = threading.RLock()
        self._slots: dict[tuple[str, str], int] = {}  # (author, entry id) -> slot
        self._docs: dict[int, _Doc] = {}
        self._postings = _Postings()
        self._theme_postings = _Postings()
        self._resolve: Callable[[Iterable[str]], Mapping[str, Entry]] | None = None
        """Builds my entries by id (``Journal.some``) for rows loaded from a kept index;
        never called under this index's lock (see :meth:`attach`)."""
        self.outdated = -1
        """How out of date the kept index was when loaded: rows dropped plus entries
        analysed afresh (an edited entry counts twice); -1 when none was loaded."""
        self._total_length = 0.0
        self._next_slot = 0
        # BM25 length norms, against the average length when they were last all computed
        self._norms: dict[int, float] = {}
        self._norm_average: float | None = None
        self._changes = 0
        self._factor_key: tuple[int, date | None] | None = None
        self._factor_cache: dict[int, float] = {}
        # Fields weighted alike are cut as one text (fewer, longer passes are faster); their
        # theme hits then add up before the evidence curve, as if they were one field.
        groups: dict[tuple[float, float], list[str]] = {}
        for name in (*_TEXT_FIELDS, "tags"):
            weights = (
                self.tuning.field_weights.get(name, 0.0),
                self.tuning.theme_field_weights.get(name, 0.0),
            )
            if weights[0] > 0 or weights[1] > 0:
                groups.setdefault(weights, []).append(name)
        self._field_groups = tuple(
            (_reader(tuple(names)), weight, theme_weight)
            for (weight, theme_weight), names in groups.items()
        )
        self._group_names = tuple(tuple(names) for names in groups.values())

    @classmethod
    def build(
        cls,
        entries: Iterable[Entry],
        *,
        author: str = ME,
        lexicon: ThemeLexicon | None = None,
        tuning: Tuning | None = None,
    ) -> MatchIndex:
        index = cls(lexicon=lexicon, tuning=tuning)
        index.add_many(entries, author=author)
        return index

    def __len__(self) -> int:
        return len(self._docs)

    @property
    def changes(self) -> int:
        """Grows with every change to the index (for caches built on top of it)."""
        return self._changes

    def documents(self) -> list[tuple[Entry, str]]:
        """Every indexed entry with its author, in a stable order (a snapshot)."""
        with self._lock:
            docs = [doc for _, doc in sorted(self._docs.items())]
        return [(entry, doc.author) for doc, entry in self._with_entries(docs)]

    def plain_texts(self) -> list[tuple[int, Entry, str, str, str]]:
        """(slot, entry, author, challenge, lesson) of every indexed entry, the two texts
        as normalised when it was indexed: what meaning compares, without normalising
        twice. A slot names an entry in :meth:`slot_scores` until the index changes."""
        with self._lock:
            docs = sorted(self._docs.items())
        built = dict(self._with_entries([doc for _, doc in docs]))
        return [
            (slot, built[doc], doc.author, *self._plain_of(doc, built[doc]))
            for slot, doc in docs
            if doc in built
        ]

    def _plain_of(self, doc: _Doc, entry: Entry) -> tuple[str, str]:
        plain = doc.plain
        if plain is None:  # a kept file whose texts could not be read: work them out
            plain = self._analysed(entry, doc.author).plain or ("", "")
        return plain

    def _with_entries(self, docs: list[_Doc]) -> list[tuple[_Doc, Entry]]:
        """The docs with their entries, building those of rows loaded from a kept index
        (in one call to the journal, outside this index's lock). A row whose entry has
        just left the journal is left out: the index hears of the deletion next."""
        wanted = [doc.entry_id for doc in docs if doc.entry is None]
        if wanted and self._resolve is not None:
            built = self._resolve(wanted)
            for doc in docs:
                if doc.entry is None:
                    doc.entry = built.get(doc.entry_id)
        return [(doc, doc.entry) for doc in docs if doc.entry is not None]

    def slot_scores(
        self, text: str, *, exclude_id: str | None = None, today: date | None = None
    ) -> dict[int, float]:
        """Slot -> score for every entry the text touches at all, without reasons or
        ranking: what a fusion with other signals starts from."""
        query = self._query(text)
        if not query.terms:
            return {}
        with self._lock:
            if not self._docs:
                return {}
            found = self._scores(query, today)
            if exclude_id is not None:
                found.pop(self._slots.get((ME, exclude_id), -1), None)
            return found

    def reasons_for(self, text: str, author: str, entry_id: str) -> tuple[str, ...]:
        """Why ``text`` met one entry, in the words of :meth:`search`."""
        query = self._query(text)
        with self._lock:
            slot = self._slots.get((author, entry_id))
            return self._reasons(query, self._docs[slot]) if slot is not None else ()

    def __contains__(self, entry_id: object) -> bool:
        with self._lock:
            return any(key[1] == entry_id for key in self._slots)

    # -- keeping it current -------------------------------------------------------------

    def add(self, entry: Entry, *, author: str = ME) -> None:
        """Index an entry; an entry already indexed (same author and id) is replaced."""
        self.add_many((entry,), author=author)

    def add_many(
        self, entries: Iterable[Entry], *, author: str = ME, following: bool = False
    ) -> None:
        """Index entries (replacing any indexed with the same author and id);
        ``following`` a write, a few are cut directly (see :meth:`_analyse_all`)."""
        given = list(entries)
        analysed = list(zip(given, self._analyse_all(given, author, following), strict=True))
        with self._lock:
            for entry, doc in analysed:
                self._remove_key((author, entry.id))
                self._insert(doc)
            self._touch()

    def remove(self, entry_id: str, *, author: str = ME) -> bool:
        """Forget an entry; False when it was not indexed."""
        with self._lock:
            removed = self._remove_key((author, entry_id))
            self._touch()
            return removed

    def replace(self, entries: Iterable[Entry], *, author: str = ME) -> None:
        """Make ``entries`` the whole set of ``author``'s entries (others' stay).

        An entry indexed already at the same ``updated_at`` keeps its analysis, so a
        journal re-read because another process added one entry costs that one entry, not
        the whole journal again. Retried if the index changed while analysing."""
        given = list(entries)
        while True:
            with self._lock:
                seen = self._changes
                known = {key[1]: self._docs[slot].version
                         for key, slot in self._slots.items() if key[0] == author}  # fmt: skip
            fresh = [entry for entry in given
                     if known.get(entry.id) != entry.updated_at.isoformat()]  # fmt: skip
            analysed = self._analyse_all(fresh, author, following=bool(known))
            with self._lock:
                if self._changes != seen:
                    continue
                wanted = {entry.id for entry in given}
                for key in [key for key in self._slots if key[0] == author]:
                    if key[1] not in wanted:
                        self._remove_key(key)
                for doc in analysed:
                    self._remove_key((author, doc.entry_id))
                    self._insert(doc)
                for entry in given:  # the entries as read now, for what is shown
                    self._docs[self._slots[(author, entry.id)]].entry = entry
                self._touch()
                return

    def apply(self, change: JournalChange) -> None:
        """Follow one write to my own entries (what a ``JournalChange`` carries).

        A ``"received"`` change carries no entries; :meth:`attach` reads those from the
        journal. Here it changes nothing.
        """
        if change.kind == "reload":
            self.replace(change.entries)
        elif change.kind in ("add", "update", "delete"):
            with self._lock:
                for entry_id in change.removed_ids:
                    self._remove_key((ME, entry_id))
                self.add_many(change.entries, following=True)

    def replace_received(
        self, bundles: Iterable[ReceivedBundle], authors: Iterable[str] | None = None
    ) -> None:
        """Make the mentors' entries those of ``bundles``: for ``authors`` only, else for
        every author but me (one whose bundle is gone is dropped)."""
        by_author = {
            bundle.author: (*bundle.entries, *map(as_lesson, bundle.replies)) for bundle in bundles
        }
        with self._lock:
            if authors is None:
                authors = {key[0] for key in self._slots if key[0] != ME} | by_author.keys()
            for author in authors:
                if author != ME:
                    self.replace(by_author.get(author, ()), author=author)

    @classmethod
    def from_journal(
        cls,
        journal: Journal,
        *,
        lexicon: ThemeLexicon | None = None,
        tuning: Tuning | None = None,
        analysis: AnalysisCache | None = None,
        kept: KeptIndex | None = None,
    ) -> MatchIndex:
        """An index of my entries and what mentors shared with me, not following writes
        (for a one-off command such as ``reflect similar``); ``kept`` as for
        :meth:`attach`."""
        index = cls(lexicon=lexicon, tuning=tuning, analysis=analysis)
        index._load(journal, kept, seen=None)
        return index

    def attach(self, journal: Journal, kept: KeptIndex | None = None) -> None:
        """Index the journal (my entries and mentors' shared ones) and follow its writes.

        Subscribes first and loads after, retrying if a write slipped in between, so no
        change is missed and none is applied on top of an older snapshot. The journal is
        never called under this index's lock: a writer holds the journal's while it tells
        us, so the other order could deadlock.

        ``kept`` is the index an earlier process kept (:func:`load_kept`): its rows whose
        entries are unchanged are taken as they are, and only the other entries are built
        and analysed; :attr:`outdated` then says how many rows were out of date.
        """

        def follow(change: JournalChange) -> None:
            self.apply(change)
            if change.kind == "received":
                self.replace_received(journal.received(), change.authors)
            elif change.kind == "reload":
                self.replace_received(journal.received())

        journal.subscribe(follow)
        while True:
            with self._lock:
                seen = self._changes
            if self._load(journal, kept, seen=seen):
                return

    def _load(self, journal: Journal, kept: KeptIndex | None, *, seen: int | None) -> bool:
        """Fill the index from the journal, unless it changed since ``seen`` (then False)."""
        self._resolve = journal.some
        stale: list[int] = []
        if kept is None:
            entries = journal.entries()
        else:
            stale, fresh = _out_of_date(kept, journal.versions())
            entries = list(journal.some(fresh).values())
        bundles = journal.received()
        with self._lock:
            if seen is not None and self._changes != seen:
                return False
            if kept is None:
                self.replace(entries)
            else:
                self._start_from(kept, stale)
                self.add_many(entries)
                self.outdated = len(stale) + len(entries)
                if self.analysis is not None:  # its analyses of kept rows stay in its file
                    self.analysis.still_used(ME, kept.entry_ids)
            self.replace_received(bundles)
            return True

    def _start_from(self, kept: KeptIndex, stale: list[int]) -> None:
        """Make the kept rows my entries, as slots 0..n-1, less the ``stale`` ones. Only
        numbers are copied: terms, themes and entries come when they are asked for."""
        self._clear()
        self._postings.start_from(kept.terms)
        self._theme_postings.start_from(kept.themes)
        lengths, days, lessons, versions = kept.lengths, kept.days, kept.lessons, kept.versions
        for row, entry_id in enumerate(kept.entry_ids):
            self._docs[row] = _Doc(
                author=ME, entry_id=entry_id, version=versions[row], length=lengths[row],
                has_lesson=bool(lessons[row]), day=days[row], kept=kept, row=row,
            )  # fmt: skip
            self._slots[(ME, entry_id)] = row
        self._next_slot = len(kept)
        self._total_length = math.fsum(lengths)
        for row in stale:
            self._remove_key((ME, kept.entry_ids[row]))

    def kept_rows(self) -> list[KeptRow]:
        """My entries as a kept index holds them (see :func:`keep`)."""
        with self._lock:
            docs = [doc for _, doc in sorted(self._docs.items()) if doc.author == ME]
            return [
                KeptRow(doc.entry_id, doc.version, doc.length, doc.day, doc.has_lesson,
                        doc.terms, doc.themes, doc.plain or ("", ""))
                for doc in docs
            ]  # fmt: skip

    def _clear(self) -> None:
        self._slots.clear()
        self._docs.clear()
        self._postings.start_from(None)
        self._theme_postings.start_from(None)
        self._total_length = 0.0
        self._norms.clear()
        self._norm_average = None

    def _touch(self) -> None:
        self._changes += 1

    def _analyse_all(self, entries: list[Entry], author: str, following: bool) -> list[_Doc]:
        """Each entry's analysis. ``following`` a write (a save, another process's add,
        once the index is built), a few entries are cut directly if the kept analyses
        have not been read yet: reading that file costs more than cutting a few dozen."""
        cache = self.analysis
        if following and cache is not None and not cache.is_read and len(entries) <= FEW:
            return [self._analysed(entry, author) for entry in entries]
        return [self._analyse(entry, author) for entry in entries]

    def _analyse(self, entry: Entry, author: str) -> _Doc:
        """What the index needs of an entry: kept from an earlier process if its texts are
        the same, else worked out (and kept for the next one)."""
        cache = self.analysis
        if cache is None:
            return self._analysed(entry, author)
        made_from = digest(read(entry) for read, _, _ in self._field_groups)
        found = cache.get(author, entry.id, made_from)
        if found is not None:
            return _Doc.of(entry, author, found.terms, found.length, found.themes, found.plain)
        doc = self._analysed(entry, author)
        analysis = Analysis(doc.terms, doc.length, doc.themes, doc.plain or ("", ""))
        cache.put(author, entry.id, made_from, analysis)
        return doc

    def _analysed(self, entry: Entry, author: str) -> _Doc:
        """Cut every field once, for both BM25 terms and themes."""
        terms: dict[str, float] = {}
        themes: dict[str, float] = {}
        length = 0.0
        decay = self.tuning.theme_hit_decay
        parts: list[tuple[list[str], dict[str, int]]] = []
        part_weights: list[float] = []
        texts, weights = [], []
        plain = {"challenge": "", "lesson": ""}
        for (read, weight, theme_weight), names in zip(
            self._field_groups, self._group_names, strict=True
        ):
            text = read(entry)
            if text and not text.isspace():
                normalised = self.normalise(text)
                first = names[0]
                if first in plain:  # the challenge alone, not its jots: what meaning reads
                    alone = getattr(entry, first)
                    plain[first] = normalised if alone == text else self.normalise(alone)
                texts.append(normalised)
                weights.append((weight, theme_weight))
        for found, (weight, theme_weight) in zip(words_of_each(texts), weights, strict=True):
            stemmed = stem_all(found)
            content = without_stop_words(found, stemmed)
            present = dict.fromkeys(content, 1)  # short fields: a word counts once (binary tf)
            if weight > 0:
                if terms:
                    shared = {key: terms[key] + weight for key in terms.keys() & present.keys()}
                    terms.update(dict.fromkeys(present, weight))  # dict operations run in C
                    terms.update(shared)
                else:
                    terms = dict.fromkeys(present, weight)
                length += weight * len(content)
            if theme_weight > 0:
                parts.append((stemmed, present))
                part_weights.append(theme_weight)
        # one-word terms are never stop words, so the content stems serve them
        for theme_weight, hits_by_theme in zip(
            part_weights, self.lexicon.themes_in_parts(parts), strict=True
        ):
            for theme, hits in hits_by_theme.items():
                themes[theme] = themes.get(theme, 0.0) + theme_weight * (1.0 - decay**hits)
        return _Doc.of(
            entry,
            author,
            terms,
            length,
            self._focus({theme: min(1.0, value) for theme, value in themes.items()}),
            (plain["challenge"].strip(), plain["lesson"].strip()),
        )

    def _focus(self, themes: dict[str, float]) -> dict[str, float]:
        """Spread an entry's theme weight over its themes: about four things, less about each."""
        focus = self.tuning.theme_focus
        norm = math.sqrt(sum(value * value for value in themes.values()))
        if focus <= 0 or norm <= 1.0:
            return themes
        scale = norm**focus
        return {theme: value / scale for theme, value in themes.items()}

    def _evidence(self, hits: float) -> float:
        return 1.0 - math.pow(self.tuning.theme_hit_decay, hits)

    def _insert(self, doc: _Doc) -> None:
        slot = self._next_slot
        self._next_slot += 1
        if self._norm_average is not None:
            self._norms[slot] = self._norm(doc.length, self._norm_average)
        self._slots[(doc.author, doc.entry_id)] = slot
        self._docs[slot] = doc
        self._total_length += doc.length
        for table, values in ((self._postings, doc.terms), (self._theme_postings, doc.themes)):
            for name, value in values.items():
                table.put(name, slot, value)

    def _remove_key(self, key: tuple[str, str]) -> bool:
        slot = self._slots.pop(key, None)
        if slot is None:
            return False
        doc = self._docs.pop(slot)
        self._norms.pop(slot, None)
        self._total_length -= doc.length
        for table, names in ((self._postings, doc.terms), (self._theme_postings, doc.themes)):
            for name in names:
                table.drop(name, slot)
        if not self._docs:
            self._total_length = 0.0  # no float drift once empty
        return True

    # -- asking -------------------------------------------------------------------------

    def _idf(self, document_frequency: int) -> float:
        """BM25's idf, in the form that never goes negative for very common words."""
        count = len(self._docs)
        return math.log(1.0 + (count - document_frequency + 0.5) / (document_frequency + 0.5))

    def _norm(self, length: float, average: float) -> float:
        k1, b = self.tuning.k1, self.tuning.b
        return k1 * (1.0 - b + b * length / average) if average > 0 else k1

    def _length_norms(self) -> dict[int, float]:
        """Per-entry BM25 length norms. A write adds or drops one norm against the average
        they were computed with; all are redone only when the average drifts by more than
        2%, so a write costs O(1) rather than a pass over every entry."""
        average = self._total_length / len(self._docs) if self._docs else 0.0
        reference = self._norm_average
        if reference is None or abs(average - reference) > NORM_DRIFT * max(reference, 1e-9):
            self._norms = {
                slot: self._norm(doc.length, average) for slot, doc in self._docs.items()
            }
            self._norm_average = average
        return self._norms

    def _query(self, text: str) -> _Query:
        found = words(self.normalise(text))
        stemmed = stem_all(found)
        terms: dict[str, str] = {}
        for word, key in zip(found, stemmed, strict=True):
            if word not in STOP_WORDS and key not in terms:
                terms[key] = word
        themes: dict[str, float] = {}
        strong: frozenset[str] = frozenset()
        if self.tuning.theme_share > 0:  # hits counted as for entries (see _analyse)
            present = dict.fromkeys(without_stop_words(found, stemmed), 1)
            hits = self.lexicon.themes_in_stems(stemmed, present)
            strong = frozenset(hits)
            themes = dict(hits)
            weight = self.tuning.theme_affinity
            if weight > 0:  # query expansion: see ``theme_affinity``
                for theme, pull in self.lexicon.affinity(present).items():
                    themes[theme] = themes.get(theme, 0.0) + weight * pull
        typed = frozenset(stem_all(words(text)))
        return _Query(terms, themes, strong, typed)

    def search(
        self,
        text: str,
        limit: int = 3,
        exclude_id: str | None = None,
        *,
        today: date | None = None,
        threshold: float | None = None,
    ) -> list[Match]:
        """The best entries for ``text``, best first: at most ``limit``, only good ones.

        ``exclude_id`` leaves out one of my entries (the one being edited); ``today``
        enables the small recency factor (the clock is never read here); ``threshold`` replaces the
        tuning's (a reranker asks for candidates the threshold would hide).
        """
        query = self._query(text)
        if limit <= 0 or not query.terms:
            return []  # empty, or only stop words: nothing to match on
        with self._lock:
            if not self._docs:
                return []
            scores = self._scores(query, today)
            best = self._best(scores, limit, exclude_id, threshold)
            found = [(self._docs[slot], score, self._reasons(query, self._docs[slot]))
                     for score, slot in best]  # fmt: skip
        built = dict(self._with_entries([doc for doc, _, _ in found]))
        return [
            Match(built[doc], doc.author, score, reasons)
            for doc, score, reasons in found
            if doc in built
        ]

    def _best(
        self,
        scores: dict[int, float],
        limit: int,
        exclude_id: str | None,
        threshold: float | None = None,
    ) -> list[tuple[float, int]]:
        """The ``limit`` best (score, slot) at or above the threshold, best first; equal
        scores put the newer entry first, then the entry id decides."""
        if threshold is None:
            threshold = self.tuning.threshold
        threshold = max(threshold, 1e-12)  # a score of 0 is never a match
        # the entry being edited is my own: one lookup, not a pass over the journal
        slot = self._slots.get((ME, exclude_id)) if exclude_id is not None else None
        excluded = {slot} if slot is not None else set()
        # the scores alone find the cut, in C; only the few at or above it are then sorted
        wanted = limit + len(excluded)
        top = heapq.nlargest(wanted, scores.values())
        cut = max(threshold, top[-1]) if len(top) == wanted else threshold
        docs = self._docs
        kept = [
            (score, slot) for slot, score in scores.items() if score >= cut and slot not in excluded
        ]
        kept.sort(
            key=lambda item: (item[0], docs[item[1]].day, docs[item[1]].entry_id), reverse=True
        )
        return kept[:limit]

    def _scores(self, query: _Query, today: date | None) -> dict[int, float]:
        tuning = self.tuning
        saturation = tuning.k1 + 1.0
        norms = self._length_norms()
        lexical: dict[int, float] = {}
        reachable = 0.0
        for term in query.terms:
            postings = self._postings.get(term)
            weight = self._idf(len(postings) if postings else 0) * saturation
            reachable += weight
            if not postings:
                continue
            for slot, frequency in postings.items():
                lexical[slot] = lexical.get(slot, 0.0) + (
                    weight * frequency / (frequency + norms[slot])
                )
        floor = tuning.lexical_floor * saturation * self._idf(1)
        reachable = max(reachable, floor)
        if reachable > 0:
            lexical = {slot: score / reachable for slot, score in lexical.items()}

        share = tuning.theme_share if query.themes else 0.0
        combined = {slot: (1.0 - share) * score for slot, score in lexical.items()}
        if share > 0:
            idfs = {theme: self._idf(self._theme_postings.count(theme)) for theme in query.themes}
            weights = {
                theme: idfs[theme] * self._evidence(hits) for theme, hits in query.themes.items()
            }
            # Themes the query names outright set the scale; themes it only leans towards
            # (see ``theme_affinity``) may add to an entry's score but never dilute it.
            strong = [weights[theme] for theme in query.strong]
            total = sum(strong) if strong else sum(weights.values())
            shared: dict[int, float] = {}
            found_lists = [
                (weight / total, self._theme_postings.get(theme))
                for theme, weight in weights.items()
                if total > 0
            ]
            lists = [(part, postings) for part, postings in found_lists if postings]
            lists.sort(key=lambda item: -len(item[1]))
            for part, postings in lists:
                if not shared:  # the longest list, as one comprehension
                    shared = {slot: part * strength for slot, strength in postings.items()}
                    continue
                get = shared.get
                for slot, strength in postings.items():
                    shared[slot] = get(slot, 0.0) + part * strength
            themed = {slot: share * min(1.0, value) for slot, value in shared.items()}
            get = themed.get
            for slot, score in combined.items():
                themed[slot] = get(slot, 0.0) + score
            combined = themed

        factors = self._factors(today)
        if factors is None:
            return combined
        return {slot: score * factors[slot] for slot, score in combined.items()}

    def _factors(self, today: date | None) -> dict[int, float] | None:
        """Slot -> the lesson boost times the recency factor; None when every factor is 1.

        The same for every query until the index changes or the day does, so they are
        kept: a query then costs one multiplication per scored entry."""
        lesson, recency = self.tuning.lesson_boost, self.tuning.recency_boost
        if today is None:
            recency = 0.0
        if lesson <= 0 and recency <= 0:
            return None
        key = (self._changes, today)
        if self._factor_key == key:
            return self._factor_cache
        now = today.toordinal() if today is not None else 0
        half_life = max(self.tuning.recency_half_life_days, 1.0)
        factors: dict[int, float] = {}
        for slot, doc in self._docs.items():
            factor = 1.0 + lesson if doc.has_lesson else 1.0
            if recency > 0:
                factor *= 1.0 + recency * 0.5 ** (max(0, now - doc.day) / half_life)
            factors[slot] = factor
        self._factor_key, self._factor_cache = key, factors
        return factors

    def _reasons(self, query: _Query, doc: _Doc) -> tuple[str, ...]:
        """Why an entry was chosen, in words a person reads at a glance."""
        reasons: list[str] = []
        answered = doc.reply_day
        if answered is not None:
            with contextlib.suppress(ValueError):
                day = date.fromisoformat(answered)
                reasons.append(f"from {doc.author}, replying to your entry of {day.day} {day:%b}")
        shared_themes = sorted(
            (theme for theme in query.themes if theme in doc.themes),
            key=lambda theme: (-doc.themes[theme], -query.themes[theme], theme),
        )
        named = [theme for theme in shared_themes if theme in query.strong]
        if named or shared_themes:
            # a theme the query only leans towards is offered as a guess, never as fact
            labels = ", ".join(self.lexicon.label(theme) for theme in (named or shared_themes)[:3])
            reasons.append(f"both about: {labels}" if named else f"maybe both about: {labels}")
        norms = self._length_norms()
        weighted = []
        for term, word in query.terms.items():
            frequency = doc.terms.get(term)
            if frequency:
                idf = self._idf(self._postings.count(term))
                weighted.append((idf * frequency / (frequency + norms[self._slot(doc)]), word))
        # a word the glossary added ("refund" -> "refund money back") is not one the person
        # wrote: shared words name what they typed, when there is any
        typed = [item for item in weighted if stem_all([item[1]])[0] in query.typed]
        weighted = typed or weighted
        if weighted:
            weighted.sort(key=lambda item: -item[0])
            reasons.append("shared words: " + ", ".join(word for _, word in weighted[:4]))
        return tuple(reasons)

    def _slot(self, doc: _Doc) -> int:
        return self._slots[(doc.author, doc.entry_id)]


def _same_version(stored: str, kept: str) -> bool:
    """Whether a stored ``updated_at`` is the moment a kept row was analysed at (stored
    moments written another way, say with a "Z", are compared as moments)."""
    if stored == kept:
        return True
    try:
        return datetime.fromisoformat(stored).isoformat() == kept
    except ValueError:
        return False


def _out_of_date(kept: KeptIndex, versions: Mapping[str, str]) -> tuple[list[int], list[str]]:
    """(kept rows to drop, ids of my entries to analyse): rows whose entry changed or
    left, and entries changed or new since the index was kept."""
    stale: list[int] = []
    current: set[str] = set()
    for row, (entry_id, version) in enumerate(zip(kept.entry_ids, kept.versions, strict=True)):
        stored = versions.get(entry_id)
        if stored is not None and _same_version(stored, version):
            current.add(entry_id)
        else:
            stale.append(row)
    return stale, [entry_id for entry_id in versions if entry_id not in current]


def _made_with() -> str:
    """What analyses made with the bundled lexicon and glossary and the default tuning
    depend on (the app and ``reflect similar`` use those)."""
    from reflect import __version__
    from reflect.seed_files import read_seed

    return fingerprint(
        ANALYSIS_VERSION, __version__, repr(Tuning()), read_seed("themes.toml"),
        read_seed("glossary.toml"),
    )  # fmt: skip


def analysis_cache_for(cache_folder: Path | None) -> AnalysisCache:
    """The kept analyses for an index with the bundled lexicon and glossary and the default
    tuning (what the app and ``reflect similar`` use), in ``cache_folder``."""
    return AnalysisCache(cache_folder, _made_with())


KEEP_AGAIN_AT = 0.02
"""Write the kept index again once more than this share of its rows (or 20) were out of
date when it was loaded: small changes cost less to redo than to rewrite the file."""


def load_kept(cache_folder: Path | None) -> KeptIndex | None:
    """The index of my entries an earlier process kept in ``cache_folder``, if usable."""
    return kept_index.load(cache_folder, _made_with()) if cache_folder is not None else None


def keep(index: MatchIndex, cache_folder: Path | None) -> bool:
    """Write ``index``'s rows for the next process if none was loaded or the one loaded
    was much out of date; say whether it wrote. Made with the defaults only."""
    if cache_folder is None or index.tuning != Tuning():
        return False
    outdated = index.outdated
    if 0 <= outdated <= max(20, KEEP_AGAIN_AT * len(index)):
        return False
    kept_index.save(cache_folder, _made_with(), index.kept_rows())
    return True
