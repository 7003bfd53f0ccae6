"""Publishing (issue 23) without a build: the address is required, the site's
configuration follows it, "Senast uppdaterad" comes from the data, the page checks of the
accessibility statement find what they look for, and the hosting recipes deploy the
folder ``make publish`` writes with the platforms' own actions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from trygghet.cli import main
from trygghet.data.editions import edition_years
from trygghet.data.project import Project
from trygghet.present.book_config import site_config
from trygghet.publish import site


def _set_address(data: Path, address: str | None) -> None:
    path = data / "settings.yml"
    settings = yaml.safe_load(path.read_text(encoding="utf-8"))
    settings.setdefault("website", {})["address"] = address
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")


def test_publishing_without_an_address_is_refused_in_swedish(small_copy, capsys):
    _set_address(small_copy, None)
    root = small_copy.parent
    with pytest.raises(site.PublishError, match="website.address"):
        site.address(root)
    assert main(["--root", str(root), "publish"]) == 1
    err = capsys.readouterr().err
    assert "Webbokens adress saknas" in err and "Inget har publicerats" in err
    assert not (root / "_build").exists()


def test_the_site_configuration_follows_the_address(small_copy):
    data_copy = small_copy
    _set_address(data_copy, None)
    without = site_config({}, Project.load(data_copy))["sphinx"]
    assert not {"sphinx_sitemap", "notfound.extension"} & set(without["extra_extensions"])
    assert without["config"]["trygghet_pdfs"] is False
    _set_address(data_copy, "https://www.kommun.se/trygghet/uppfoljning/")
    config = site_config({}, Project.load(data_copy))["sphinx"]
    assert {"sphinx_sitemap", "notfound.extension"} <= set(config["extra_extensions"])
    values = config["config"]
    assert values["notfound_urls_prefix"] == "/trygghet/uppfoljning/"
    assert 'href="/trygghet/uppfoljning/index.html"' in values["notfound_context"]["body"]
    assert values["notfound_context"]["title"] == "Sidan finns inte"
    municipality = Project.load(data_copy).settings.municipality.name
    assert values["trygghet_pdfs"] is True and values["trygghet_municipality"] == municipality
    years = edition_years(data_copy)
    assert sorted(values["trygghet_editions"]) == [str(y) for y in years]


def test_last_updated_is_the_newest_date_in_the_data_not_the_clock(small_copy):
    data_copy = small_copy
    year = edition_years(data_copy)[-1]
    before = Project.load(data_copy, year).last_updated()
    assert before is not None and before < dt.date(2026, 12, 31)
    values = min((data_copy / "indicators").glob("*.csv"))
    lines = values.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ",2026-12-31"
    values.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert Project.load(data_copy, year).last_updated() == dt.date(2026, 12, 31)


def test_the_page_checks_find_what_the_statement_names(tmp_path):
    good = tmp_path / "good.html"
    good.write_text('<html lang="sv"><head><title>Sida</title>'
                    '<link rel="stylesheet" href="_static/a.css"></head><body><main>'
                    '<h1>A</h1><h2>B</h2><img src="a.png" alt=""></main></body></html>')
    assert site.check_page(good, "good.html", "https://x.se/") == []
    bad = tmp_path / "bad.html"
    bad.write_text('<html lang="en"><head><title></title>'
                   '<script src="https://cdn.example.com/x.js"></script></head><body><main>'
                   '<h1>A</h1><h3>C</h3><img src="a.png"></main></body></html>')
    problems = site.check_page(bad, "bad.html", "https://x.se/")
    assert len(problems) == 5 and all(p.startswith("bad.html: ") for p in problems)


def test_the_hosting_recipes_deploy_the_published_folder_with_the_platforms_actions():
    github = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    steps = [s for job in github["jobs"].values() for s in job.get("steps", [])]
    uses = {s.get("uses", "").split("@")[0]: s for s in steps}
    assert any(s.get("run") == "make publish" for s in steps)
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "_build/publish"
    assert "actions/deploy-pages" in uses
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())["pages"]
    assert "make publish" in gitlab["script"] and gitlab["artifacts"]["paths"] == ["public"]
    assert "cp -r _build/publish public" in gitlab["script"]
