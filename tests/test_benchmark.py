"""The pure parts of scripts/benchmark.py: medians of paired runs, ratios, --compare, Markdown."""

from __future__ import annotations

import importlib.util
import json
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "benchmark.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("facilitation_benchmark", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


bench = _load()

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
DOCUMENT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><w:body>
<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Regional workshop</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>1. Results</w:t></w:r></w:p>
<w:p><w:r><w:t>Zack &amp; Tyler agreed (100*2)</w:t></w:r></w:p>
<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>
<w:tr><w:tc><w:p><w:r><w:t>Name</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Role</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>Ana</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>a|b</w:t></w:r></w:p>
<w:p><w:r><w:t>lead</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl>
<w:p><w:r><w:drawing><a:graphic><a:graphicData><a:blip r:embed="rId9"/></a:graphicData></a:graphic></w:drawing></w:r></w:p>
<w:p/>
</w:body></w:document>"""
RELATIONSHIPS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>
</Relationships>"""


@pytest.fixture
def small_docx(tmp_path: Path) -> Path:
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", DOCUMENT)
        archive.writestr("word/_rels/document.xml.rels", RELATIONSHIPS)
        archive.writestr("word/media/image1.png", PNG)
    return path


def test_paired_medians_take_the_median_of_each_side_and_of_the_pair_ratios() -> None:
    pairs = [(2.0, 1.0), (3.0, 1.0), (10.0, 8.0)]
    assert bench.paired_medians(pairs) == (3.0, 1.0, 2.0)


def test_one_disturbed_pair_does_not_move_the_ratio() -> None:
    pairs = [(1.0, 2.0), (1.1, 2.2), (9.0, 2.0), (0.9, 1.8), (1.0, 2.0)]
    assert bench.paired_medians(pairs)[2] == pytest.approx(0.5)


def test_ratio() -> None:
    assert bench.ratio(3.0, 1.5) == 2.0
    assert bench.ratio(1.0, 0.0) == float("inf")


def test_alternate_runs_a_then_b_and_stops_at_the_budget() -> None:
    order: list[str] = []

    def run(name: str) -> object:
        order.append(name)
        return bench.Run(0.0, 0.0)

    assert len(bench.alternate(lambda: run("A"), lambda: run("B"), 3, 60.0)) == 3
    assert order == ["A", "B", "A", "B", "A", "B"]
    assert len(bench.alternate(lambda: run("A"), lambda: run("B"), 5, -1.0)) == 1


def test_compare_flags_a_ratio_more_than_ten_percent_worse() -> None:
    previous = {"help": 1.0, "check-example": 2.0, "gone": 1.0}
    current = {"help": 1.2, "check-example": 2.1, "new": 5.0}
    lines, worse = bench.compare(previous, current)
    assert worse
    assert len(lines) == 2
    assert "check-example" in lines[0]
    assert lines[0].endswith("✓")
    assert "help" in lines[1]
    assert lines[1].endswith("✗ worse")


def test_compare_passes_within_ten_percent_and_when_better() -> None:
    lines, worse = bench.compare({"a": 1.0, "b": 2.0}, {"a": 1.09, "b": 1.0})
    assert not worse
    assert all(line.endswith("✓") for line in lines)


def test_ratios_leave_out_failed_and_absolute_rows() -> None:
    rows = [
        bench.Row("help", "--help", 1.0, 1.0, 1.0, 1.3, "≤ 1.3x"),
        bench.Row("charts", "charts", 1.0, 9.0, 1.0, 2.0, "≤ 2 s", compared=False),
        bench.Row("sign-in-1000", "sign-in", note="failed: boom"),
    ]
    assert bench.ratios(rows) == {"help": 1.0}


def test_growth_uses_ten_thousand_over_one_thousand() -> None:
    rows = {
        "participants-1000": bench.Row("participants-1000", "", a=1.0),
        "participants-10000": bench.Row("participants-10000", "", a=12.0),
        "sign-in-1000": bench.Row("sign-in-1000", "", a=2.0),
        "sign-in-10000": bench.Row("sign-in-10000", "", a=20.0),
    }
    grown = {row.key: row for row in bench.growth_rows(rows, [1000, 5000, 10000])}
    assert grown["growth-participants"].value == 12.0
    assert grown["growth-participants"].met is False
    assert grown["growth-sign-in"].met is True
    assert grown["growth-check"].note == "not measured"


