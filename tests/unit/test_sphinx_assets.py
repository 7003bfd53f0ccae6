"""Each script once on a built page: a second inline ``const THEBE_JS_URL`` is a script
error ("Identifier 'THEBE_JS_URL' has already been declared") on every page."""

from __future__ import annotations

from sphinx.builders.html._assets import _CascadingStyleSheet, _JavaScript

from trygghet.publish.sphinx_ext import _drop_unused_assets, _each_asset_once

THEBE = 'const THEBE_JS_URL = "https://unpkg.com/thebe@0.8.2/lib/index.js"'


def test_an_inline_script_added_before_and_after_the_builder_started_is_kept_once():
    # As Sphinx 7.4 lists them: sphinx-thebe adds its inline script after the builder has
    # started (filename None), and the builder adds the registry's copy again ('').
    context = {
        "script_files": [
            _JavaScript("_static/trygghet.js"),
            _JavaScript(None, body=THEBE),
            _JavaScript("_static/sphinx-thebe.js", **{"async": "async"}),
            _JavaScript("", body=THEBE),
            _JavaScript("_static/trygghet.js", priority=800),  # jupyter-book's _static scan
        ],
        "css_files": [_CascadingStyleSheet("_static/trygghet.css"),
                      _CascadingStyleSheet("_static/trygghet.css", priority=800)],
    }
    _each_asset_once(None, "index", "page.html", context, None)
    bodies = [js.attributes.get("body") for js in context["script_files"]]
    assert bodies.count(THEBE) == 1
    files = [js.filename for js in context["script_files"] if js.filename]
    assert files == ["_static/trygghet.js", "_static/sphinx-thebe.js"]
    assert len(context["css_files"]) == 1


def test_different_inline_scripts_are_all_kept():
    context = {"script_files": [_JavaScript(None, body="let a = 1;"),
                                _JavaScript("", body="let b = 2;")]}
    _each_asset_once(None, "index", "page.html", context, None)
    assert len(context["script_files"]) == 2


MYSTNB = "_static/mystnb.11b39860.css"


def test_the_notebook_style_sheet_only_on_pages_with_notebook_cells_or_glued_values():
    """MyST-NB's style sheet (43 kB) on the search page put it over 1 MB on a phone."""
    def sheets(body: str) -> list[str]:
        context = {"body": body, "css_files": [_CascadingStyleSheet("_static/trygghet.css"),
                                               _CascadingStyleSheet(MYSTNB)]}
        _drop_unused_assets(None, "search", "search.html", context, None)
        return [css.filename for css in context["css_files"]]

    assert sheets('<div id="search-results"></div><p>Sök i boken.</p>') == [
        "_static/trygghet.css"]
    assert MYSTNB in sheets('<div class="cell docutils container"><div class="cell_output">')
    assert MYSTNB in sheets('<p>Fokusområde <span class="pasted-text">1</span></p>')
