"""Open pages in headless Chromium (Debian's package, driven by Playwright) and measure them.

The browser is the system's `/usr/bin/chromium`: nothing is downloaded at test time. Under
`CI=true` a missing browser or driver fails the tests; elsewhere they are skipped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Request, ViewportSize

CHROMIUM = Path("/usr/bin/chromium")

#: Root needs --no-sandbox; the rest keeps Chromium's own traffic (updates, sync, field trials)
#: out of the request log, so that it holds only what the page asks for.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)

#: What the pages must never fetch: anything over the network.
_REMOTE = re.compile(r"^(https?|wss?|ftp)://")

PHONE: ViewportSize = {"width": 360, "height": 740}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}


def _missing(what: str) -> NoReturn:
    """Skip the tests, or fail them under CI, where the browser is part of the environment."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is required under CI=true but is not installed")
    pytest.skip(f"{what} is not installed; the browser tests need it")


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's headless Chromium, driven by Playwright; skipped (failed under CI) when absent."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python (pip install -e '.[test]')")
    if not os.access(CHROMIUM, os.X_OK):
        _missing(f"Chromium ({CHROMIUM}, Debian package `chromium`)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Visit:
    """A browser context at one viewport, with every request its pages made."""

    context: BrowserContext
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def open(self, path: Path) -> Page:
        """A new page showing the local file ``path``, loaded and its scripts run."""
        page = self.context.new_page()
        page.goto(path.as_uri())
        return page


@contextmanager
def visit(browser: Browser, viewport: ViewportSize, **options: Any) -> Iterator[Visit]:
    """A fresh context (own clock, own log) at ``viewport``; the network is never reached.

    Every request is logged, and a request for anything but a local file is aborted after it
    is logged, so that a page that fetches from elsewhere fails its test without going out.
    """
    phone = viewport["width"] < 600
    context = browser.new_context(
        viewport=viewport,
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=options.pop("device_scale_factor", 1),
        locale="en-GB",
        timezone_id=options.pop("timezone_id", "UTC"),
        color_scheme="light",
        service_workers="block",
        **options,
    )
    log = Visit(context)

    def _failed(request: Request) -> None:
        log.failed.append(f"{request.url} ({request.failure})")

    context.on("request", lambda request: log.requests.append(request.url))
    context.on("requestfailed", _failed)
    context.route(_REMOTE, lambda route: route.abort())
    try:
        yield log
    finally:
        context.close()


def outside(requests: list[str], folder: Path) -> list[str]:
    """The requests that are neither a file below ``folder`` nor inline data."""
    root = folder.resolve().as_uri().rstrip("/") + "/"
    return [url for url in requests if not (url.startswith(root) or url.startswith("data:"))]


#: Where every link and every source on the page leads, resolved against the page.
LINKS_JS = """
() => [...document.querySelectorAll('[href], [src]')].map((el) =>
  new URL(el.getAttribute('href') ?? el.getAttribute('src'), document.baseURI).href)
"""

#: Every visible element wider than the viewport, except inside a horizontal scroller that
#: itself fits; and the document's own scroll width.
OVERFLOW_JS = """
(width) => {
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const inScroller = (el) => {
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') {
        return node.getBoundingClientRect().right <= width + 0.5;
      }
    }
    return false;
  };
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right <= width + 0.5 || inScroller(el)) continue;
    wide.push({element: describe(el), right: Math.round(box.right * 10) / 10,
               width: Math.round(box.width * 10) / 10,
               text: (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60)});
  }
  return {innerWidth: window.innerWidth, scrollWidth: document.documentElement.scrollWidth, wide};
}
"""

#: For every visible element with text of its own (and every ::before/::after with content):
#: its text colour and the background behind it, both composed to opaque sRGB, and its size.
CONTRAST_JS = """
() => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const pen = canvas.getContext('2d', {willReadFrequently: true});
  const rgba = (value) => {
    pen.clearRect(0, 0, 1, 1);
    pen.fillStyle = 'rgba(0, 0, 0, 0)';
    pen.fillStyle = value;
    pen.fillRect(0, 0, 1, 1);
    const d = pen.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255];
  };
  const over = (top, below) => [0, 1, 2].map((i) => top[i] * top[3] + below[i] * (1 - top[3]));
  const backdrop = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    let below = [255, 255, 255];
    for (const layer of layers.reverse()) below = over(layer, below);
    return below;
  };
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
  const found = [];
  const measure = (el, style, text, behind, name) => {
    const colour = rgba(style.color);
    found.push({element: name, text: text.slice(0, 60),
                colour: over(colour, behind), background: behind,
                size: parseFloat(style.fontSize), weight: parseInt(style.fontWeight, 10)});
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (skip.has(el.tagName) || !el.checkVisibility({opacityProperty: true,
                                                    visibilityProperty: true})) continue;
    const behind = backdrop(el);
    const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent)
      .join(' ').trim().replace(/\\s+/g, ' ');
    if (own) measure(el, getComputedStyle(el), own, behind, describe(el));
    for (const pseudo of ['::before', '::after']) {
      const style = getComputedStyle(el, pseudo);
      const content = (style.content || '').replace(/^["']|["']$/g, '').trim();
      if (!content || content === 'none' || content === 'normal' || style.display === 'none') continue;
      const fill = rgba(style.backgroundColor);
      measure(el, style, content, fill[3] > 0 ? over(fill, behind) : behind, describe(el) + pseudo);
    }
  }
  return found;
}
"""


def luminance(rgb: list[float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour given as 0-255 channels."""
    linear = []
    for channel in rgb:
        c = channel / 255
        linear.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: list[float], second: list[float]) -> float:
    """WCAG 2 contrast ratio of two opaque colours, from 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def is_large(size: float, weight: int) -> bool:
    """WCAG large text: at least 18 pt (24 px), or 14 pt (18.66 px) and bold."""
    return size >= 24 or (size >= 18.66 and weight >= 700)


def low_contrast(page: Page) -> list[str]:
    """Every text on ``page`` below WCAG AA: 4.5:1, or 3:1 for large text."""
    found = []
    for text in page.evaluate(CONTRAST_JS):
        ratio = contrast_ratio(text["colour"], text["background"])
        needed = 3.0 if is_large(text["size"], text["weight"]) else 4.5
        if ratio < needed:
            colour = _hex(text["colour"])
            background = _hex(text["background"])
            found.append(
                f"{text['element']} {text['text']!r}: {colour} on {background} = {ratio:.2f}:1"
                f" (needs {needed}:1 at {text['size']}px, weight {text['weight']})"
            )
    return found


def _hex(rgb: list[float]) -> str:
    return "#" + "".join(f"{round(channel):02x}" for channel in rgb)


def overflow(page: Page) -> list[str]:
    """Everything wider than the viewport on ``page``: elements, then the document itself.

    Measured against the viewport's width as set, not ``innerWidth``: a phone browser widens
    its layout to fit a page that overflows, which would hide the overflow it measures.
    """
    width = (page.viewport_size or {"width": 0})["width"]
    measured = page.evaluate(OVERFLOW_JS, width)
    found = [
        f"{wide['element']} right={wide['right']} width={wide['width']} > {width}"
        f" ({wide['text']!r})"
        for wide in measured["wide"]
    ]
    if measured["innerWidth"] != width:
        found.append(f"innerWidth={measured['innerWidth']} != viewport {width}: zoomed out to fit")
    if measured["scrollWidth"] > width:
        found.append(f"document scrollWidth={measured['scrollWidth']} > viewport {width}")
    return found
