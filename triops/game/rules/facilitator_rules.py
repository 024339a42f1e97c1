"""Rules for the facilitator's controls and the server's clock."""

from __future__ import annotations

from triops.game.model.commands import (
    Advance,
    Broadcast,
    CancelInject,
    CustomEffect,
    CustomInject,
    EndGame,
    EndPhase,
    Extend,
    FireInject,
    ForceResolve,
    JoinSeat,
    MoveSeat,
    OverrideLevel,
    Pause,
    PostponeInject,
    ReleaseBot,
    Resume,
    SeatBot,
    StartGame,
    Tick,
)
from triops.game.model.errors import InvalidCommand, NotAllowed, RuleError, UnknownTarget
from triops.game.model.events import SEAT_MOVED, Event
from triops.game.model.state import ChatMessage, GameState, LevelOverride, ScheduledInject
from triops.game.model.values import evolve
from triops.game.model.vocab import (
    BOT_LEVELS,
    METRICS,
    OBJECTIVE_LEVELS,
    OBJECTIVES,
    ROLE_NAMES,
    ROLES,
    a_or_an,
)
from triops.game.rules import flow
from triops.game.rules.teams import add_chat, find_team, put_seat, put_team
from triops.game.scenario.model import EffectSpec, InjectSpec

Result = tuple[GameState, list[Event]]
MAX_TEXT = 500
MAX_NAME = 40


def start_game(state: GameState, cmd: StartGame) -> Result:
    return flow.start_game(state, cmd.at)


def pause(state: GameState, cmd: Pause) -> Result:
    if state.paused:
        raise InvalidCommand("The game is already paused.")
    remaining = None if state.deadline is None else max(0.0, state.deadline - cmd.at)
    state = evolve(state, paused=True, deadline=None, paused_remaining=remaining)
    return state, [Event("paused", "The facilitator paused the game.", "", "public",
                         state.quarter, {"remaining": remaining})]


def resume(state: GameState, cmd: Resume) -> Result:
    if not state.paused:
        raise InvalidCommand("The game is not paused.")
    remaining = state.paused_remaining
    state = evolve(state, paused=False, paused_remaining=None,
                    deadline=None if remaining is None else cmd.at + remaining)
    events = [Event("resumed", "The game continues.", "", "public", state.quarter,
                    {"deadline": state.deadline})]
    if state.phase == "planning" and flow.all_ready(state):
        state, more = flow.resolve(state, cmd.at)
        events += more
    return state, events


def extend(state: GameState, cmd: Extend) -> Result:
    if not -3600 <= cmd.seconds <= 3600:
        raise InvalidCommand("Extend by at most an hour either way.")
    if state.paused:
        remaining = max(0.0, (state.paused_remaining or 0.0) + cmd.seconds)
        state = evolve(state, paused_remaining=remaining)
    else:
        base = state.deadline if state.deadline is not None else cmd.at
        state = evolve(state, deadline=max(cmd.at, base + cmd.seconds))
    word = "extended" if cmd.seconds >= 0 else "shortened"
    return state, [Event("clock", f"The facilitator {word} the phase by "
                         f"{abs(cmd.seconds):.0f} s.", "", "public", state.quarter,
                         {"deadline": state.deadline, "remaining": state.paused_remaining})]


def end_phase(state: GameState, cmd: EndPhase) -> Result:
    if state.phase == "planning":
        return flow.resolve(state, cmd.at)
    return advance(state, Advance(cmd.at))


def force_resolve(state: GameState, cmd: ForceResolve) -> Result:
    return flow.resolve(state, cmd.at)


def advance(state: GameState, cmd: Advance) -> Result:
    if state.quarter >= state.scenario.quarters:
        return flow.finish(state, cmd.at, early=False)
    return flow.begin_quarter(state, cmd.at)


def tick(state: GameState, cmd: Tick) -> Result:
    due = (not state.paused and state.deadline is not None and cmd.at >= state.deadline)
    if not due:
        raise RuleError("No deadline has passed.", "nothing_due")
    if state.phase == "planning":
        return flow.resolve(state, cmd.at)
    if state.phase == "review" and state.settings.clock.auto_advance:
        return advance(state, Advance(cmd.at))
    state = evolve(state, deadline=None)
    return state, [Event("clock", "Review time is up; the facilitator moves on when ready.",
                         "", "public", state.quarter, {})]


