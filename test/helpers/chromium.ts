/**
 * Debian's Chromium, the only browser this machine can run (`apt-get install chromium`; no browser
 * downloads work here), and the flags the browser tests and the viewer bench launch it with.
 */
export const CHROMIUM = "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
