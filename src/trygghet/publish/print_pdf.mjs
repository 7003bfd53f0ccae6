// Prints HTML files to tagged PDF in headless Chromium (DevTools Page.printToPDF).
// Usage: node print_pdf.mjs <in.html> <out.pdf> [<in.html> <out.pdf> ...]
//
// Page size, margins and running footers come from the document's own CSS (@page
// with margin boxes). Chromium writes the structure tree (tagged PDF), the outline
// (bookmarks from h1–h6), /Lang from <html lang> and /Title from <title>.
// Contents with page numbers: every element with data-toc-target="ID" gets the page
// of #ID. The first print leaves them blank; `pdfinfo -dests` (poppler-utils) reads
// the page of each link target from it, and the document is printed again with the
// numbers, until they no longer change (the numbers have room reserved, so filling
// them in does not move anything). Nothing may be loaded from other hosts.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { launchChromium, refuseExternal } from "./chromium.mjs";

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2 !== 0) {
  console.error("användning: node print_pdf.mjs IN.html UT.pdf [IN.html UT.pdf …]");
  process.exit(2);
}

function destinationPages(pdfPath) {
  const out = execFileSync("pdfinfo", ["-dests", pdfPath], { encoding: "utf-8" });
  const pages = {};
  for (const line of out.split("\n")) {
    const m = line.match(/^\s*(\d+)\s+\[.*\]\s+"(.*)"\s*$/);
    if (m) pages[m[2]] = Number(m[1]);
  }
  return pages;
}

const browser = await launchChromium();
let external = [];
try {
  const context = await browser.newContext();
  external = await refuseExternal(context);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const print = async (out) => {
    const { data } = await cdp.send("Page.printToPDF", {
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: false,
      generateTaggedPDF: true,
      generateDocumentOutline: true,
    });
    writeFileSync(out, Buffer.from(data, "base64"));
  };
  for (let i = 0; i < args.length; i += 2) {
    const [input, output] = [args[i], args[i + 1]];
    await page.goto(pathToFileURL(input).href, { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready);
    const targets = await page.evaluate(() =>
      [...document.querySelectorAll("[data-toc-target]")].map((e) => e.dataset.tocTarget));
    await print(output);
    let shown = {};
    for (let pass = 0; targets.length && pass < 4; pass++) {
      const pages = destinationPages(output);
      const missing = targets.filter((t) => !(t in pages));
      if (missing.length) throw new Error(`Sidnummer saknas för ${missing.join(", ")}`);
      if (targets.every((t) => shown[t] === pages[t])) break;
      await page.evaluate((p) => {
        for (const e of document.querySelectorAll("[data-toc-target]")) {
          e.textContent = String(p[e.dataset.tocTarget]);
        }
      }, pages);
      shown = pages;
      await print(output);
    }
  }
} finally {
  await browser.close();
}
if (external.length) {
  console.error(`Dokumentet försökte hämta från andra servrar: ${external.join(", ")}`);
  process.exit(1);
}