def _targets(state: GameState, targets: tuple[str, ...]) -> tuple[str, ...]:
    for t in targets:
        find_team(state, t)
    return tuple(dict.fromkeys(targets))


def fire(state: GameState, cmd: FireInject) -> Result:
    if cmd.inject not in state.scenario.injects and cmd.inject not in state.custom_injects:
        raise UnknownTarget(f'There is no inject "{cmd.inject}" in the library.')
    targets = _targets(state, cmd.targets)
    if cmd.timing == "now":
        state = _mark_fired(state, cmd.inject)
        return flow.fire_inject(state, cmd.inject, targets)
    if cmd.timing != "next":
        raise InvalidCommand('The timing is "now" or "next".')
    if state.quarter >= state.scenario.quarters:
        raise InvalidCommand("This is the last quarter; fire it now instead.")
    item = ScheduledInject(cmd.inject, state.quarter + 1, targets)
    state = evolve(state, schedule=(*state.schedule, item))
    return state, [Event("schedule", f"Inject scheduled for Q{item.quarter}: {cmd.inject}.", "",
                         "facilitator", state.quarter, {"inject": cmd.inject})]


def _mark_fired(state: GameState, inject: str) -> GameState:
    """Firing a scheduled inject early takes it off the schedule."""
    schedule = tuple(evolve(s, status="fired") if s.inject == inject and s.status == "pending"
                     else s for s in state.schedule)
    return evolve(state, schedule=schedule)


def _pending(state: GameState, inject: str) -> int:
    for n, item in enumerate(state.schedule):
        if item.inject == inject and item.status == "pending":
            return n
    raise UnknownTarget(f'No pending scheduled inject "{inject}".')


def cancel(state: GameState, cmd: CancelInject) -> Result:
    n = _pending(state, cmd.inject)
    schedule = list(state.schedule)
    schedule[n] = evolve(schedule[n], status="cancelled")
    state = evolve(state, schedule=tuple(schedule))
    return state, [Event("schedule", f"Scheduled inject cancelled: {cmd.inject}.", "",
                         "facilitator", state.quarter, {"inject": cmd.inject})]


def postpone(state: GameState, cmd: PostponeInject) -> Result:
    n = _pending(state, cmd.inject)
    item = state.schedule[n]
    quarter = item.quarter + cmd.quarters
    if cmd.quarters < 1 or quarter > state.scenario.quarters:
        raise InvalidCommand(f"Postpone by 1 to {state.scenario.quarters - item.quarter} "
                             "quarters.")
    schedule = list(state.schedule)
    schedule[n] = evolve(item, quarter=quarter)
    state = evolve(state, schedule=tuple(schedule))
    return state, [Event("schedule", f"Inject {cmd.inject} postponed to Q{quarter}.", "",
                         "facilitator", state.quarter, {"inject": cmd.inject, "quarter": quarter})]


def _custom_effect(state: GameState, effect: CustomEffect) -> EffectSpec:
    if effect.kind in ("metric", "modifier"):
        if effect.metric not in METRICS:
            raise InvalidCommand(f"Pick a metric: {', '.join(METRICS)}.")
        if not -30 <= effect.delta <= 30 or effect.delta == 0:
            raise InvalidCommand("A metric change is -30 to +30, not 0.")
        if effect.kind == "modifier" and not 1 <= effect.quarters <= 6:
            raise InvalidCommand("A lasting change runs for 1 to 6 quarters.")
        return EffectSpec(effect.kind, metric=effect.metric, delta=effect.delta,
                          quarters=effect.quarters if effect.kind == "modifier" else 0)
    if effect.kind == "budget":
        if not -50 <= effect.amount <= 50 or effect.amount == 0:
            raise InvalidCommand("A budget change is -50 to +50 cr, not 0.")
        return EffectSpec("budget", amount=effect.amount)
    if effect.kind == "incident":
        if effect.incident not in state.scenario.incidents:
            raise UnknownTarget(f'There is no incident "{effect.incident}" in the deck.')
        return EffectSpec("incident", incident=effect.incident)
    raise InvalidCommand("A custom effect is a metric, modifier, budget or incident change.")


