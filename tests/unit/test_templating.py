"""Templates escape data on the way out: what a reader sees is the text, never markup."""

import pytest
from markupsafe import Markup

from trygghet.present import templating


def _clear() -> None:
    templating._html_environment.cache_clear()
    templating._myst_environment.cache_clear()


@pytest.fixture(autouse=True)
def _package_templates_afterwards():
    """The environments are cached: after a test's own templates, the package's again."""
    yield
    _clear()


def _write(tmp_path, monkeypatch, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(templating, "TEMPLATES", tmp_path)
    _clear()


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


def test_html_template_is_one_line_with_spaces_only_where_text_breaks(tmp_path, monkeypatch):
    """One line, so that no line of it can end a MyST raw block early."""
    _write(tmp_path, monkeypatch, "t.html.j2",
           '<div\n  class="a">\n  <p>Ett\n  två</p>\n  {% if x %}\n    <br>\n  {% endif %}\n</div>\n')
    assert templating.render("t.html.j2", x=True) == '<div class="a"><p>Ett två</p><br></div>'


def test_text_lines_become_br_and_stay_escaped(tmp_path, monkeypatch):
    _write(tmp_path, monkeypatch, "t.html.j2",
           "{% for line in text|lines %}{% if not loop.first %}<br>{% endif %}{{ line }}"
           "{% endfor %}")
    out = templating.render("t.html.j2", text="a<b>\r\nc\rd\n")
    assert out == "a&lt;b&gt;<br>c<br>d<br>"


def test_myst_paths_and_options_cannot_break_out(tmp_path, monkeypatch):
    _write(tmp_path, monkeypatch, "t.md.j2",
           ":::{figure} {{ path|path }}\n:alt: {{ alt|option }}\n:::\n")
    out = templating.render("t.md.j2", path="figures/a-2024.svg",
                            alt="Linje\n:::\n```{raw} html\n<b>`x`</b>")
    assert out.count("\n") == 3 and "```" not in out
    with pytest.raises(ValueError):
        templating.render("t.md.j2", path="a.svg>`\n:::{raw}", alt="")


def test_notebook_outputs_carry_plain_text():
    """re.sub on Markup would HTML-escape what it adds; outputs are plain str."""
    out = templating.Markdown(Markup("a \\& b"))
    assert type(out.data) is str and type(templating.HTML(Markup("<p>")).data) is str
