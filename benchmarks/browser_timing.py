"""Click to visible update in headless Chromium (Debian /usr/bin/chromium), one session per page.

The clock starts at the pointerdown of the click that changes a filter (captured in the page) and
stops at the first animation frame where the page's output (text, table row counts, chart
descriptions, outside any widget) differs from before the click, and nothing is still marked
stale or running. The interaction is found on the page: the first multiselect (add one option,
then remove it again), else a selectbox, radio, checkbox or toggle.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from benchmarks.protocol import percentile

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

INIT_SCRIPT = """
window.__bench = {armed: false, t0: null, result: undefined};
const __mark = () => {
  if (window.__bench.armed && window.__bench.t0 === null) { window.__bench.t0 = performance.now(); }
};
document.addEventListener('pointerdown', __mark, true);
document.addEventListener('keydown', __mark, true);
window.__benchSig = () => {
  const parts = [];
  for (const el of document.querySelectorAll('[data-testid="stElementContainer"]')) {
    if (el.querySelector('[data-testid="stWidgetLabel"], [data-testid="stWidgetLabel"] *')) continue;
    parts.push(el.innerText);
    for (const g of el.querySelectorAll('[role="grid"], [role="table"]')) {
      parts.push('rows:' + (g.getAttribute('aria-rowcount') || g.querySelectorAll('tr').length));
    }
    for (const c of el.querySelectorAll('[aria-label]')) {
      if (!c.closest('button')) parts.push('label:' + c.getAttribute('aria-label'));
    }
  }
  return JSON.stringify(parts);
};
window.__benchStart = (before, timeoutMs) => {
  const b = window.__bench;
  b.armed = true; b.t0 = null; b.result = undefined;
  const start = performance.now();
  const tick = () => {
    const busy = document.querySelector('[data-testid="stStatusWidget"], [data-stale="true"]');
    if (b.t0 !== null && !busy && window.__benchSig() !== before) {
      b.result = performance.now() - b.t0; b.armed = false; return;
    }
    if (performance.now() - start > timeoutMs) { b.result = null; b.armed = false; return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};
"""

WIDGETS = (
    "stMultiSelect",
    "stSelectbox",
    "stRadio",
    "stCheckbox",
    "stToggle",
)


@dataclass
class ClickTimes:
    path: str
    widget: str = ""
    seconds: list[float] = field(default_factory=list)
    failures: int = 0
    note: str = ""

    @property
    def p50(self) -> float:
        return percentile(self.seconds, 50)

    @property
    def p95(self) -> float:
        return percentile(self.seconds, 95)


def _wait_for_app(pg) -> None:
    pg.wait_for_selector("[data-testid='stApp']")
    pg.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelectorAll('[data-testid=\"stMainBlockContainer\"] *').length > 5",
        timeout=90_000,
    )
    pg.wait_for_timeout(500)


def _timed(pg, action, timeout_ms: int = 30_000) -> float | None:
    before = pg.evaluate("window.__benchSig()")
    pg.evaluate("([b, t]) => window.__benchStart(b, t)", [before, timeout_ms])
    action()
    pg.wait_for_function("() => window.__bench.result !== undefined", timeout=timeout_ms + 5_000)
    ms = pg.evaluate("window.__bench.result")
    return None if ms is None else ms / 1000


def _find_widget(pg):
    # The sidebar can be drawn after the main block; give a filter widget a few seconds to appear.
    try:
        pg.wait_for_selector(
            ", ".join(f"[data-testid='{t}']" for t in WIDGETS), state="visible", timeout=8_000
        )
    except Exception:  # noqa: BLE001 - a page without a filter widget has no figure
        return None, None
    for testid in WIDGETS:
        loc = pg.locator(f"[data-testid='{testid}']")
        for i in range(loc.count()):
            if loc.nth(i).is_visible():
                return testid, loc.nth(i)
    return None, None


def _close_popups(pg) -> None:
    if pg.locator("[role='listbox']").count():
        pg.keyboard.press("Escape")
        pg.wait_for_timeout(150)


def _multiselect_step(pg, widget, i: int, state: dict) -> float | None:
    if i % 2 == 0:
        widget.locator("input").first.click()
        options = pg.locator("[role='option']")
        options.first.wait_for(state="visible", timeout=10_000)
        texts = options.all_inner_texts()
        pick = next((n for n, t in enumerate(texts) if t.strip().lower() != "select all"), None)
        if pick is None:
            raise RuntimeError("multiselect has no option to pick")
        state["value"] = texts[pick].strip()
        result = _timed(pg, lambda: options.nth(pick).click())
        _close_popups(pg)
        return result
    remove = widget.locator(f"button[aria-label='Remove {state['value']}']")
    if remove.count() == 0:
        remove = widget.locator("button[aria-label^='Remove']").last
    return _timed(pg, lambda: remove.first.click())


def _selectbox_step(pg, widget, i: int, state: dict) -> float | None:
    widget.locator("input, [role='combobox']").first.click()
    options = pg.locator("[role='option']")
    options.first.wait_for(state="visible", timeout=10_000)
    n = options.count()
    pick = 1 if (i % 2 == 0 and n > 1) else 0
    result = _timed(pg, lambda: options.nth(pick).click())
    _close_popups(pg)
    return result


def _radio_step(pg, widget, i: int, state: dict) -> float | None:
    labels = widget.locator("label")
    n = labels.count()
    return _timed(pg, lambda: labels.nth((i + 1) % max(n, 1)).click())


def _toggle_step(pg, widget, i: int, state: dict) -> float | None:
    return _timed(pg, lambda: widget.locator("label").first.click())


STEPS = {
    "stMultiSelect": _multiselect_step,
    "stSelectbox": _selectbox_step,
    "stRadio": _radio_step,
    "stCheckbox": _toggle_step,
    "stToggle": _toggle_step,
}


def click_times(browser, base: str, path: str, clicks: int) -> ClickTimes:
    """`clicks` timed filter changes on one page, in a fresh browser context."""
    out = ClickTimes(path=path)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.add_init_script(INIT_SCRIPT)
        pg = context.new_page()
        pg.set_default_timeout(30_000)
        pg.goto(base + (path if path.startswith("/") else "/"))
        _wait_for_app(pg)
        testid, widget = _find_widget(pg)
        if widget is None:
            out.note = "no filter widget on this page"
            return out
        out.widget = testid
        step = STEPS[testid]
        state: dict = {}
        for i in range(clicks + 1):  # the first click is a warm-up (first paint of the new view)
            try:
                seconds = step(pg, widget, i, state)
            except Exception as err:  # noqa: BLE001 - one failed click is recorded, not fatal
                out.failures += 1
                out.note = f"{type(err).__name__}: {str(err).splitlines()[0][:120]}"
                _close_popups(pg)
                continue
            if seconds is None:
                out.failures += 1
                out.note = "no visible update within 30 s"
            elif i > 0:
                out.seconds.append(seconds)
            pg.wait_for_timeout(250)
        return out
    finally:
        context.close()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