def custom(state: GameState, cmd: CustomInject) -> Result:
    title, narrative = cmd.title.strip(), cmd.narrative.strip()
    if not title or len(title) > 80:
        raise InvalidCommand("A custom inject needs a title of at most 80 characters.")
    if not narrative or len(narrative) > MAX_TEXT:
        raise InvalidCommand(f"A custom inject needs a narrative of at most {MAX_TEXT} characters.")
    if len(cmd.effects) > 5:
        raise InvalidCommand("A custom inject has at most 5 effects.")
    effects = tuple(_custom_effect(state, e) for e in cmd.effects)
    targets = _targets(state, cmd.targets)
    if cmd.timing not in ("now", "next"):
        raise InvalidCommand('The timing is "now" or "next".')
    ident = f"custom-{len(state.custom_injects) + 1}"
    spec = InjectSpec(ident, title, narrative, effects)
    state = evolve(state, custom_injects={**state.custom_injects, ident: spec})
    return fire(state, FireInject(ident, targets, cmd.timing))


def seat_bot(state: GameState, cmd: SeatBot) -> Result:
    team = find_team(state, cmd.team)
    if cmd.role not in ROLES:
        raise UnknownTarget(f'There is no seat "{cmd.role}".')
    if cmd.level not in BOT_LEVELS:
        raise InvalidCommand(f"A bot is {', '.join(BOT_LEVELS)}.")
    seat = team.seats[cmd.role]
    if seat.holder == "bot" and seat.bot_level == cmd.level:
        raise InvalidCommand("That bot already holds the seat.")
    team = put_seat(team, evolve(seat, holder="bot", bot_level=cmd.level))
    text = (f"{a_or_an(cmd.level).capitalize()} bot now plays {ROLE_NAMES[cmd.role]} "
            f"for {team.name}.")
    return put_team(state, team), [Event("seat", text, team.id, "team", state.quarter,
                                         {"role": cmd.role, "holder": "bot"})]


def release_bot(state: GameState, cmd: ReleaseBot) -> Result:
    team = find_team(state, cmd.team)
    if cmd.role not in ROLES:
        raise UnknownTarget(f'There is no seat "{cmd.role}".')
    seat = team.seats[cmd.role]
    if seat.holder != "bot":
        raise InvalidCommand("No bot holds that seat.")
    holder = "human" if seat.name else "empty"
    # The bot may have declared the seat ready; the person coming back has decided nothing.
    team = put_seat(team, evolve(seat, holder=holder, ready=seat.ready and holder != "human"))
    if holder == "human":
        # Their teammates' bots declared ready for a team with nobody in it; with a person
        # back they look again (beside a person they wait for them, docs/player.md).
        for other in team.seats.values():
            if other.holder != "human" and other.ready:
                team = put_seat(team, evolve(other, ready=False))
    text = f"{ROLE_NAMES[cmd.role]} is handed back" + (f" to {seat.name}." if seat.name else ".")
    return put_team(state, team), [Event("seat", text, team.id, "team", state.quarter,
                                         {"role": cmd.role, "holder": holder})]


