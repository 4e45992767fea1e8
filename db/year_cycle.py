"""Reading and writing the year's cycle: the files recorded, the candidate pool, votes with their tallies, and
ratings; every row keeps the file (cycle_files) and the account it came from."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from db.audit import next_id, now
from db.sql import q, records
from targets.candidates import Candidate, CandidateIndicator, ProposerKind
from targets.model import Direction, Kind
from targets.rating import TaskVotes
from targets.vote import Basis, Tally

T = TypeVar("T")


@dataclass(frozen=True)
class FileRecord:
    """Where recorded rows came from: the file, its sha256, who recorded it and when (UTC)."""

    id: int
    filename: str
    sha256: str
    recorded_by: str
    recorded_at: datetime

    def as_json(self) -> dict[str, object]:
        return {
            "file_id": self.id,
            "file": self.filename,
            "sha256": self.sha256,
            "recorded_by": self.recorded_by,
            "recorded_at": self.recorded_at.isoformat(sep=" ", timespec="seconds"),
        }


@dataclass(frozen=True)
class StoredCandidate:
    candidate: Candidate
    origin: FileRecord


@dataclass(frozen=True)
class StoredVote:
    """One round of the vote as recorded."""

    id: int
    round: int
    kind: str  # full | runoff
    deputies: int
    present: int
    places: int
    basis: Basis
    held_on: date
    tallies: tuple[Tally, ...]
    origin: FileRecord


@dataclass(frozen=True)
class StoredRating:
    id: int
    source: str
    weight: float | None
    members: int | None
    rows: tuple[TaskVotes, ...]
    origin: FileRecord


def save_file(conn, *, year: int, kind: str, filename: str, content: bytes, actor: str) -> FileRecord:
    file_id = next_id(conn, "cycle_file_next_id")
    at = now()
    sha = hashlib.sha256(content).hexdigest()
    conn.execute(
        q("cycle_file_insert"),
        {
            "id": file_id,
            "year": year,
            "kind": kind,
            "filename": filename,
            "sha256": sha,
            "size_bytes": len(content),
            "content": content,
            "recorded_by": actor,
            "recorded_at": at,
        },
    )
    return FileRecord(file_id, filename, sha, actor, at)


def file_content(conn, file_id: int) -> bytes | None:
    row = conn.execute(q("cycle_file_content"), {"id": file_id}).fetchone()
    return bytes(row[0]) if row else None


def replace_candidates(conn, year: int, candidates: list[Candidate], origin: FileRecord) -> None:
    """The year's pool becomes `candidates`, inside the caller's transaction."""
    conn.execute(q("candidate_indicators_delete"), {"year": year})
    conn.execute(q("candidates_delete"), {"year": year})
    for c in candidates:
        conn.execute(
            q("candidate_insert"),
            {
                "year": year,
                "number": c.number,
                "name": c.name,
                "area": c.area,
                "content": c.content,
                "reason": c.reason,
                "proposer": c.proposer,
                "proposer_kind": c.proposer_kind.value,
                "co_proposers": json.dumps(list(c.co_proposers), ensure_ascii=False),
                "investment": c.investment,
                "source_rows": ",".join(map(str, c.rows)),
                "file_id": origin.id,
                "recorded_by": origin.recorded_by,
                "recorded_at": origin.recorded_at,
            },
        )
        for position, i in enumerate(c.indicators):
            conn.execute(
                q("candidate_indicator_insert"),
                {
                    "year": year,
                    "number": c.number,
                    "position": position,
                    "name": i.name,
                    "target": i.target,
                    "stated": i.stated,
                    "unit": i.unit,
                    "kind": i.kind.value,
                    "direction": i.direction.value,
                    "source_row": i.row,
                },
            )


def _origin(r: dict) -> FileRecord:
    return FileRecord(r["file_id"], r["filename"], r["sha256"], r["recorded_by"], r["recorded_at"])


def candidates(conn, year: int) -> list[StoredCandidate]:
    indicators: dict[int, list[CandidateIndicator]] = {}
    for r in records(conn, "candidate_indicators_of_year", {"year": year}):
        indicators.setdefault(r["number"], []).append(
            CandidateIndicator(
                r["name"],
                r["target"],
                r["stated"],
                r["unit"],
                Kind(r["kind"]),
                Direction(r["direction"]),
                r["source_row"],
            )
        )
    return [
        StoredCandidate(
            Candidate(
                r["number"],
                r["name"],
                r["area"],
                r["content"],
                r["reason"],
                r["proposer"],
                ProposerKind(r["proposer_kind"]),
                r["investment"],
                tuple(indicators.get(r["number"], ())),
                tuple(int(x) for x in r["source_rows"].split(",") if x),
                tuple(json.loads(r["co_proposers"])),
            ),
            _origin(r),
        )
        for r in records(conn, "candidates_of_year", {"year": year})
    ]


def save_vote(
    conn,
    *,
    year: int,
    round_: int,
    kind: str,
    deputies: int,
    present: int,
    places: int,
    basis: Basis,
    held_on: date,
    tallies: list[Tally],
    origin: FileRecord,
) -> int:
    vote_id = next_id(conn, "vote_next_id")
    conn.execute(
        q("vote_insert"),
        {
            "id": vote_id,
            "year": year,
            "round": round_,
            "kind": kind,
            "deputies": deputies,
            "present": present,
            "places": places,
            "basis": basis.value,
            "held_on": held_on,
            "file_id": origin.id,
            "recorded_by": origin.recorded_by,
            "recorded_at": origin.recorded_at,
        },
    )
    _insert_rows(
        conn,
        "vote_tally_insert",
        (
            {"vote_id": vote_id, "candidate_number": t.number, "yes": t.yes, "no": t.no, "abstain": t.abstain}
            | {"source_row": t.row}
            for t in tallies
        ),
    )
    return vote_id


def _insert_rows(conn, query: str, rows: Iterable[dict[str, object]]) -> None:
    """The rows of one recorded round or rating, each under its parent's id."""
    for row in rows:
        conn.execute(q(query), row)


