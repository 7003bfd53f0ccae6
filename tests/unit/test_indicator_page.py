"""What a chapter shows for one indicator: computed sentences, development,
comparisons, breakdowns, charts with text alternatives and tables, sources."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from tests.conftest import SMALL, reader_text
from trygghet.data.indicators import (
    CSV_COLUMNS,
    Indicator,
    IndicatorMeta,
    load_indicator,
    suppress_small_counts,
)
from trygghet.data.settings import load_settings
from trygghet.present.charts import Line
from trygghet.present.downloads import indicator_csv
from trygghet.present.indicator_page import IndicatorSection, alt_text, value_table_details
from trygghet.present.text import NBSP

DATA = SMALL / "data"  # the small project
SETTINGS = load_settings(DATA)


unescaped = reader_text


def section(indicator, tmp_path, year=2024) -> tuple[str, list]:
    s = IndicatorSection(indicator, SETTINGS, year, (2022, 2024),
                         figure_dir=tmp_path / "figures", download_dir=tmp_path / "downloads")
    outputs = s.outputs()
    return unescaped("\n".join(o.data for o in outputs)), outputs


@pytest.fixture(scope="module")
def valdeltagande(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("page")
    text, outputs = section(load_indicator(DATA, "valdeltagande"), tmp)
    return text, outputs, tmp


def test_sentences_state_latest_value_development_and_comparison(valdeltagande):
    text, _, _ = valdeltagande
    # Published in whole percent since 2018: shown and judged at that precision.
    assert f"Valdeltagande i senaste kommunalvalet i Västerås var 79{NBSP}% år 2022." in text
    assert f"**Utveckling sedan utgångsåret 2021: −{NBSP}Negativ utveckling.**" in text
    assert "Utgångsvärdet är siffran från valet 2018" in text
    assert f"I valet 2022 var värdet i Västerås 79{NBSP}%, lägre än i riket (80{NBSP}%)" in text
    assert "måste vara minst 3 procentenheter" in text
    assert "i riket och" in text and "Från 2021 till 2022 var förändringen" in text


def test_breakdowns_by_sex_and_voting_district(valdeltagande):
    text, _, _ = valdeltagande
    assert "#### Kvinnor och män, flickor och pojkar" in text
    assert f"80{NBSP}% för kvinnor/flickor och 77{NBSP}% för män/pojkar" in text
    assert "#### Valdistrikten" in text
    assert (f"79{NBSP}% för kommunen totalt, 50,0{NBSP}% för lägsta valdistrikt och "
            f"94,1{NBSP}% för högsta valdistrikt") in text


def test_only_subheadings_below_the_indicator_heading(valdeltagande):
    text, _, _ = valdeltagande
    levels = {len(m) for m in re.findall(r"^(#+) ", text, flags=re.MULTILINE)}
    assert levels == {4}


def test_every_chart_has_an_alt_text_and_a_table_and_the_file_exists(valdeltagande):
    text, _, tmp = valdeltagande
    figures = re.findall(r":::\{figure\} (\S+)\n:alt: (.+)", text)
    assert len(figures) == 3
    for path, alt in figures:
        assert (tmp / "figures").joinpath(path.rsplit("/", 1)[-1]).exists()
        assert alt.startswith("Linjediagram över") and "Senaste värden" in alt
    assert "från 2021 till 2022: −5 procentenheter" in figures[0][1]  # whole percent
    assert text.count('<details class="trygghet-data">') == 3
    assert "<caption>" in text


def test_election_years_only_in_the_charts(valdeltagande):
    text, _, _ = valdeltagande
    first_table = text[text.index('<details'):text.index('</details>')]
    assert re.findall(r'<th scope="row">(\d{4})</th>', first_table) == ["2014", "2018", "2022"]


def _comparison_rows(text: str) -> dict[str, str]:
    """The comparison table's rows: the area (the row header) → the rest of the row."""
    table = BeautifulSoup(text[text.index("#### Jämförelse"):], "html.parser").find("table")
    return {tr.find("th", scope="row").get_text(strip=True):
            " ".join(td.get_text() for td in tr.find_all("td"))
            for tr in table.find("tbody").find_all("tr")}


