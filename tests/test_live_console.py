"""The live console, driven headless by Textual's pilot, and its plain mode."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import shutil
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from facilitation.cli.live_console import (
    LiveConsole,
    make_clock,
    open_console,
    plain_screen,
    run_plain,
)
from facilitation.cli.live_screen import LiveApp
from facilitation.errors import UserError

FIXTURES = Path(__file__).parent / "fixtures" / "live"
ORIGINAL = (FIXTURES / "morning-outcomes.yaml").read_bytes()


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, hhmm: str) -> None:
        hours, minutes = (int(part) for part in hhmm.split(":"))
        self.moment = dt.datetime(2026, 3, 2, hours, minutes)

    def __call__(self) -> dt.datetime:
        return self.moment

    def set(self, hhmm: str) -> None:
        self.moment = self.moment.replace(hour=int(hhmm[:2]), minute=int(hhmm[3:]), second=0)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("morning.yaml", "morning-outcomes.yaml"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    return tmp_path


def entry(session: str, what: str, at: str, minutes: int | None = None, reason: str = "") -> str:
    lines = [
        "    - day: 1",
        f'      session: "{session}"',
        f'      what: "{what}"',
        f'      at: "{at}"',
    ]
    if minutes is not None:
        lines.append(f"      minutes: {minutes}")
    if reason:
        lines.append(f'      reason: "{reason}"')
    return "\n".join(lines) + "\n"


def actuals_are(folder: Path, *entries: str) -> None:
    """The outcome file is the original with exactly these entries appended under `actuals:`."""
    expected = ORIGINAL + ("  actuals:\n" + "".join(entries)).encode("utf-8")
    assert (folder / "morning-outcomes.yaml").read_bytes() == expected


def drive(
    console: LiveConsole,
    script: Callable[[LiveApp, object], Awaitable[None]],
    size: tuple[int, int] = (110, 40),
    **options: bool,
) -> LiveApp:
    app = LiveApp(console, **options)

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await script(app, pilot)

    asyncio.run(main())
    return app


def text(app: LiveApp, selector: str) -> str:
    return str(app.query_one(selector).content)  # type: ignore[attr-defined]


def countdown(app: LiveApp) -> str:
    return str(app.query_one("#countdown").value)  # type: ignore[attr-defined]


def test_start_add_overrun_skip_and_the_recorded_actuals(folder: Path) -> None:
    clock = FakeClock("09:02")
    console = open_console(folder / "morning.yaml", 1, clock)
    seen: dict[str, str] = {}

    async def script(app: LiveApp, pilot: object) -> None:
        press = pilot.press  # type: ignore[attr-defined]
        assert text(app, "#now").startswith("NEXT  Opening")
        await press("s")
        seen["started"] = text(app, "#now")
        seen["left"] = countdown(app)
        clock.set("09:10")
        await press("plus")
        clock.set("09:25")
        app.refresh_view()
        seen["over"] = countdown(app)
        seen["next"] = text(app, "#next")
        await press("k")
        seen["after skip"] = text(app, "#next")
        seen["message"] = text(app, "#message")

    drive(console, script)
    assert seen["started"].splitlines()[:3] == [
        "NOW  Opening",
        "09:02–09:17  (15 min)",
        "lead Elena Kovač, room Plenary",
    ]
    assert seen["left"] == "15:00"
    assert seen["over"] == "+03:00"
    assert "Lunch at 12:30: CANNOT BE HELD, 5 min late" in seen["next"]
    assert "Check-in" not in seen["after skip"].splitlines()[1]
    assert "skip Check-in" in seen["message"]
    actuals_are(
        folder,
        entry("opening", "start", "09:02"),
        entry("opening", "add", "09:10", 5),
        entry("check-in", "skip", "09:25"),
    )


def test_win_back_time_before_the_fixed_start_asks_first(folder: Path) -> None:
    clock = FakeClock("09:00")
    console = open_console(folder / "morning.yaml", 1, clock)
    seen: dict[str, str] = {}

    async def script(app: LiveApp, pilot: object) -> None:
        press = pilot.press  # type: ignore[attr-defined]
        await press("s")
        for _ in range(6):
            await press("plus")
        await press("w")
        seen["proposal"] = text(app, "#message")
        await press("n")
        seen["dropped"] = text(app, "#message")
        await press("w", "y")
        seen["next"] = text(app, "#next")

    drive(console, script)
    assert seen["proposal"] == (
        "To hold Lunch at 12:30: shorten Context analysis −15 (min 45), "
        "Working agreements −5 (min 10), Harvest −5 (min 10).  Apply? y/n"
    )
    assert seen["dropped"] == "nothing changed"
    assert "Lunch at 12:30: 0 min to spare" in seen["next"]
    reason = "win back time before Lunch"
    actuals_are(
        folder,
        entry("opening", "start", "09:00"),
        *[entry("opening", "add", "09:00", 5)] * 6,
        entry("context", "shorten", "09:00", 15, reason),
        entry("agreements", "shorten", "09:00", 5, reason),
        entry("harvest", "shorten", "09:00", 5, reason),
    )


def test_kill_and_resume_where_it_was(folder: Path) -> None:
    clock = FakeClock("09:00")

    async def first(_app: LiveApp, pilot: object) -> None:
        press = pilot.press  # type: ignore[attr-defined]
        await press("s")
        clock.set("09:15")
        await press("s", "s")
        clock.set("09:20")
        await press("p")

    drive(open_console(folder / "morning.yaml", 1, clock), first)
    written = (folder / "morning-outcomes.yaml").read_bytes()
    clock.set("09:30")
    resumed = open_console(folder / "morning.yaml", 1, clock)
    seen: dict[str, str] = {}

    async def second(app: LiveApp, pilot: object) -> None:
        seen["now"] = text(app, "#now")
        seen["countdown"] = countdown(app)
        await pilot.press("p")  # type: ignore[attr-defined]

    drive(resumed, second)
    assert seen["now"].startswith("PAUSED  Check-in\n09:15–09:45")
    assert seen["countdown"] == "15:00"
    assert (folder / "morning-outcomes.yaml").read_bytes() == written + entry(
        "check-in", "resume", "09:30"
    ).encode()


def test_parallel_groups_with_rooms_and_facilitators(folder: Path) -> None:
    clock = FakeClock("09:00")
    console = open_console(folder / "morning.yaml", 1, clock)
    seen: dict[str, str] = {}

    async def script(app: LiveApp, pilot: object) -> None:
        press = pilot.press  # type: ignore[attr-defined]
        await press("s", "s", "k", "s")
        seen["now"] = text(app, "#now")
        seen["day"] = text(app, "#day-list")

    drive(console, script)
    assert seen["now"].splitlines()[3:] == [
        "  · Group A, room Room 1, Elena Kovač",
        "  · Group B, room Room 2, Arben Berisha",
    ]
    assert "▶ 09:35–11:05  09:00–10:30  Context analysis" in seen["day"]
    assert "– 09:15–09:35  skipped      Check-in" in seen["day"]


def test_projector_view_shows_title_countdown_and_next(folder: Path) -> None:
    clock = FakeClock("09:05")
    console = open_console(folder / "morning.yaml", 1, clock)
    seen: dict[str, str] = {}

    async def script(app: LiveApp, pilot: object) -> None:
        await pilot.press("s")  # type: ignore[attr-defined]
        seen["title"] = text(app, "#title")
        seen["now"] = text(app, "#now")
        seen["next"] = text(app, "#next")
        seen["countdown"] = countdown(app)
        seen["has day"] = str(bool(app.query("#day-list")))
        big = app.query_one("#title")
        bold = "bold" if big.styles.text_style.bold else "plain"
        centred = "centred" if big.styles.content_align_horizontal == "center" else "left"
        seen["title style"] = f"{bold}, {centred}, {big.region.height} rows"

    drive(console, script, projector=True)
    assert seen["title"] == "Opening"
    assert seen["now"] == "NOW\n09:05–09:20  (15 min)"
    assert seen["next"] == "Next:\n09:20 (+5)  Check-in\n09:40 (+5)  Context analysis"
    assert seen["countdown"] == "15:00"
    assert seen["has day"] == "False"
    assert seen["title style"] == "bold, centred, 5 rows"


def test_plain_mode_fits_80_by_24_and_takes_one_letter_commands(folder: Path) -> None:
    clock = FakeClock("09:00")
    console = open_console(folder / "morning.yaml", 1, clock)
    out = io.StringIO()
    run_plain(console, io.StringIO("s\n+ 10 minister late\nx\nq\n"), out)
    screens = out.getvalue().split("> ")
    assert len(screens) == 5
    for screen in screens[:-1]:
        lines = screen.rstrip("\n").split("\n")
        assert len(lines) <= 24
        assert all(len(line) <= 80 for line in lines)
    assert "unknown command 'x'" in screens[3]
    actuals_are(
        folder,
        entry("opening", "start", "09:00"),
        entry("opening", "add", "09:00", 10, "minister late"),
    )
    assert "NOW  Opening" in plain_screen(console)


def test_a_first_actual_starts_the_outcome_file(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "morning.yaml", tmp_path / "morning.yaml")
    console = open_console(tmp_path / "morning.yaml", 1, FakeClock("09:00"))
    console.act("toggle")
    assert (tmp_path / "morning-outcomes.yaml").read_text(encoding="utf-8") == (
        "# What happened at the workshop and what it agreed (morning.yaml).\n"
        "\n"
        "outcomes:\n"
        '  workshop: "morning.yaml"\n'
        "  actuals:\n" + entry("opening", "start", "09:00")
    )


def test_clock_and_day_options_are_checked(folder: Path) -> None:
    with pytest.raises(UserError, match="--clock 9h: not a clock time"):
        make_clock("9h")
    assert make_clock("09:30", today=dt.date(2026, 3, 2))().strftime("%H:%M") == "09:30"
    with pytest.raises(UserError, match="has 1 day"):
        open_console(folder / "morning.yaml", 2, FakeClock("09:00"))


def test_the_command_module_does_not_import_textual() -> None:
    code = "import sys, facilitation.cli.live, facilitation.cli.app;print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_a_reason_goes_with_the_next_change(folder: Path) -> None:
    clock = FakeClock("09:00")
    console = open_console(folder / "morning.yaml", 1, clock)

    async def script(_app: LiveApp, pilot: object) -> None:
        press = pilot.press  # type: ignore[attr-defined]
        await press("s", "r", *"the minister is late", "enter", "plus", "plus")
        await press("r", *"typed by mistake", "escape", "minus")

    drive(console, script)
    actuals_are(
        folder,
        entry("opening", "start", "09:00"),
        entry("opening", "add", "09:00", 5, "the minister is late"),
        entry("opening", "add", "09:00", 5),
        entry("opening", "take", "09:00", 5),
    )


def test_a_change_that_cannot_be_written_is_written_with_the_next(folder: Path) -> None:
    record = folder / "morning-outcomes.yaml"
    console = open_console(folder / "morning.yaml", 1, FakeClock("09:00"))
    record.chmod(0o444)
    try:
        console.act("toggle")
    finally:
        record.chmod(0o644)
    assert console.message.startswith("not recorded: ")
    assert "read-only" in console.message
    assert record.read_bytes() == ORIGINAL
    console.act("add", minutes=5)
    actuals_are(folder, entry("opening", "start", "09:00"), entry("opening", "add", "09:00", 5))
    assert console.unrecorded == []


def in_language(folder: Path, language: str) -> Path:
    """The morning workshop, written in ``language``."""
    path = folder / "morning.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  start: 2026-03-02\n", f"  start: 2026-03-02\n  language: {language}\n"),
        encoding="utf-8",
    )
    return path


def footer_keys(app: LiveApp) -> list[tuple[str, str, int]]:
    """The footer's keys: what they show, their description and where they end."""
    return [
        (key.key_display, key.description, key.region.right)  # type: ignore[attr-defined]
        for key in app.query("FooterKey")
    ]


