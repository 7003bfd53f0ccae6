// What a reader sees, measured in headless Chromium at one width: how wide the page is (a
// page wider than the screen scrolls sideways), status and comment cells that are cut off,
// chart text too small to read, and whether the menu button opens the site navigation (by
// mouse and by keyboard).
// Usage: node reader-check.mjs <width> <file.html>...
// Prints one JSON object per page: {page, width, pageWidth, widest, clipped, chartText, bytes,
// at, errors, cutOff, menu?}; widest names the elements of the content that reach past the
// screen's right edge, bytes is the size of the page and every file the browser loaded for
// it; at gives how far down the page (px) a chapter's in-page menu and its summary ("I
// korthet") start, and the page's height; errors the script errors and console errors it
// logged, cutOff the links and headings whose text does not fit (Föregående/Nästa, the
// menu, the page's headings).
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launchChromium } from "../../../src/trygghet/publish/chromium.mjs";

const [width, ...pages] = process.argv.slice(2);
const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: Number(width), height: 900 } });
const page = await context.newPage();
const loaded = new Set();
page.on("request", (request) => { if (request.url().startsWith("file:")) loaded.add(request.url()); });
const errors = [];
page.on("pageerror", (error) => errors.push(error.message));
page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });

const bytes = () => [...loaded].reduce(
  (sum, url) => sum + statSync(fileURLToPath(url.split(/[?#]/)[0])).size, 0);

// What is cut off, in the page (one function: page.evaluate runs it there).
// clipped: every cell of every table in the page's content that the reader can see (not
// one in a closed "Visa tabell"), and whether all of it is inside the viewport and inside
// every ancestor that hides or scrolls its overflow: every column is readable without
// scrolling sideways. The pandas tables a notebook prints under "Så räknas det fram" (the
// data as the analysis sees it, for researchers) scroll in their output box as in Jupyter.
// cutOff: the links and headings whose text does not fit (Föregående/Nästa, the header's
// links, the page's headings), by the same measure.
const measure = () => {
  const cutBy = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return "not shown";
    if (r.left < -0.5 || r.right > window.innerWidth + 0.5) return "outside the viewport";
    if (el.scrollWidth > el.clientWidth + 1 && (getComputedStyle(el).overflowX !== "visible"
        || el.tagName === "TD" || el.tagName === "TH")) return "text wider than its box";
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      if (getComputedStyle(a).overflowX === "visible") continue;
      const ar = a.getBoundingClientRect();
      if (r.left < ar.left - 0.5 || r.right > ar.right + 0.5) {
        return `cut off by <${a.tagName.toLowerCase()} class="${a.className}">`;
      }
    }
    return null;
  };
  const clipped = [];
  for (const table of document.querySelectorAll("main table:not(.dataframe)")) {
    if (!table.checkVisibility()) continue;
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    const name = (table.querySelector("caption")?.textContent ?? "").trim().slice(0, 60);
    for (const row of table.querySelectorAll("tbody tr")) {
      for (const [i, cell] of [...row.children].entries()) {
        const why = cutBy(cell);
        if (why) {
          const column = heads[i] || `kolumn ${i + 1}`;
          clipped.push(`${name ? `«${name}» ` : ""}${column} of ` +
                       `${row.children[0].textContent.trim().slice(0, 40)}: ${why}`);
        }
      }
    }
  }
  const cutOff = [];
  for (const el of document.querySelectorAll(
      ".prev-next-area a, .prev-next-area p, main h1, main h2, main h3, " +
      ".bd-header-article a, .trygghet-phone-title")) {
    if (!el.checkVisibility()) continue;
    const why = cutBy(el);
    if (why) cutOff.push(`${el.textContent.trim().replace(/\s+/g, " ").slice(0, 50)}: ${why}`);
  }
  return { clipped, cutOff };
};

// The page's width as the browser lays it out, and the innermost elements of the content
// whose right edge is past the screen's (what made the page wider), by tag, class and text.
const measureWidth = () => {
  const wide = [...document.querySelectorAll("body *")].filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > window.innerWidth + 0.5 && el.checkVisibility()
      && getComputedStyle(el).position !== "fixed";
  });
  const innermost = wide.filter((el) => !wide.some((o) => o !== el && el.contains(o)));
  return {
    pageWidth: document.documentElement.scrollWidth,
    widest: innermost.slice(0, 5).map((el) =>
      `<${el.tagName.toLowerCase()} class="${el.className}"> ${el.textContent.trim().slice(0, 50)}`),
  };
};

// Rendered size of the smallest text in each chart, in units of the viewBox (pt): text drawn
// as glyph paths is scaled by font size / 100; SVG text has its font-size. A chart with no
// text found gives 0 px, so that a chart whose text this cannot read fails, never passes.
const chartText = async (file) => {
  const imgs = await page.$$eval("main img[src$='.svg']", (els) =>
    els.map((e) => ({ src: e.getAttribute("src"), width: e.getBoundingClientRect().width })));
  return imgs.map(({ src, width: shown }) => {
    const svg = readFileSync(resolve(dirname(file), decodeURIComponent(src)), "utf-8");
    const viewBox = Number(svg.match(/viewBox="[\d.]+ [\d.]+ ([\d.]+)/)[1]);
    const sizes = [...svg.matchAll(/scale\(([\d.]+) -[\d.]+\)/g)].map((m) => Number(m[1]) * 100)
      .concat([...svg.matchAll(/<text[^>]*font-size: ?([\d.]+)px/g)].map((m) => Number(m[1])));
    return { src, px: sizes.length ? Math.min(...sizes) * shown / viewBox : 0 };
  });
};

// Is a link of the site navigation on screen and the topmost thing where it is drawn?
const navShown = () => page.evaluate(() => {
  const link = [...document.querySelectorAll(".bd-docs-nav a")]
    .find((a) => a.textContent.trim().startsWith("Uppföljning"));
  if (!link) return false;
  const r = link.getBoundingClientRect();
  const x = r.left + Math.min(10, r.width / 2), y = r.top + r.height / 2;
  if (r.width < 1 || x < 0 || x > window.innerWidth || y < 0 || y > window.innerHeight) {
    return false;
  }
  const hit = document.elementFromPoint(x, y);
  return Boolean(hit && (hit === link || link.contains(hit)));
});

// How far down the page the chapter's in-page menu and summary start (null: none).
const landmarks = () => page.evaluate(() => {
  const top = (selector) => {
    const found = document.querySelector(selector);
    return found ? found.getBoundingClientRect().top + window.scrollY : null;
  };
  return { menu: top("main nav.trygghet-page-menu"), summary: top("main section#i-korthet"),
           height: document.documentElement.scrollHeight };
});

const menu = async (file) => {
  const button = page.getByRole("button", { name: "Visa eller dölj menyn" });
  const result = { before: await navShown() };
  await button.click();
  await page.waitForTimeout(400);  // the theme's slide transition
  result.afterClick = await navShown();
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  await button.focus();
  await page.keyboard.press("Enter");
  await page.waitForTimeout(400);
  result.afterEnter = await navShown();
  return result;
};

for (const [n, file] of pages.entries()) {
  loaded.clear();
  errors.length = 0;
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  await page.waitForTimeout(50);  // async scripts (sphinx-thebe.js) run after "load" too
  const weight = bytes();  // what opening the page loads; charts further down load on scrolling
  const { clipped, cutOff } = await page.evaluate(measure);
  const measured = { page: file, width: Number(width), ...await page.evaluate(measureWidth),
                     clipped, cutOff, at: await landmarks() };
  // Every chart loaded (as when the reader scrolls to it) before its text is measured.
  await page.$$eval("main img[loading='lazy']", (els) => els.forEach((e) => { e.loading = "eager"; }));
  await page.waitForFunction(() => [...document.querySelectorAll("main img")]
    .every((e) => e.complete));
  const result = { ...measured, chartText: await chartText(file), bytes: weight,
                   errors: [...errors] };
  if (n === 0) result.menu = await menu(file);
  console.log(JSON.stringify(result));
}
await browser.close();
