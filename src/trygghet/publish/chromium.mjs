// Headless Chromium as the project uses it: for the PDF (print_pdf.mjs) and the browser
// checks of the built book (tests/site/a11y/*.mjs). One place says which Chromium runs
// (the system's, or $CHROMIUM) and that a page may load nothing from other hosts.
import { chromium } from "playwright-core";

// The system Chromium, without sandbox, GPU or any background traffic.
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

// Refuse every request of the context that is not a local file or inline data; returns
// the list the refused addresses are added to (to fail loudly on).
export async function refuseExternal(context) {
  const external = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
    external.push(url);
    return route.abort();
  });
  return external;
}
