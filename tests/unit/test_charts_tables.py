"""Charts are deterministic and tell series apart without colour; tables escape text."""

from __future__ import annotations

import itertools

from trygghet.present.charts import STYLES, Line, line_chart, spread
from trygghet.present.tables import html_table


def test_same_data_gives_the_same_svg_bytes(tmp_path):
    lines = [Line("Västerås", [2020, 2021, 2022], [1.0, 2.0, 3.0]),
             Line("Riket", [2020, 2021, 2022], [2.0, 2.5, 2.0])]
    a = line_chart(lines, tmp_path / "a.svg", unit_label="procent", decimals=1,
                   plan_period=(2022, 2024)).read_bytes()
    b = line_chart(lines, tmp_path / "b.svg", unit_label="procent", decimals=1,
                   plan_period=(2022, 2024)).read_bytes()
    assert a == b
    assert b"<dc:date>" not in a


def test_series_differ_by_marker_and_dash_not_only_colour():
    markers = [s["marker"] for s in STYLES]
    dashes = [str(s["linestyle"]) for s in STYLES]
    assert len(set(markers)) == len(STYLES)
    assert len(set(dashes)) == len(STYLES)


def test_direct_labels_are_spread_apart():
    placed = spread([0.5, 0.5, 0.51], gap=0.1)
    ordered = sorted(placed)
    assert all(b - a >= 0.1 - 1e-9 for a, b in itertools.pairwise(ordered))
    assert max(placed) <= 1.0


def test_table_escapes_text_and_marks_headers():
    html = html_table("Rubrik", ["Nr", "Text"], [["1.1", "<script>alert(1)</script>"]])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<th scope="col">Nr</th>' in html and '<th scope="row">1.1</th>' in html
    assert '<caption><span class="caption-inner">Rubrik</span></caption>' in html


def test_baseline_marker_changes_the_chart_and_stays_deterministic(tmp_path):
    lines = [Line("Västerås", [2019, 2020, 2021, 2022], [1.0, 2.0, 3.0, 2.5])]
    plain = line_chart(lines, tmp_path / "a.svg", unit_label="procent", decimals=1,
                       plan_period=(2022, 2024)).read_bytes()
    marked = line_chart(lines, tmp_path / "b.svg", unit_label="procent", decimals=1,
                        plan_period=(2022, 2024), baseline_year=2021).read_bytes()
    again = line_chart(lines, tmp_path / "c.svg", unit_label="procent", decimals=1,
                       plan_period=(2022, 2024), baseline_year=2021).read_bytes()
    assert marked != plain and marked == again
