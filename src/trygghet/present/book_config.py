"""The book's settings from ``data/settings.yml``: what Jupyter Book's ``_config.yml`` gets
from the municipality's settings when the build writes it (author, copyright, the site's
address and the MyST substitutions the fixed pages use). One function,
:func:`apply_settings`; the pages use the substitutions:

``{{ municipality }}``, ``{{ organisation }}``
    names (literal text);
``{{ contact }}``
    who to contact, with phone, e-mail and web address as given;
``{{ repository_url }}``
    an autolink to the project's repository, or empty;
``{{ accessibility_updated }}``
    "Redogörelsen uppdaterades senast den 26 november 2026." or empty;
``{{ known_issues }}``
    the book's own known accessibility issues as a list with a lead-in, or empty.

Every value from the settings is literal text (:mod:`trygghet.data.untrusted`)."""

from __future__ import annotations

import copy
from urllib.parse import urlparse

from trygghet.data.project import Project
from trygghet.data.settings import Settings
from trygghet.data.untrusted import markdown_inline
from trygghet.present.templating import render
from trygghet.present.text import swedish_date


def substitutions(settings: Settings) -> dict[str, str]:
    """The MyST substitutions the fixed pages (chapters/, notebooks) use, from settings."""
    updated = settings.accessibility.updated
    return {
        "municipality": markdown_inline(settings.municipality.name, emphasis=False),
        "organisation": markdown_inline(settings.organisation.name, emphasis=False),
        "contact": str(render("book-contact.md.j2", contact=settings.contact)),
        # Checked against WEB_ADDRESS (no space, "<" or ">"): safe inside an autolink.
        "repository_url": f"<{settings.website.repository}>" if settings.website.repository
        else "",
        "accessibility_updated": (markdown_inline(f"Redogörelsen uppdaterades senast den "
                                                  f"{swedish_date(updated)}.")
                                  if updated else ""),
        "known_issues": str(render("book-known-issues.md.j2",
                                   issues=settings.accessibility.known_issues)).strip(),
    }


def apply_settings(config: dict, settings: Settings) -> dict:
    """A copy of the book's configuration (``_config.yml`` as read) with what comes from
    the settings: author and copyright (the organisation), ``html.baseurl`` (the site's
    address) and the substitutions. The author is data: the book's own
    ``_templates/author.html`` escapes it where the theme would print it as HTML."""
    config = copy.deepcopy(config)
    org = settings.organisation
    config["author"] = f"{org.name}, {org.unit}" if org.unit else org.name
    config["copyright"] = org.name
    config.setdefault("html", {})["baseurl"] = settings.website.address or ""
    config.setdefault("parse", {}).setdefault("myst_substitutions", {}).update(
        substitutions(settings))
    return config


#: Pages that are not content: no place in the sitemap.
NOT_IN_SITEMAP = ["search.html", "404.html", "genindex.html"]


def site_config(config: dict, project: Project) -> dict:
    """A copy of the book's configuration with what the site around the pages needs
    (:mod:`trygghet.publish.sphinx_site`): the municipality for every page's title, each
    edition's title and "Senast uppdaterad" date and, when the book has an address, the
    sitemap, the Swedish 404 page (its links under the address, so it works at any depth)
    and the links to the editions' PDFs (``trygghet publish`` puts them beside the
    pages). None of it is read by a notebook."""
    config = copy.deepcopy(config)
    settings = project.settings
    address = settings.website.address or ""
    sphinx = config.setdefault("sphinx", {})
    extensions = sphinx.setdefault("extra_extensions", [])
    extensions.append("trygghet.publish.sphinx_site")
    values = sphinx.setdefault("config", {})
    editions = {}
    for year in project.edition_years():
        updated = project.for_year(year).last_updated()
        editions[str(year)] = {
            "title": f"Uppföljning {year} – {project.plans.of_year(year).document.title}",
            "updated": updated.isoformat() if updated else ""}
    values.update({
        "trygghet_municipality": settings.municipality.name,
        "trygghet_publisher": settings.organisation.name,
        "trygghet_editions": editions,
        "trygghet_pdfs": bool(address),
    })
    # Only a site with an address is served from a web server: sphinx-sitemap needs the
    # address (without it, it warns and the strict build fails), and the 404 page's links
    # are paths under it (a page opened from the disk has no server to send it).
    if address:
        prefix = urlparse(address).path.rstrip("/") + "/"
        extensions += ["sphinx_sitemap", "notfound.extension"]
        values.update({
            "sitemap_url_scheme": "{link}", "sitemap_locales": [None],
            "sitemap_excludes": NOT_IN_SITEMAP,
            "notfound_urls_prefix": prefix,
            "notfound_context": {"title": "Sidan finns inte",
                                 "body": str(render("not-found.html.j2", prefix=prefix))}})
    return config


__all__ = ["apply_settings", "site_config", "substitutions"]