def _rows_by_parent(conn, query: str, year: int, parent: str, make: Callable[[dict], T]) -> dict[int, tuple[T, ...]]:
    """The year's child rows (a round's tallies, a rating's rows) grouped by their parent's id, in stored order."""
    grouped: dict[int, list[T]] = {}
    for r in records(conn, query, {"year": year}):
        grouped.setdefault(r[parent], []).append(make(r))
    return {k: tuple(v) for k, v in grouped.items()}


def votes(conn, year: int) -> list[StoredVote]:
    """Every round recorded for the year, oldest first."""
    tallies = _rows_by_parent(
        conn,
        "vote_tallies_of_year",
        year,
        "vote_id",
        lambda r: Tally(r["candidate_number"], r["yes"], r["no"], r["abstain"], r["source_row"]),
    )
    return [
        StoredVote(
            r["id"],
            r["round"],
            r["kind"],
            r["deputies"],
            r["present"],
            r["places"],
            Basis(r["basis"]),
            r["held_on"],
            tallies.get(r["id"], ()),
            _origin(r),
        )
        for r in records(conn, "votes_of_year", {"year": year})
    ]


def save_rating(
    conn,
    *,
    year: int,
    source: str,
    weight: float | None,
    members: int | None,
    rows: list[TaskVotes],
    origin: FileRecord,
) -> int:
    rating_id = next_id(conn, "rating_next_id")
    conn.execute(
        q("rating_insert"),
        {
            "id": rating_id,
            "year": year,
            "source": source,
            "weight": weight,
            "members": members,
            "file_id": origin.id,
            "recorded_by": origin.recorded_by,
            "recorded_at": origin.recorded_at,
        },
    )
    _insert_rows(
        conn,
        "rating_row_insert",
        (
            {"rating_id": rating_id, "task_code": v.task_code, "satisfied": v.satisfied, "basically": v.basically}
            | {"dissatisfied": v.dissatisfied, "members": v.members, "source_row": v.row}
            for v in rows
        ),
    )
    return rating_id


def ratings(conn, year: int) -> list[StoredRating]:
    """Every rating recorded for the year, oldest first."""
    rows = _rows_by_parent(
        conn,
        "rating_rows_of_year",
        year,
        "rating_id",
        lambda r: TaskVotes(
            r["task_code"], r["satisfied"], r["basically"], r["dissatisfied"], r["members"], r["source_row"]
        ),
    )
    return [
        StoredRating(r["id"], r["source"], r["weight"], r["members"], rows.get(r["id"], ()), _origin(r))
        for r in records(conn, "ratings_of_year", {"year": year})
    ]


def figure_count(conn, year: int) -> int:
    return int(conn.execute(q("figure_count_of_year"), {"year": year}).fetchone()[0])


def update_candidate(conn, year: int, candidate: Candidate) -> None:
    """One candidate's fields and indicators as edited, inside the caller's transaction; its number, sheet rows and
    file stay (the edit itself is on the audit log)."""
    conn.execute(
        q("candidate_update"),
        {
            "year": year,
            "number": candidate.number,
            "name": candidate.name,
            "area": candidate.area,
            "content": candidate.content,
            "reason": candidate.reason,
            "proposer": candidate.proposer,
            "proposer_kind": candidate.proposer_kind.value,
            "investment": candidate.investment,
        },
    )
    conn.execute(q("candidate_indicators_delete_one"), {"year": year, "number": candidate.number})
    for position, i in enumerate(candidate.indicators):
        conn.execute(
            q("candidate_indicator_insert"),
            {
                "year": year,
                "number": candidate.number,
                "position": position,
                "name": i.name,
                "target": i.target,
                "stated": i.stated,
                "unit": i.unit,
                "kind": i.kind.value,
                "direction": i.direction.value,
                "source_row": i.row,
            },
        )


def cycle_years(conn) -> list[int]:
    """Years with a candidate pool or a vote recorded."""
    return [int(r[0]) for r in conn.execute(q("cycle_years")).fetchall()]