def test_a_german_workshop_gets_a_german_console(folder: Path) -> None:
    clock = FakeClock("09:00")
    console = open_console(in_language(folder, "de"), 1, clock)
    seen: dict[str, str] = {}
    keys: list[tuple[str, str, int]] = []

    async def script(app: LiveApp, pilot: object) -> None:
        await pilot.press("s")  # type: ignore[attr-defined]
        keys.extend(footer_keys(app))
        seen["now"] = text(app, "#now")
        seen["next"] = text(app, "#next")
        seen["day"] = text(app, "#day-list")
        seen["message"] = text(app, "#message")
        seen["head"] = text(app, "#head")

    drive(console, script)
    assert [(shown, description) for shown, description, _ in keys] == [
        ("s", "Start/Ende"),
        ("p", "Pause"),
        ("+/-", "5 Min."),
        ("k", "auslassen"),
        ("l", "später"),
        ("w", "kürzen"),
        ("r", "Grund"),
        ("q", "beenden"),
    ]
    assert seen["now"].splitlines()[:3] == [
        "JETZT  Opening",
        "09:00–09:15  (15 Min.)",
        "Leitung Elena Kovač, Raum Plenary",
    ]
    assert seen["next"].splitlines()[0] == "Als Nächstes:"
    assert "Feste Beginnzeiten:" in seen["next"]
    assert seen["day"].splitlines()[0] == "  Plan         Ist/jetzt    Einheit"
    assert seen["message"] == "Start Opening (eingetragen in morning-outcomes.yaml)"
    assert seen["head"] == "09:00  ·  Tag 1  ·  Morning workshop"
    actuals_are(folder, entry("opening", "start", "09:00"))