def move_seat(state: GameState, cmd: MoveSeat) -> Result:
    """The person in one seat takes another, empty or bot-held; their old seat is left empty.

    The seats' action points stay with the seats (they belong to the role, not the person);
    both ready flags drop, since neither seat's new occupant has decided anything yet.
    """
    source_team, target_team = find_team(state, cmd.from_team), find_team(state, cmd.to_team)
    for role in (cmd.from_role, cmd.to_role):
        if role not in ROLES:
            raise UnknownTarget(f'There is no seat "{role}".')
    where = f"{source_team.name} {ROLE_NAMES[cmd.from_role]}"
    there = f"{target_team.name} {ROLE_NAMES[cmd.to_role]}"
    if (cmd.from_team, cmd.from_role) == (cmd.to_team, cmd.to_role):
        raise InvalidCommand(f"Pick another seat: that is where they sit ({where}).")
    source = source_team.seats[cmd.from_role]
    if source.holder != "human":
        raise InvalidCommand(f"No person holds {where}, so there is nobody to move.",
                             "no_person")
    target = target_team.seats[cmd.to_role]
    if target.holder == "human":
        raise NotAllowed(f"{target.name or 'A person'} holds {there}; a person only moves to "
                         "an empty seat or one a bot plays.", "seat_taken")
    name = source.name
    source_team = put_seat(source_team, evolve(source, holder="empty", name="", ready=False))
    state = put_team(state, source_team)
    target_team = put_seat(find_team(state, cmd.to_team),
                           evolve(target, holder="human", name=name, ready=False))
    state = put_team(state, target_team)
    text = f"{name} moves from {where} to {there}."
    data = {"from_team": cmd.from_team, "from_role": cmd.from_role, "to_team": cmd.to_team,
            "to_role": cmd.to_role, "name": name}
    teams = dict.fromkeys((cmd.from_team, cmd.to_team))  # one event per team concerned
    return state, [Event(SEAT_MOVED, text, team, "team", state.quarter, data) for team in teams]


def join_seat(state: GameState, cmd: JoinSeat) -> Result:
    team = find_team(state, cmd.team)
    if cmd.role not in ROLES:
        raise UnknownTarget(f'There is no seat "{cmd.role}".')
    name = cmd.name.strip()
    if not name or len(name) > MAX_NAME:
        raise InvalidCommand(f"A player name is 1 to {MAX_NAME} characters.")
    seat = team.seats[cmd.role]
    if seat.holder == "bot":
        raise NotAllowed("A bot holds that seat; the facilitator can hand it back.",
                         "seat_taken")
    team = put_seat(team, evolve(seat, holder="human", name=name))
    # Solo seats the learner as "You": "You play MLOps", not "You plays MLOps".
    verb = "play" if name.lower() == "you" else "plays"
    text = f"{name} {verb} {ROLE_NAMES[cmd.role]}."
    return put_team(state, team), [Event("seat", text, team.id, "team", state.quarter,
                                         {"role": cmd.role, "holder": "human", "name": name})]


def broadcast(state: GameState, cmd: Broadcast) -> Result:
    text = cmd.text.strip()
    if not text or len(text) > MAX_TEXT:
        raise InvalidCommand(f"A broadcast is 1 to {MAX_TEXT} characters.")
    if cmd.team:
        find_team(state, cmd.team)
    events = []
    for team in state.teams:
        if cmd.team and team.id != cmd.team:
            continue
        state = put_team(state, add_chat(team, ChatMessage(state.quarter, "facilitator", text,
                                                           "broadcast")))
        events.append(Event("chat", text, team.id, "team", state.quarter,
                            {"sender": "facilitator", "kind": "broadcast"}))
    return state, events


def end_game(state: GameState, cmd: EndGame) -> Result:
    return flow.finish(state, cmd.at, early=True)


def override_level(state: GameState, cmd: OverrideLevel) -> Result:
    find_team(state, cmd.team)
    if cmd.objective not in OBJECTIVES:
        raise InvalidCommand(f"The objective is one of {', '.join(OBJECTIVES)}.")
    if cmd.level not in OBJECTIVE_LEVELS:
        raise InvalidCommand(f"The level is one of {', '.join(OBJECTIVE_LEVELS)}.")
    if len(cmd.comment) > MAX_TEXT:
        raise InvalidCommand(f"A comment is at most {MAX_TEXT} characters.")
    kept = tuple(o for o in state.overrides
                 if not (o.team == cmd.team and o.objective == cmd.objective))
    override = LevelOverride(cmd.team, cmd.objective, cmd.level, cmd.comment.strip())
    state = evolve(state, overrides=(*kept, override))
    return state, [Event("override", f"{cmd.objective} for {cmd.team} set to {cmd.level}.",
                         cmd.team, "facilitator", state.quarter,
                         {"objective": cmd.objective, "level": cmd.level})]
