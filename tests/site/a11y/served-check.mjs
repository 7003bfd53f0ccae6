// The published folder as a visitor gets it from a web server, under a sub-path: the
// start page, every link on it, search, and a page that does not exist (deep down).
// Usage: node served-check.mjs <site address, e.g. http://127.0.0.1:8123/uppfoljning/>
// Prints one JSON object: {start, links, search, notFound, external}.
import { launchChromium } from "../../../src/trygghet/publish/chromium.mjs";

const [site] = process.argv.slice(2);
const origin = new URL(site).origin;
const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const external = [];
await context.route("**/*", (route) => {
  const url = route.request().url();
  if (url.startsWith(origin) || url.startsWith("data:")) return route.continue();
  external.push(url);
  return route.abort();
});
const page = await context.newPage();
const failed = [];
page.on("response", (response) => {
  if (response.status() >= 400 && response.request().resourceType() !== "document") {
    failed.push(`${response.status()} ${response.url()}`);
  }
});

// What a page shows: its language, title, heading, whether every style sheet it links
// loaded (and styles it: the theme's layout), the links in its menu and to the start page.
const describe = () => ({
  lang: document.documentElement.lang,
  title: document.title,
  h1: document.querySelector("article h1")?.textContent.trim() ?? "",
  sheets: [...document.querySelectorAll('link[rel="stylesheet"]')].map((link) => ({
    href: link.href, loaded: !!link.sheet })),
  styled: getComputedStyle(document.querySelector(".bd-container") ?? document.body).display
    !== "block" || !!document.querySelector(".bd-sidebar-primary"),
  menu: [...document.querySelectorAll(".bd-sidebar-primary nav a[href]")].map((a) => a.href),
  links: [...document.querySelectorAll("a[href]")].map((a) => ({ href: a.href,
    text: a.textContent.trim() })),
});

async function visit(url) {
  failed.length = 0;
  const response = await page.goto(url, { waitUntil: "load" });
  return { url, status: response?.status() ?? 0, ...(await page.evaluate(describe)),
           failedResources: [...failed] };
}

async function status(url) {
  const response = await context.request.get(url.split("#")[0]);
  return response.status();
}

const start = await visit(site);
const links = [];
const seen = new Set();
for (const { href } of start.links) {
  const url = href.split("#")[0];
  if (!url.startsWith(origin) || seen.has(url)) continue;
  seen.add(url);
  links.push({ url, status: await status(url) });
}

await page.goto(new URL("search.html?q=brott", site).href, { waitUntil: "load" });
await page.waitForSelector("#search-results li, .search-summary", { timeout: 30000 })
  .catch(() => null);
await page.waitForFunction(() => document.querySelector(".search-summary")?.textContent.trim(),
  null, { timeout: 30000 }).catch(() => null);
const search = await page.evaluate(() => ({
  lang: document.documentElement.lang,
  summary: document.querySelector(".search-summary")?.textContent.trim() ?? "",
  hits: [...document.querySelectorAll("#search-results li a")].map((a) => a.href),
}));
const hitStatus = [];
for (const href of search.hits.slice(0, 3)) hitStatus.push(await status(href));
search.hitStatus = hitStatus;

const notFound = await visit(new URL("editions/2024/no/such/page", site).href);
notFound.menuStatus = [];
for (const href of [...new Set(notFound.menu)].slice(0, 10)) {
  notFound.menuStatus.push({ href, status: await status(href) });
}
const home = notFound.links.find((link) => link.text === "Till startsidan");
notFound.home = home ? { href: home.href, status: await status(home.href) } : null;

console.log(JSON.stringify({ start, links, search, notFound, external }));
await browser.close();
