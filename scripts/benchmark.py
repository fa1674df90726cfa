"""Time `check` and `build` on the example and on generated workshops with many participants.

    python scripts/benchmark.py            # 5,000 and 10,000 participants
    python scripts/benchmark.py 2000 4000  # other sizes

Prints seconds per step. Building the participant documents for 5,000 people should take a few
seconds, and doubling the participants should no more than double the time. Then what the charts
add to building every document of the example and its synthesis: the time spent drawing them
(matplotlib's import included), which should stay under two seconds.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "western-balkans"
COUNTRIES = ["RS", "BA", "AL", "ME", "XK", "MK"]
FIRST = ["Ana", "Јелена", "Besa", "Ѓорѓи", "Milena", "Dženan", "Elira", "Марко", "Arbër", "Ivana"]
LAST = [
    "Jovanović",
    "Марковић",
    "Krasniqi",
    "Трајковски",
    "Śekloća",
    "Hadžić",
    "Lëkaj",
    "Илић",
    "Çela",
    "Šimić",
]


def generated(folder: Path, participants: int) -> Path:
    """A copy of the example workshop with `participants` generated participants."""
    shutil.copytree(EXAMPLE, folder, dirs_exist_ok=True)
    with (folder / "participants.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            [
                "First name",
                "Last name",
                "Position",
                "Institution",
                "Country",
                "E-mail",
                "Phone",
                "Photo consent",
                "Share contact",
            ]
        )
        for index in range(participants):
            country = COUNTRIES[index % len(COUNTRIES)]
            writer.writerow(
                [
                    FIRST[index % len(FIRST)],
                    f"{LAST[index * 7 % len(LAST)]} {index}",
                    "Inspector",
                    f"{country.lower()}-police",
                    country,
                    f"person{index}@example.org",
                    f"+381 11 000 {index:04d}",
                    "yes" if index % 3 else "no",
                    "yes" if index % 2 else "no",
                ]
            )
    return folder / "regional-strategic-planning.yaml"


def timed(arguments: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "facilitation", *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"facilitation {' '.join(arguments)} failed:\n{result.stderr[-2000:]}")
    return elapsed


#: Builds the example and its synthesis in one process and times the chart functions within it.
CHART_COST = """
import sys, time
from pathlib import Path
from facilitation.documents import charts
spent = [0.0]
for name in ("rating_distribution", "radar"):
    def wrapped(*args, _draw=getattr(charts, name), **kwargs):
        started = time.perf_counter()
        try:
            return _draw(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started
    setattr(charts, name, wrapped)
from facilitation.documents.build import build, build_synthesis
started = time.perf_counter()
build([Path(sys.argv[1])], Path(sys.argv[2]))
build_synthesis([Path(sys.argv[1])], Path(sys.argv[2]) / "synthesis")
print(f"{time.perf_counter() - started:.2f} {spent[0]:.2f}")
"""


def chart_cost(out: Path) -> tuple[float, float]:
    """Seconds to build every document of the example and its synthesis, and of it the charts."""
    result = subprocess.run(
        [sys.executable, "-c", CHART_COST, str(EXAMPLE), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"building the example failed:\n{result.stderr[-2000:]}")
    total, charts = result.stdout.split()
    return float(total), float(charts)


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [5000, 10000]
    with tempfile.TemporaryDirectory() as work:
        out = Path(work, "out")
        print(
            f"{'workshop':<34} {'check':>8} {'build all':>10} {'participants':>13} {'sign-in':>9}"
        )
        rows = [("example (40 participants)", EXAMPLE / "regional-strategic-planning.yaml")]
        rows += [
            (f"generated ({size:,} participants)", generated(Path(work, f"w{size}"), size))
            for size in sizes
        ]
        results = {}
        for label, path in rows:
            check = timed(["check", str(path)])
            everything = timed(["build", str(path), "-o", str(out)])
            people = timed(["build", str(path), "-o", str(out), "--only", "participants"])
            sign_in = timed(["build", str(path), "-o", str(out), "--only", "sign-in"])
            results[label] = people
            print(
                f"{label:<34} {check:>7.2f}s {everything:>9.2f}s {people:>12.2f}s {sign_in:>8.2f}s"
            )
        if len(sizes) >= 2:
            small, large = rows[1][0], rows[2][0]
            print(
                f"participant list: x{sizes[1] / sizes[0]:.1f} participants -> x{results[large] / results[small]:.2f} time"
            )
        total, drawn = chart_cost(Path(work, "charts"))
        print(f"the whole example and its synthesis: {total:.2f}s, of which charts {drawn:.2f}s")


if __name__ == "__main__":
    main()
