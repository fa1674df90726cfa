"""The full-screen live console (Textual): the console's view and keys.

Imported only when ``facilitation run`` starts the console; the day, its events and their texts
are :class:`facilitation.cli.live.LiveConsole`'s.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Digits, Footer, Input, Static

from facilitation.checking.live import Action, LiveDay
from facilitation.checking.scheduling import format_clock
from facilitation.cli.live_console import (
    STEP,
    LiveConsole,
    countdown,
    day_header,
    day_lines,
    fixed_lines,
    next_lines,
    now_lines,
    span_line,
    state_word,
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
.projector #now { text-style: bold; content-align: center middle; width: 1fr; }
.projector #title {
    height: 5; width: 1fr; margin: 1 0 0 0;
    content-align: center middle; text-style: bold; background: $primary; color: $text;
}
.projector #countdown { width: 1fr; margin: 1 0; text-align: center; }
.projector #next { content-align: center top; width: 1fr; }
"""


class LiveApp(App[None]):
    """The day of a workshop, live: now, next, the day planned against actual; keys to act."""

    CSS = _CSS
    TITLE = "facilitation run"
    ENABLE_COMMAND_PALETTE = False
    AUTO_FOCUS = None
    # NOTE: the descriptions are the labels under ``console.keys``; __init__ puts them in the
    # workshop's language.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "act('toggle')", "toggle"),
        Binding("p", "act('pause')", "pause"),
        # NOTE: one entry in the footer for + and -, so that every key fits 80 columns.
        Binding("plus,equals_sign", "act('add')", "minutes", key_display="+/-"),
        Binding("minus", "act('take')", "minutes", show=False),
        Binding("k", "act('skip')", "skip"),
        Binding("l", "act('later')", "later"),
        Binding("w", "win_back", "win_back"),
        Binding("r", "reason", "reason"),
        Binding("escape", "drop_reason", "drop_reason", show=False),
        Binding("y", "confirm(True)", "yes", show=False),
        Binding("n", "confirm(False)", "no", show=False),
        Binding("q", "quit", "quit"),
    ]

    def __init__(self, console: LiveConsole, *, projector: bool = False) -> None:
        super().__init__()
        self.day_console = console
        self.projector = projector
        self._translate_keys()

    def _translate_keys(self) -> None:
        """Put the keys' descriptions (the footer) in the workshop's language.

        Why here: Textual reads the descriptions from the class's ``BINDINGS``, fixed before the
        workshop's language is known.
        """
        # HACK: Textual has no public way to change a binding's description per app; the app's
        # own BindingsMap (``_bindings``) is what the footer reads.
        ours = {
            (binding.action, binding.description)
            for binding in self.BINDINGS
            if isinstance(binding, Binding)
        }
        for key, bindings in self._bindings.key_to_bindings.items():
            self._bindings.key_to_bindings[key] = [
                dataclasses.replace(
                    binding, description=self.day_console.say(f"keys.{binding.description}", n=STEP)
                )
                if (binding.action, binding.description) in ours
                else binding
                for binding in bindings
            ]

    def compose(self) -> ComposeResult:
        """The head line, now and next side by side, the day, the message and the keys."""
        yield Static(id="head", markup=False)
        if self.projector:
            with Vertical(id="now-box"):
                yield Static(id="title", markup=False)
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
        yield Input(placeholder=self.day_console.say("reason.placeholder"), id="reason")
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
        day = console.say("day", n=console.day.index + 1)
        self.query_one("#head", Static).update(f"{format_clock(live.now)}  ·  {day}  ·  {workshop}")
        if self.projector:
            self._show_projector_now(live)
        else:
            self.query_one("#now", Static).update("\n".join(now_lines(console, live)))
        digits = self.query_one("#countdown", Digits)
        shown = countdown(console, live)
        digits.update(shown)
        digits.set_class(shown.startswith("+"), "over")
        coming = next_lines(console, live, 2 if self.projector or self.size.height < 30 else 5)
        fixed = [] if self.projector else fixed_lines(console, live)
        starts = ["", console.say("fixed_starts"), *fixed] if fixed else []
        self.query_one("#next", Static).update("\n".join([console.say("next"), *coming, *starts]))
        if not self.projector:
            self.query_one("#day-list", Static).update(
                "\n".join([day_header(console), *day_lines(console, live)])
            )
        self.query_one("#message", Static).update(console.message)

    def _show_projector_now(self, live: LiveDay) -> None:
        """The room's view: the title large (bold, centred, several rows), then state and times."""
        console = self.day_console
        current = live.current
        if current is None:
            self.query_one("#title", Static).update(console.say("day_over"))
            self.query_one("#now", Static).update(now_lines(console, live)[1])
            return
        self.query_one("#title", Static).update(title(console, current.timed.index))
        self.query_one("#now", Static).update(
            f"{state_word(console, current)}\n{span_line(console, current)}"
        )

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
            self.day_console.message = self.day_console.say("reason.dropped")
            self.refresh_view()

    def on_input_submitted(self, submitted: Input.Submitted) -> None:
        """Keep the reason for the next change."""
        submitted.input.remove_class("asking")
        reason = submitted.value.strip() or None
        self.day_console.reason = reason
        self.day_console.message = (
            self.day_console.say("reason.kept", reason=reason)
            if reason
            else self.day_console.say("reason.dropped")
        )
        self.set_focus(None)
        self.refresh_view()

    @property
    def current_title(self) -> str | None:
        """The running session's title, else the next one's (for tests and the head line)."""
        current = self.day_console.live().current
        return title(self.day_console, current.timed.index) if current else None
