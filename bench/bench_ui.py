"""The app's speed and memory in a real browser, against the least a Streamlit app can do.

Starts the app as deployed (streamlit_app.py, which serves app.py), a floor app
(bench/floor_app.py: one slider, one metric) and, for reference, the floor with four plain
Altair charts (bench/four_charts_app.py), each with `streamlit run` on a free port, and
drives them in headless Chromium in the same run, turn about, so the machine's load falls on
all alike. Printed, not asserted: the figures README quotes. Targets (issue "Under load, bad
input and hostile links"):

- lever change to figures and charts redrawn: within 1.1 times the four-chart reference
  (issue 19; the earlier 2 times the floor app is retired: four plain charts alone take
  2.4 to 2.8 times it);
- first full render of the home page after server start: at most 2 s, and within 2 times the
  floor app's;
- memory: resident memory growth of the server over 20 open sessions, at most 30 MB each.

What is measured, precisely:

- *server start*: from starting `streamlit run` to its health check answering; the app's
  includes its warm-up (view/warm_up.py: libraries, texts, the first page's numbers).
- *first full render*: a new server is started for every repetition; once its health check
  answers, a fresh browser context (empty cache, as a first visitor) opens the page. The time
  runs from the navigation's start to the first animation frame in which the script state is
  notRunning, the key figures show a value and every chart of the home page holds a drawn
  Vega view (the floor app: its metric shows a value).
- *lever change, redrawn*: on a settled page the hours slider's thumb is focused and one
  ArrowRight is pressed (half an hour more: a scenario not seen before, so no cache helps).
  The time runs from the keydown event to the first animation frame in which the script state
  is notRunning, the first key figure's text differs from before the press, and every chart's
  drawing (its Vega SVG, or canvas pixels) differs from before and is present.
- *memory*: a fresh server serves one warm-up session (imports, first cache entries), then
  20 sessions are opened one after another, each with its own scenario in the link, and kept
  open; the growth of the server's VmRSS (/proc/<pid>/status) is divided by 20.

Run from the repository's folder:
     python -m bench.bench_ui            (about 4 minutes on a 2-core machine)
     python -m bench.bench_ui --quick    (fewer repetitions and 5 sessions: about 2 minutes)
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The flags the browser suite uses (tests/e2e/conftest.py): Debian's chromium, no sandbox, no GPU.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 1000}
CHARTS = ("chart-engagements", "chart-followers", "chart-money", "chart-roi")
APP = {"script": "streamlit_app.py", "slider": ".st-key-lever-home-hours_per_week",
       "charts": CHARTS}
# The floor plus four plain Altair line charts: what four charts alone cost (not a target).
FOUR_CHARTS = {"script": "bench/four_charts_app.py", "slider": ".st-key-lever-home-hours_per_week",
               "charts": CHARTS}
FLOOR = {"script": "bench/floor_app.py", "slider": ".st-key-lever-home-hours_per_week",
         "charts": ()}

# Installed before any page script: remembers when a key went down, and offers the checks.
PAGE_HELPERS = """
window.__keyAt = null;
document.addEventListener('keydown', () => { window.__keyAt = performance.now(); }, true);
// Which charts changed since their drawing was last read: reading an SVG costs a few
// milliseconds, so it is read again only after the chart's container has changed.
const dirty = new Set(), drawn = new Map();
new MutationObserver((records) => {
  for (const r of records) {
    const box = r.target.closest && r.target.closest("[class*='st-key-chart-']");
    if (box) for (const c of box.classList) if (c.startsWith('st-key-')) dirty.add(c.slice(7));
  }
}).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
window.__bench = {
  idle() {
    return !!document.querySelector(
      "[data-testid='stApp'][data-test-script-state='notRunning']");
  },
  figure() {
    const el = document.querySelector(".st-key-key-figures [data-testid='stMetricValue']");
    return el ? el.innerText : null;
  },
  drawing(key) {
    // What a chart shows: its Vega SVG, or the pixels of a canvas; '' while not drawn.
    if (drawn.has(key) && !dirty.has(key)) return drawn.get(key);
    dirty.delete(key);
    const box = document.querySelector('.st-key-' + key);
    let out = '';
    const svg = box && box.querySelector('.vega-embed svg.marks');
    const canvas = box && box.querySelector('.vega-embed canvas');
    if (svg) out = svg.querySelector('g') ? svg.innerHTML : '';
    else if (canvas && canvas.width > 0) out = canvas.toDataURL();
    if (!canvas) drawn.set(key, out);  // drawing on a canvas changes no DOM: read it each time
    return out;
  },
};
"""

FULL_RENDER = """(charts) => {
  const b = window.__bench;
  if (!b || !b.idle() || !b.figure()) return false;
  if (!charts.every((k) => b.drawing(k) !== '')) return false;
  window.__doneAt = performance.now();
  return true;
}"""

SNAPSHOT = """(charts) => {
  const b = window.__bench;
  window.__before = {figure: b.figure(), charts: charts.map((k) => b.drawing(k))};
  window.__keyAt = null; window.__doneAt = null;
}"""

REDRAWN = """(charts) => {
  const b = window.__bench, before = window.__before;
  if (window.__keyAt === null || !b.idle()) return false;
  const figure = b.figure();
  if (!figure || figure === before.figure) return false;
  for (let i = 0; i < charts.length; i++) {
    const now = b.drawing(charts[i]);
    if (now === '' || now === before.charts[i]) return false;
  }
  window.__doneAt = performance.now();
  return true;
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (psutil is not a dependency)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


@contextmanager
def server(script: str):
    """`streamlit run script` on a free port, as the browser suite starts it; yields (url, pid)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(process.stderr.read().decode()[-2000:]) from None
                time.sleep(0.1)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def open_page(browser, url: str):
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    context.add_init_script(PAGE_HELPERS)
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(url)
    return context, page


def full_render(page, app: dict) -> float:
    """Milliseconds from the navigation's start to the page fully drawn."""
    page.wait_for_function(FULL_RENDER, arg=list(app["charts"]), polling="raf")
    return page.evaluate("window.__doneAt")


def settle(page) -> None:
    page.wait_for_function("() => window.__bench.idle()")
    page.wait_for_timeout(400)  # a rerun started by the URL update may follow at once
    page.wait_for_function("() => window.__bench.idle()")


def lever_change(page, app: dict) -> float:
    """Milliseconds from one ArrowRight on the hours slider to figure and charts redrawn."""
    settle(page)
    charts = list(app["charts"])
    page.evaluate(SNAPSHOT, charts)
    thumb = page.locator(f"{app['slider']} input").first
    thumb.focus()
    thumb.press("ArrowRight")
    page.wait_for_function(REDRAWN, arg=charts, polling="raf")
    return page.evaluate("window.__doneAt - window.__keyAt")


def measure_speed(browser, reps: int, presses: int) -> dict[str, dict[str, list[float]]]:
    """Each repetition: a new server per app, its first render, then ``presses`` lever changes."""
    apps = (("app", APP), ("floor", FLOOR), ("four charts", FOUR_CHARTS))
    out = {name: {"start": [], "first": [], "lever": []} for name, _ in apps}
    for rep in range(reps):
        # Turn about which app goes first, so none always meets a warmer machine.
        for name, app in apps[rep % len(apps):] + apps[:rep % len(apps)]:
            started = time.perf_counter()
            with server(app["script"]) as (url, _):
                out[name]["start"].append((time.perf_counter() - started) * 1000)
                context, page = open_page(browser, url)
                out[name]["first"].append(full_render(page, app))
                lever_change(page, app)  # the first change warms code paths; not counted
                for _ in range(presses):
                    out[name]["lever"].append(lever_change(page, app))
                context.close()
        print(f"  repetition {rep + 1}/{reps}: app first {out['app']['first'][-1]:.0f} ms, "
              f"lever {statistics.median(out['app']['lever'][-presses:]):.0f} ms; floor first "
              f"{out['floor']['first'][-1]:.0f} ms, lever "
              f"{statistics.median(out['floor']['lever'][-presses:]):.0f} ms", flush=True)
    return out


def measure_memory(browser, app: dict, sessions: int) -> tuple[float, float, float]:
    """(RSS after warm-up, RSS with ``sessions`` open, growth per session), in MB."""
    with server(app["script"]) as (url, pid):
        context, page = open_page(browser, url)
        full_render(page, app)
        context.close()
        time.sleep(1.0)
        before = rss_mb(pid)
        contexts = []
        for i in range(sessions):
            # Each session its own scenario, as in a workshop where everyone moves the levers.
            context, page = open_page(browser, f"{url}/?hours_per_week={9 + 0.5 * i:g}")
            full_render(page, app)
            contexts.append(context)
        time.sleep(1.0)
        after = rss_mb(pid)
        for context in contexts:
            context.close()
    return before, after, (after - before) / sessions


def engine_throughput() -> list[tuple[str, float, str]]:
    import smm_sim
    from smm_sim import DEFAULT

    def rate(func, per_call: int, seconds: float = 1.0) -> float:
        func()
        calls, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            func()
            calls += 1
        return calls * per_call / (time.perf_counter() - start)

    batch = [DEFAULT.replace(hours_per_week=1 + i % 79) for i in range(1000)]
    return [
        ("simulate, one scenario, 52 weeks", rate(lambda: smm_sim.simulate(DEFAULT, 52), 1),
         "simulations/s"),
        ("run_batch, 1,000 scenarios, 52 weeks", rate(lambda: smm_sim.run_batch(batch, 52), 1000),
         "simulations/s"),
        ("monte_carlo, 1,000 draws, 52 weeks (the app's bands)",
         rate(lambda: smm_sim.monte_carlo(DEFAULT, n=1000, weeks=52, seed=0), 1000),
         "draws/s"),
    ]


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import streamlit
    version = subprocess.run([chromium(), "--version"], capture_output=True, text=True).stdout
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{model or platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, Streamlit {streamlit.__version__}, "
            f"{version.strip() or 'chromium'}, load average at start {load:.2f}")


def chromium() -> str:
    return shutil.which("chromium") or "/usr/bin/chromium"


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=5, help="servers started per app")
    parser.add_argument("--presses", type=int, default=4, help="lever changes per server")
    parser.add_argument("--sessions", type=int, default=20, help="sessions for the memory figure")
    parser.add_argument("--quick", action="store_true", help="3 repetitions, 5 sessions")
    args = parser.parse_args()
    if args.quick:
        args.reps, args.presses, args.sessions = 3, 3, 5

    from playwright.sync_api import sync_playwright

    print(f"machine: {machine()}", flush=True)
    started = time.perf_counter()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        print(f"speed: {args.reps} repetitions, {args.presses} lever changes each", flush=True)
        speed = measure_speed(browser, args.reps, args.presses)
        print(f"memory: {args.sessions} sessions per app", flush=True)
        memory = {name: measure_memory(browser, app, args.sessions)
                  for name, app in (("app", APP), ("floor", FLOOR))}
        browser.close()

    med = {name: {k: statistics.median(v) for k, v in figures.items()}
           for name, figures in speed.items()}
    lever_ratio = med["app"]["lever"] / med["floor"]["lever"]
    first_ratio = med["app"]["first"] / med["floor"]["first"]
    print()
    print(f"{'what (median)':<48}{'app':>10}{'floor':>10}{'ratio':>8}  target")
    # The target is against the four-chart reference (issue 19); the floor's ratio is kept.
    four_ratio = med["app"]["lever"] / med["four charts"]["lever"]
    print(f"{'lever change -> figures and charts redrawn':<48}"
          f"{med['app']['lever']:>7.0f} ms{med['floor']['lever']:>7.0f} ms{lever_ratio:>7.2f}x"
          f"  {four_ratio:.2f}x the reference below, <= 1.1x: {verdict(four_ratio <= 1.1)}")
    first_ok = med["app"]["first"] <= 2000 and first_ratio <= 2
    print(f"{'first full render after server start':<48}"
          f"{med['app']['first']:>7.0f} ms{med['floor']['first']:>7.0f} ms{first_ratio:>7.2f}x"
          f"  <= 2 s and <= 2x floor: {verdict(first_ok)}")
    print(f"{'server start to health check (not a target)':<48}"
          f"{med['app']['start']:>7.0f} ms{med['floor']['start']:>7.0f} ms")
    four = med["four charts"]
    print(f"{'  reference: floor + 4 plain Altair charts':<48}{four['lever']:>7.0f} ms lever "
          f"({four['lever'] / med['floor']['lever']:.2f}x floor), {four['first']:>5.0f} ms first "
          f"render ({four['first'] / med['floor']['first']:.2f}x)")
    per_session = memory["app"][2]
    print(f"{'RSS growth per open session':<48}{per_session:>7.1f} MB{memory['floor'][2]:>7.1f} MB"
          f"{'':>8}  <= 30 MB: {verdict(per_session <= 30)}")
    for name in ("app", "floor"):
        before, after, _ = memory[name]
        print(f"  {name}: server RSS {before:.0f} MB after warm-up, {after:.0f} MB with "
              f"{args.sessions} sessions open")
    for name in speed:
        lever, first = speed[name]["lever"], speed[name]["first"]
        print(f"  {name}: lever change min {min(lever):.0f} / max {max(lever):.0f} ms over "
              f"{len(lever)}; first render min {min(first):.0f} / max {max(first):.0f} ms over "
              f"{len(first)}")
    print()
    for what, value, unit in engine_throughput():
        print(f"{what:<56}{value:>12,.0f} {unit}")
    print(f"\nbench_ui took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