def test_memory_is_linear_when_the_last_step_costs_no_more_per_person() -> None:
    assert bench.linear({1000: 100.0, 5000: 180.0, 10000: 280.0})
    assert not bench.linear({1000: 100.0, 5000: 180.0, 10000: 580.0})
    assert bench.linear({1000: 100.0, 5000: 180.0}) is None


def test_markdown_has_headings_pipe_tables_and_the_images(small_docx: Path, tmp_path: Path) -> None:
    folder = tmp_path / "md"
    folder.mkdir()
    markdown = bench.docx_markdown(small_docx, folder)
    lines = markdown.splitlines()
    assert lines[0] == "# Regional workshop"
    assert r"## 1\. Results" in lines
    assert r"Zack \& Tyler agreed \(100\*2\)" in lines
    assert "| Name | Role |" in lines
    assert "| --- | --- |" in lines
    assert r"| Ana | a\|b / lead |" in lines
    assert "![](chart1.png)" in lines
    assert (folder / "chart1.png").read_bytes() == PNG


def test_table_rows_read_every_cell_paragraph(small_docx: Path) -> None:
    columns, rows = bench.table_rows(small_docx)
    assert columns == 2
    assert rows == [[["Name"], ["Role"]], [["Ana"], ["a|b", "lead"]]]
    assert json.loads(json.dumps(rows)) == rows


def test_settings_quick_and_sizes() -> None:
    quick = bench.settings_from(bench.parse_arguments(["--quick"]))
    assert (quick.runs, quick.sizes) == (1, [1000, 5000])
    chosen = bench.settings_from(bench.parse_arguments(["--sizes", "5000,1000", "--runs", "2"]))
    assert (chosen.runs, chosen.sizes) == (2, [1000, 5000])
    with pytest.raises(SystemExit, match="whole numbers"):
        bench.settings_from(bench.parse_arguments(["--sizes", "1k"]))


def test_a_failing_later_run_keeps_the_pairs_before_it() -> None:
    calls = iter([bench.Run(1.0, 0.0), bench.Run(2.0, 0.0)])

    def a() -> object:
        run = next(calls, None)
        if run is None:
            raise bench.CommandError("facilitation build ... failed")
        return run

    pairs = bench.alternate(a, lambda: bench.Run(1.0, 0.0), 5, 60.0)
    assert [first.seconds for first, _ in pairs] == [1.0, 2.0]
    with pytest.raises(bench.CommandError):
        bench.alternate(a, lambda: bench.Run(1.0, 0.0), 5, 60.0)


def test_main_exits_1_when_compare_finds_a_worse_ratio(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def rows(*_: object) -> list[object]:
        return [bench.Row("help", "--help / imports", 1.5, 1.0, 1.5, 1.3, "≤ 1.3x", met=False)]

    monkeypatch.setattr(bench, "benchmark", rows)
    previous = tmp_path / "previous.json"
    previous.write_text(json.dumps({"ratios": {"help": 1.2}}), encoding="utf-8")
    current = tmp_path / "current.json"
    assert bench.main(["--json", str(current), "--compare", str(previous)]) == 1
    assert "✗ worse" in capsys.readouterr().out
    report = json.loads(current.read_text(encoding="utf-8"))
    assert report["ratios"] == {"help": 1.5}
    assert {"platform", "python", "cpus", "date"} <= set(report["machine"])
    previous.write_text(json.dumps({"ratios": {"help": 1.45}}), encoding="utf-8")
    assert bench.main(["--json", str(current), "--compare", str(previous)]) == 0


def test_main_refuses_a_compare_file_without_ratios(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("[]", encoding="utf-8")
    assert bench.main(["--compare", str(broken)]) == 2


def test_a_failed_row_quotes_the_tools_diagnostic() -> None:
    error = bench.CommandError(
        "facilitation build ... failed:\nerror[R309]: the template is stopped\n --> sign-in.docx\n"
        "1 error in 1 file\n"
    )
    row = bench.failed_row("sign-in-10000", "sign-in", "≤ 2x", error)
    assert row.note == "failed: error[R309]: the template is stopped"
    assert row.met is False


WORKERS = """
import multiprocessing, time
def hold(_):
    block = bytearray(120 * 1024 * 1024)
    time.sleep(0.4)
    return len(block)
if __name__ == "__main__":
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(hold, [0, 1])
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")
def test_peak_memory_counts_the_workers_a_command_forks() -> None:
    run = bench.measure([sys.executable, "-c", WORKERS])
    assert run.peak_mb > 2 * 120  # each worker's 120 MB, not only the parent's few
