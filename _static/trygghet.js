// The book's own behaviour, small and without dependencies.
// Printing: the data tables under the charts (<details class="trygghet-data">) are printed
// open, and the print header shows the page's full address. Both are undone afterwards.
(() => {
  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = [...document.querySelectorAll("details.trygghet-data:not([open])")];
    opened.forEach((d) => { d.open = true; });
    document.querySelectorAll(".trygghet-print-url").forEach((el) => {
      if (location.protocol.startsWith("http")) el.textContent = location.href.split("#")[0];
    });
  });
  window.addEventListener("afterprint", () => {
    opened.forEach((d) => { d.open = false; });
    opened = [];
  });
})();
