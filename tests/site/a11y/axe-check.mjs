// Runs axe-core (WCAG 2.0/2.1 A and AA rules) on each given HTML file in headless
// Chromium, with the system colour scheme set to light or dark (prefers-color-scheme), and
// prints one JSON object per page: {page, width, scheme, violations: [...], external}.
// Usage: node axe-check.mjs <width> <light|dark> <file.html>...
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { launchChromium, refuseExternal } from "../../../src/trygghet/publish/chromium.mjs";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const [width, scheme, ...pages] = process.argv.slice(2);

const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: Number(width), height: 900 },
                                            colorScheme: scheme });
// Nothing may be loaded from other hosts: fail loudly if a page tries.
const external = await refuseExternal(context);
const page = await context.newPage();
for (const file of pages) {
  external.length = 0;
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, html: n.html.slice(0, 200) })),
    }));
  });
  console.log(JSON.stringify({ page: file, width: Number(width), scheme, violations: result,
                               external: [...external] }));
}
await browser.close();
