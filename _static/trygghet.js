// The book's own behaviour, small and without dependencies.
// Printing: the data tables under the charts (<details class="trygghet-data">) are printed
// open, and the print header shows the page's full address. Both are undone afterwards.
(() => {
  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = [...document.querySelectorAll("details.trygghet-data:not([open])")];
    opened.forEach((d) => { d.open = true; });
    document.querySelectorAll(".trygghet-print-source").forEach((el) => {
      if (location.protocol.startsWith("http")) el.dataset.url = location.href.split("#")[0];
    });
  });
  window.addEventListener("afterprint", () => {
    opened.forEach((d) => { d.open = false; });
    opened = [];
  });
})();

// Search: the words searched for are marked (with "Dölj sökträffarna") only on the page
// opened from the search results, not on every page read afterwards. Sphinx keeps them in
// localStorage until a page reads them; a page not reached from the search page drops them
// before Sphinx looks (this script runs before DOMContentLoaded).
(() => {
  const fromSearch = document.referrer && new URL(document.referrer, location.href)
    .pathname.endsWith("/search.html");
  if (!fromSearch && !new URL(location.href).searchParams.has("highlight")) {
    try { localStorage.removeItem("sphinx_highlight_terms"); } catch (e) { /* no storage */ }
  }
})();
