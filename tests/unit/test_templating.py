"""Templates escape data on the way out: what a reader sees is the text, never markup."""

import pytest
from markupsafe import Markup

from trygghet.present import templating


@pytest.fixture(autouse=True)
def _fresh_environments():
    """The environments are cached per process: none made from a test's folder may be
    left for the tests after it."""
    yield
    templating._html_environment.cache_clear()
    templating._myst_environment.cache_clear()


def _write(tmp_path, monkeypatch, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(templating, "TEMPLATES", tmp_path)
    templating._html_environment.cache_clear()
    templating._myst_environment.cache_clear()


def test_html_template_escapes_data_but_not_own_markup(tmp_path, monkeypatch):
    _write(tmp_path, monkeypatch, "t.html.j2", "<p>{{ comment }}</p>{{ own }}")
    out = templating.render("t.html.j2", comment="<script>x</script>", own=Markup("<b>ok</b>"))
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert out.endswith("<b>ok</b>")


def test_myst_template_prints_data_as_literal_text(tmp_path, monkeypatch):
    _write(tmp_path, monkeypatch, "t.md.j2",
           "# {{ title }}\n\n{{ body|blocks }}\n\n{{ name|link('/a.md') }}\n")
    out = templating.render("t.md.j2", title="{download}`x`", body="- a\n\n```{raw}\nb\n```",
                            name="[n](http://e.se)")
    assert out.startswith("# \\{download\\}\\`x\\`")
    assert "\\`\\`\\`\\{raw\\}" in out
    assert "[\\[n\\]\\(http\\:\\/\\/e\\.se\\)](/a.md)" in out


def test_unknown_variable_is_an_error_not_an_empty_string(tmp_path, monkeypatch):
    from jinja2 import UndefinedError
    _write(tmp_path, monkeypatch, "t.html.j2", "{{ missing }}")
    with pytest.raises(UndefinedError):
        templating.render("t.html.j2")
