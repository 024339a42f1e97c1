"""Starting a solo game: the picker, the embedded server, the seat, then the app."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

from triops.client.common.typed import triops_command
from triops.client.player.tokens import JoinRequest, SavedSeat, TokenStore
from triops.client.solo.app import SoloApp, resume_command
from triops.client.solo.session import (
    SOLO_NAME,
    TEAM_NAME,
    ServerFactory,
    SoloOptions,
    SoloRecord,
    SoloSession,
    saved_game,
)
from triops.client.transport import Connection
from triops.game.model.vocab import ROLE_NAMES, ROLES
from triops.game.scenario.model import Scenario


class SoloError(Exception):
    """Something the player can fix: a wrong option, nothing to resume."""



def offer_resume(state_dir: Path | None) -> bool:
    """Ask whether to continue an unfinished solo game, if there is one."""
    record = saved_game(state_dir)
    if record is None:
        return False
    where = f"Q{record.quarter}, {record.phase}" if record.phase else "in progress"
    print(f"You have an unfinished solo game: {record.title or record.scenario} "
          f"({where}), in the {ROLE_NAMES.get(record.role, record.role)} seat.")
    try:
        answer = input("Continue it? [Y/n]: ").strip().lower()
    except EOFError:
        answer = ""
    print()
    return answer in ("", "y", "yes")


def pick_options(scenarios: dict[str, Scenario], args: argparse.Namespace
                 ) -> SoloOptions | None:
    """A short picker in the terminal: scenario (with its briefing), difficulty, role."""
    ordered = sorted(scenarios.values(), key=lambda s: (s.difficulty != "novice", s.industry))
    scenario = scenarios.get(args.scenario) if args.scenario else None
    if scenario is None:
        print("TriOps solo practice: choose a scenario\n")
        for n, s in enumerate(ordered, start=1):
            print(f"  {n}. {s.title}  [{s.industry}, {s.difficulty}]")
            print(textwrap.fill(s.summary, 88, initial_indent="     ",
                                subsequent_indent="     "))
        scenario = ordered[_choose(len(ordered), "Scenario", 1) - 1]
        print("\n" + textwrap.fill(scenario.organisation, 88) + "\n")
    role = args.role
    if not role:
        print("Your seat:")
        blurbs = {"dataops": "pipelines, data quality and contracts",
                  "mlops": "models, drift, registry and deployment",
                  "finops": "spend, allocation, unit costs and forecasts"}
        for n, r in enumerate(ROLES, start=1):
            print(f"  {n}. {ROLE_NAMES[r]}: {blurbs[r]}")
        role = ROLES[_choose(3, "Seat", 2) - 1]
    full = bool(getattr(args, "bots_play_fully", False))
    if not full and (not args.scenario or not args.role):  # the picker asked: ask this too
        print("\nYour two bot teammates:")
        print("  1. assist you (the default): they suggest and answer in team chat, and "
              "leave the decisions to you")
        print("  2. play fully: they draft, diagnose and fund at once, as in an all-bot game")
        print(f"     (next time, straight away: {triops_command()} solo --bots-play-fully)")
        full = _choose(2, "Bots", 1) == 2
    return SoloOptions(scenario.id, args.difficulty, role, max(0, min(5, args.rivals)),
                       args.seed, clock_minutes=args.clock,
                       bot_mode="full" if full else "assist")


def _choose(count: int, what: str, default: int) -> int:
    while True:
        try:
            answer = input(f"{what} [1-{count}, Enter for {default}]: ").strip()
        except EOFError:
            return default
        if not answer:
            return default
        if answer.isdigit() and 1 <= int(answer) <= count:
            return int(answer)
        print(f"  Type a number from 1 to {count}.")


async def prepare_seat(session: SoloSession, store: TokenStore) -> JoinRequest:
    """Join the player's seat before the game starts, so no bot ever plays it."""
    code, role = session.record.code, session.record.role
    saved = next((s for s in store.seats() if s.code == code and s.role == role), None)
    if saved is None:
        conn = await Connection.open(session.url)
        joined = await conn.request({"type": "join", "code": code, "team": "t1",
                                     "role": role, "name": SOLO_NAME})
        saved = SavedSeat(session.url, code, "t1", role, joined["token"], SOLO_NAME, TEAM_NAME)
        await conn.close()
    else:  # the embedded server listens on a new port each time
        saved = SavedSeat(session.url, code, saved.team, role, saved.token, saved.name,
                          saved.team_name, saved.last_seq)
    store.save(saved)
    if (session.view.get("game") or {}).get("phase") == "lobby":
        await session.act({"type": "start_game"})
    return JoinRequest(session.url, code, "t1", role, SOLO_NAME)


async def play(make_server: ServerFactory, options: SoloOptions | None,
               state_dir: Path | None, tutorial: bool = True) -> None:
    session = await SoloSession.start(make_server, options, state_dir)
    try:
        store = TokenStore(session.state_dir / "solo-seats.json")
        request = await prepare_seat(session, store)
        difficulty = (session.view.get("game") or {}).get("difficulty")
        app = SoloApp(session, request, store,
                      tutorial=tutorial and options is not None and difficulty == "novice")
        await app.run_async()
        session.remember_progress()
    finally:
        await session.close()
    print(farewell(session.record, app.report_dir))


def farewell(record: SoloRecord, reports: Path | None) -> str:
    """What the terminal says when the app closes: where the reports are, or how to go on."""
    if record.phase == "ended":
        where = f" Your reports: {reports}" if reports else ""
        return f"Solo game {record.code} is over.{where}"
    return (f"Solo game {record.code} is kept. To continue it, run `make play` (it offers to "
            f"resume) or `{resume_command()}`.")

