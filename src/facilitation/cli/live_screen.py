"""The full-screen live console (Textual): the console's view and keys.

Imported only when ``facilitation run`` starts the console; the day, its events and their texts
are :class:`facilitation.cli.live.LiveConsole`'s.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Digits, Footer, Input, Static

from facilitation.checking.live import Action
from facilitation.checking.scheduling import format_clock
from facilitation.cli.live_console import (
    STEP,
    LiveConsole,
    countdown,
    day_lines,
    fixed_lines,
    next_lines,
    now_lines,
    title,
)

_CSS = """
#head { height: 1; background: $primary; color: $text; padding: 0 1; }
#top { height: auto; }
#now-box { width: 1fr; height: auto; padding: 0 1; border: round $primary; }
#next-box { width: 1fr; height: auto; padding: 0 1; border: round $secondary; }
#countdown { width: auto; }
#countdown.over { color: $error; }
#day { height: 1fr; padding: 0 1; }
#message { height: auto; padding: 0 1; color: $warning; }
#reason { display: none; }
#reason.asking { display: block; }
.projector #now-box, .projector #next-box { border: none; }
.projector #now { text-style: bold; }
.projector #countdown { margin: 1 0; }
"""


class LiveApp(App[None]):
    """The day of a workshop, live: now, next, the day planned against actual; keys to act."""

    CSS = _CSS
    TITLE = "facilitation run"
    ENABLE_COMMAND_PALETTE = False
    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "act('toggle')", "start/end"),
        Binding("p", "act('pause')", "pause"),
        Binding("plus,equals_sign", "act('add')", f"{STEP} min", key_display="+"),
        Binding("minus", "act('take')", f"{STEP} min", key_display="-"),
        Binding("k", "act('skip')", "skip"),
        Binding("l", "act('later')", "later"),
        Binding("w", "win_back", "win back"),
        Binding("r", "reason", "reason"),
        Binding("escape", "drop_reason", "drop reason", show=False),
        Binding("y", "confirm(True)", "yes", show=False),
        Binding("n", "confirm(False)", "no", show=False),
        Binding("q", "quit", "quit"),
    ]

    def __init__(self, console: LiveConsole, *, projector: bool = False) -> None:
        super().__init__()
        self.day_console = console
        self.projector = projector

    def compose(self) -> ComposeResult:
        """The head line, now and next side by side, the day, the message and the keys."""
        yield Static(id="head", markup=False)
        if self.projector:
            with Vertical(id="now-box"):
                yield Static(id="now", markup=False)
                yield Digits(id="countdown")
            with Vertical(id="next-box"):
                yield Static(id="next", markup=False)
        else:
            with Horizontal(id="top"):
                with Vertical(id="now-box"):
                    yield Static(id="now", markup=False)
                    yield Digits(id="countdown")
                with Vertical(id="next-box"):
                    yield Static(id="next", markup=False)
            with VerticalScroll(id="day"):
                yield Static(id="day-list", markup=False)
        yield Static(id="message", markup=False)
        yield Input(
            placeholder="reason for the next change; Enter keeps it, Esc drops it", id="reason"
        )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Show the day and refresh it every second."""
        if self.projector:
            self.screen.add_class("projector")
        self.refresh_view()
        self.set_interval(1.0, self.refresh_view)

    def refresh_view(self) -> None:
        """Re-time the day at the clock's minute and show it."""
        console = self.day_console
        live = console.live()
        workshop = console.workshop.info.title
        self.query_one("#head", Static).update(
            f"{format_clock(live.now)}  ·  day {console.day.index + 1}  ·  {workshop}"
        )
        now = now_lines(console, live)
        self.query_one("#now", Static).update("\n".join(now[:2] if self.projector else now))
        digits = self.query_one("#countdown", Digits)
        shown = countdown(console, live)
        digits.update(shown)
        digits.set_class(shown.startswith("+"), "over")
        coming = next_lines(live, 2 if self.projector or self.size.height < 30 else 5)
        fixed = [] if self.projector else fixed_lines(live)
        self.query_one("#next", Static).update(
            "\n".join(["Next:", *coming, *(["", "Fixed starts:", *fixed] if fixed else [])])
        )
        if not self.projector:
            self.query_one("#day-list", Static).update(
                "\n".join(["  planned      actual/now   session", *day_lines(live)])
            )
        self.query_one("#message", Static).update(console.message)

    def action_act(self, action: Action) -> None:
        """A key that adds an event (minutes for + and −)."""
        minutes = STEP if action in ("add", "take") else None
        self.day_console.act(action, minutes=minutes)
        self.refresh_view()

    def action_win_back(self) -> None:
        """Propose how to win back time; y applies it, n drops it."""
        self.day_console.win_back()
        self.refresh_view()

    def action_confirm(self, confirmed: bool) -> None:
        """Apply or drop the proposal waiting for confirmation."""
        if self.day_console.proposal is None:
            return
        self.day_console.apply(confirmed)
        self.refresh_view()

    def action_reason(self) -> None:
        """Ask for the reason of the next change (the minister is late, the group needs time)."""
        field = self.query_one("#reason", Input)
        field.value = self.day_console.reason or ""
        field.add_class("asking")
        field.focus()

    def action_drop_reason(self) -> None:
        """Close the reason's field without keeping what was typed."""
        field = self.query_one("#reason", Input)
        if field.has_class("asking"):
            field.remove_class("asking")
            self.day_console.message = "no reason kept"
            self.refresh_view()

    def on_input_submitted(self, submitted: Input.Submitted) -> None:
        """Keep the reason for the next change."""
        submitted.input.remove_class("asking")
        reason = submitted.value.strip() or None
        self.day_console.reason = reason
        self.day_console.message = (
            f"reason for the next change: {reason}" if reason else "no reason kept"
        )
        self.set_focus(None)
        self.refresh_view()

    @property
    def current_title(self) -> str | None:
        """The running session's title, else the next one's (for tests and the head line)."""
        current = self.day_console.live().current
        return title(self.day_console.day, current.timed.index) if current else None
