/**
 * Serve
 * =====
 *
 * The viewer outside the browser: `startServer` (what `papergraph serve` runs) and `writeViewer`
 * (the static copy `papergraph build` writes next to `graph.json`). The viewer itself lives in
 * `viewer/` and is never imported here; only its built files are.
 */
export { checkGraphFile, CONTENT_TYPES, DEFAULT_PORT, startServer, type RunningServer, type ServeOptions } from "./server.ts";
export { ensureViewerBuilt, viewerIsStale, VIEWER_DIST, writeViewer } from "./viewer.ts";