def test_a_refused_key_is_explained_in_the_workshop_s_language(folder: Path) -> None:
    console = open_console(in_language(folder, "de"), 1, FakeClock("09:00"))
    console.act("pause")
    assert console.message == "keine Sitzung läuft; zuerst die Starttaste drücken"
    console.act("toggle")
    console.act("pause")
    console.act("pause")
    # Started, paused and resumed: taking more minutes than the session has is refused.
    console.act("take", minutes=60)
    assert console.message == "„Opening“ hat nur noch 15 Min., die gekürzt werden können"


@pytest.mark.parametrize(
    "language", ["en", "de", "it", "fr", "sr-Latn", "sr-Cyrl", "bs", "hr", "cnr", "sq", "mk"]
)
def test_the_keys_fit_80_columns_in_every_language(folder: Path, language: str) -> None:
    console = open_console(in_language(folder, language), 1, FakeClock("09:00"))
    keys: list[tuple[str, str, int]] = []

    async def script(app: LiveApp, pilot: object) -> None:
        await pilot.pause()  # type: ignore[attr-defined]
        keys.extend(footer_keys(app))

    drive(console, script, size=(80, 24))
    assert len(keys) == 8
    assert max(right for _, _, right in keys) <= 80, keys


def test_the_plain_mode_in_serbian_cyrillic_fits_80_columns(folder: Path) -> None:
    clock = FakeClock("09:00")
    console = open_console(in_language(folder, "sr-Cyrl"), 1, clock)
    out = io.StringIO()
    commands = "s\n" + "+\n" * 6 + "w\nx\nq\n"
    run_plain(console, io.StringIO(commands), out)
    screens = out.getvalue().split("> ")[:-1]
    for screen in screens:
        lines = screen.rstrip("\n").split("\n")
        assert len(lines) <= 24, screen
        assert all(len(line) <= 80 for line in lines), screen
    assert "САДА  Opening" in screens[1]
    assert "Следи:" in screens[1]
    assert "s p + - k l w q (па Enter); + 10 разлог: додај 10 мин уз разлог" in screens[1]
    proposal = " ".join(screens[8].split("\n"))
    assert "Да се одржи Lunch у 12:30: скратити Context analysis −15 (мин. 45)" in proposal
    assert "Применити? y/n" in screens[8]
    assert "непозната команда 'x'" in screens[9]
