"""The live day: re-timing from a log of events, fixed starts, winning back time, resuming."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from facilitation.checking.analyse import analyse
from facilitation.checking.live import (
    Event,
    LiveDay,
    LiveError,
    event_for,
    propose_win_back,
    retime,
)
from facilitation.checking.scheduling import TimedDay
from facilitation.editing.actuals import (
    read_events,
    record_event,
    recorded_events,
    session_keys,
    to_actual,
)
from facilitation.reading.loader import Loader

FIXTURES = Path(__file__).parent / "fixtures" / "live"
OPENING, CHECK_IN, CONTEXT, COFFEE, AGREEMENTS, HARVEST, LUNCH = range(7)


def h(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


@pytest.fixture(scope="module")
def day() -> TimedDay:
    analysis = analyse(FIXTURES / "morning.yaml", Loader())
    assert analysis.schedule is not None
    return analysis.schedule.days[0]


def spans(live: LiveDay) -> dict[int, tuple[str, int, int]]:
    return {s.timed.index: (s.status, s.start, s.end) for s in live.sessions}


def test_nothing_happened_is_the_plan(day: TimedDay) -> None:
    live = retime(day, [], h("8:30"))
    assert [(s.start, s.end) for s in live.sessions] == [(t.start, t.end) for t in day.sessions]
    assert live.running is None
    assert live.current is not None
    assert live.current.timed.index == OPENING
    [lunch] = live.fixed
    assert (lunch.at, lunch.arrival, lunch.slack, lunch.held) == (h("12:30"), h("12:25"), 5, True)


def test_start_late_moves_the_rest_and_counts_down(day: TimedDay) -> None:
    live = retime(day, [Event("start", OPENING, h("9:02"))], h("9:10"))
    assert live.running is not None
    assert live.running.timed.index == OPENING
    assert spans(live)[OPENING] == ("running", h("9:02"), h("9:17"))
    assert live.left == 7
    assert spans(live)[CHECK_IN] == ("waiting", h("9:17"), h("9:37"))
    assert live.fixed[0].slack == 3


def test_not_started_yet_slides_from_now(day: TimedDay) -> None:
    live = retime(day, [], h("9:10"))
    assert spans(live)[OPENING] == ("waiting", h("9:10"), h("9:25"))
    assert live.fixed[0].slack == -5


def test_overrun_runs_on_until_ended(day: TimedDay) -> None:
    live = retime(day, [Event("start", OPENING, h("9:00"))], h("9:20"))
    assert spans(live)[OPENING] == ("running", h("9:00"), h("9:20"))
    assert live.left == 0
    assert spans(live)[CHECK_IN][1] == h("9:20")
    assert (live.fixed[0].slack, live.fixed[0].held) == (0, True)
    ended = retime(
        day, [Event("start", OPENING, h("9:00")), Event("end", OPENING, h("9:21"))], h("9:30")
    )
    assert spans(ended)[OPENING] == ("done", h("9:00"), h("9:21"))
    assert spans(ended)[CHECK_IN] == ("waiting", h("9:30"), h("9:50"))


def test_add_time_past_the_slack_flags_the_fixed_start_before_it_is_missed(day: TimedDay) -> None:
    events = [Event("start", OPENING, h("9:00")), Event("add", OPENING, h("9:05"), 10)]
    live = retime(day, events, h("9:06"))
    assert spans(live)[OPENING][2] == h("9:25")
    [lunch] = live.fixed
    assert (lunch.slack, lunch.held) == (-5, False)
    # The lunch is still held at its time in the plan of the others: it starts when they end.
    assert spans(live)[LUNCH][1] == h("12:35")


def test_take_and_pause(day: TimedDay) -> None:
    events = [
        Event("start", OPENING, h("9:00")),
        Event("pause", OPENING, h("9:05")),
        Event("resume", OPENING, h("9:08")),
        Event("take", OPENING, h("9:09"), 5),
    ]
    live = retime(day, events, h("9:09"))
    assert spans(live)[OPENING] == ("running", h("9:00"), h("9:13"))
    paused = retime(day, events[:2], h("9:10"))
    assert paused.running is not None
    assert paused.running.paused
    assert spans(paused)[OPENING][2] == h("9:20")


def test_skip_gives_its_time_to_the_sessions_after(day: TimedDay) -> None:
    events = [
        Event("start", OPENING, h("9:00")),
        Event("skip", CHECK_IN, h("9:10")),
        Event("end", OPENING, h("9:15")),
    ]
    live = retime(day, events, h("9:15"))
    assert spans(live)[CHECK_IN][0] == "skipped"
    assert spans(live)[CONTEXT][1] == h("9:15")
    assert live.fixed[0].slack == 25


def test_move_later_swaps_with_the_next_session(day: TimedDay) -> None:
    live = retime(day, [Event("later", CHECK_IN, h("8:50"))], h("8:50"))
    order = [s.timed.index for s in live.sessions]
    assert order[:4] == [OPENING, CONTEXT, CHECK_IN, COFFEE]
    assert spans(live)[CHECK_IN][1] == h("10:45")


def test_parallel_groups_move_together_with_their_session(day: TimedDay) -> None:
    events = [Event("start", OPENING, h("9:00")), Event("add", OPENING, h("9:05"), 10)]
    context = retime(day, events, h("9:05")).session(CONTEXT)
    assert [g.name for g in context.timed.groups] == ["Group A", "Group B"]
    assert (context.start, context.end) == (h("9:45"), h("11:15"))


def test_win_back_time_within_the_methods_minimums(day: TimedDay) -> None:
    events = [Event("start", OPENING, h("9:00")), Event("add", OPENING, h("9:05"), 30)]
    live = retime(day, events, h("9:10"))
    assert live.fixed[0].slack == -25
    proposal = propose_win_back(live)
    assert proposal is not None
    assert proposal.short == 0
    cuts = {cut.session.timed.index: (cut.minutes, cut.floor) for cut in proposal.cuts}
    # In five-minute steps, in proportion to the steps above each minimum: check-in 1, context
    # 9, agreements 2, harvest 4; the coffee break is left alone while the sessions can give
    # enough, and the running one is not cut.
    assert cuts == {
        CONTEXT: (15, 45),
        AGREEMENTS: (5, 10),
        HARVEST: (5, 10),
    }
    applied = retime(day, [*events, *proposal.events(h("9:10"))], h("9:10"))
    assert (applied.fixed[0].slack, applied.fixed[0].held) == (0, True)
    for index, (_, floor) in cuts.items():
        assert applied.session(index).minutes >= floor
    assert all(event.what == "shorten" for event in proposal.events(h("9:10")))


def test_a_fixed_start_that_cannot_be_held_is_flagged_with_what_is_missing(day: TimedDay) -> None:
    events = [Event("start", OPENING, h("9:00")), Event("add", OPENING, h("9:05"), 120)]
    live = retime(day, events, h("9:10"))
    proposal = propose_win_back(live)
    assert proposal is not None
    assert sum(cut.minutes for cut in proposal.cuts) == 5 + 45 + 7 + 10 + 20
    assert proposal.short == 115 - 87
    applied = retime(day, [*events, *proposal.events(h("9:10"))], h("9:10"))
    assert applied.fixed[0].slack == -(115 - 87)
    assert not applied.fixed[0].held


def test_nothing_to_win_back_when_every_fixed_start_holds(day: TimedDay) -> None:
    assert propose_win_back(retime(day, [], h("8:00"))) is None


def test_keys_become_checked_events(day: TimedDay) -> None:
    live = retime(day, [], h("9:00"))
    assert event_for(live, "toggle") == Event("start", OPENING, h("9:00"))
    with pytest.raises(LiveError, match="no session is running"):
        event_for(live, "pause")
    running = retime(day, [Event("start", OPENING, h("9:00"))], h("9:05"))
    assert event_for(running, "toggle") == Event("end", OPENING, h("9:05"))
    assert event_for(running, "add", minutes=5) == Event("add", OPENING, h("9:05"), 5)
    assert event_for(running, "skip") == Event("skip", CHECK_IN, h("9:05"))
    with pytest.raises(LiveError, match="has only 15 min left to take"):
        event_for(running, "take", minutes=20)


def test_actuals_give_back_the_same_log(day: TimedDay) -> None:
    events = [
        Event("start", OPENING, h("9:02")),
        Event("add", OPENING, h("9:10"), 5, "the minister is late"),
        Event("end", OPENING, h("9:22")),
        Event("skip", COFFEE, h("9:22")),
        Event("shorten", CONTEXT, h("9:22"), 3, "win back time"),
    ]
    actuals = [to_actual(event, day) for event in events]
    assert read_events(actuals, day, "x.yaml") == events
    assert session_keys(day)[COFFEE] == "Coffee"


def test_resume_from_the_recorded_log(day: TimedDay, tmp_path: Path) -> None:
    for name in ("morning.yaml", "morning-outcomes.yaml"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    workshop_path = tmp_path / "morning.yaml"
    analysis = analyse(workshop_path, Loader())
    assert analysis.workshop is not None
    events = [Event("start", OPENING, h("9:02")), Event("add", OPENING, h("9:05"), 5, "late")]
    for event in events:
        record_event(analysis.workshop, day, event)
    again = analyse(workshop_path, Loader())
    assert again.workshop is not None
    assert again.schedule is not None
    assert recorded_events(again.workshop, again.schedule.days[0]) == events


def test_an_unknown_session_in_the_log_is_named(day: TimedDay) -> None:
    actual = to_actual(Event("start", OPENING, h("9:00")), day).model_copy(
        update={"session": "opening-talk"}
    )
    with pytest.raises(LiveError, match="names no session of day 1"):
        read_events([actual], day, "morning-outcomes.yaml")