def test_comparison_table_with_riket_group_mean_and_members(valdeltagande):
    text, _, _ = valdeltagande
    assert "#### Jämförelse med riket och liknande kommuner" in text
    rows = _comparison_rows(text)
    for name in ("Riket", "Liknande kommuner (medel)", "Borås", "Örebro"):
        assert name in rows
    assert "2021 (valet 2018)" in text
    assert "Egen bearbetning av data från Kolada" in text


def test_source_and_download(valdeltagande):
    text, _, tmp = valdeltagande
    assert "Källa: Kolada, N05401" in text
    assert "{download}`Ladda ner uppgifterna för indikatorn (CSV) <" in text
    # The section links to the file; it writes none (the page writer does, explicitly).
    assert not (tmp / "downloads").exists()


def test_small_counts_show_as_two_dots_in_table_and_are_left_out_of_the_chart(tmp_path):
    meta = IndicatorMeta.model_validate({
        "id": "arenden", "measure": "Ärenden", "unit": "antal", "decimals": 0,
        "direction": "minska", "definition": "Test.",
        "series": [{"id": "S", "label": "Ärenden", "main": True}]})
    rows = [[y, "S", a, n, "T", v, "Test", "2025-01-01"]
            for y, v in ((2020, 12.0), (2021, 3.0), (2022, 9.0))
            for a, n in (("1980", "Västerås"), ("0000", "Riket"))]
    values = pd.DataFrame(rows, columns=CSV_COLUMNS)
    ind = Indicator(meta, suppress_small_counts(values, "antal", 5), baseline_year=2021)
    text, _ = section(ind, tmp_path)
    table = text[text.index('<details'):text.index('</details>')]
    assert '<th scope="row">2021</th><td class="num">..</td>' in table
    assert "Teckenförklaring: .. = uppgift saknas" in table
    assert "3" not in re.sub(r"<[^>]+>", " ", table).split()
    # the baseline 2021 is suppressed, so the baseline is 2020 and nothing reveals 3
    assert "från 12 år 2020" in text
    csv = indicator_csv(ind, 2024).decode("utf-8-sig")
    assert ",..," in csv and ",3.0," not in csv


def test_alt_text_and_table_from_the_same_lines():
    lines = [Line("Västerås", [2021, 2022], [962.8, 914.6]), Line("Riket", [2022], [1000.0])]
    alt = alt_text(lines, "Anmälda våldsbrott", "antal per 100 000 invånare", 0)
    assert alt == ("Linjediagram över anmälda våldsbrott 2021–2022 för Västerås och Riket. "
                   "Senaste värden: Västerås 915 per 100\u00a0000 invånare (2022) och Riket "
                   "1 000 per 100\u00a0000 invånare (2022).".replace("1 000", f"1{NBSP}000"))
    html = value_table_details(lines, "Anmälda våldsbrott", "antal per 100 000 invånare", 0)
    assert '<th scope="row">2021</th><td class="num">963</td><td class="num">..</td>' in html
    assert "Teckenförklaring" in html


def test_comparison_table_judges_every_area_as_the_data_package_does(tmp_path):
    """One implementation: the page's table and utveckling.csv give the same judgement."""
    from trygghet.analysis.development import development_table

    indicator = load_indicator(DATA, "sysselsattningsgrad")
    text, _ = section(indicator, tmp_path)
    shown = _comparison_rows(text)
    rows = development_table([indicator], SETTINGS, 2024)
    for r in rows[rows["sex"] == "T"].itertuples():
        assert r.area_name in shown, r.area_name
        assert f"{r.symbol}{NBSP}{r.label}" in shown[r.area_name], r.area_name
