/**
 * Viewer build
 * ============
 *
 * `npm run viewer:build` bundles `viewer/` into `dist/viewer/` with relative asset paths
 * (`base: "./"`), so the built copy works from any folder and any static server
 * (`output/index.html` next to `output/graph.json`). `npm run viewer` serves it in development
 * and answers `/graph.json` with the latest pipeline run (`output/graph.json`).
 */
import { createReadStream, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));
const outputGraph = fileURLToPath(new URL("../output/graph.json", import.meta.url));

/** Development only: `GET /graph.json` streams `output/graph.json` (no copy, no public dir). */
function devGraph(): Plugin {
  return {
    name: "papergraph-dev-graph",
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split("?")[0] !== "/graph.json") return next();
        if (!existsSync(outputGraph)) {
          res.statusCode = 404;
          res.setHeader("Content-Type", "text/plain; charset=utf-8");
          res.end(`${outputGraph} does not exist; run \`papergraph build\` first.`);
          return;
        }
        res.setHeader("Content-Type", "application/json; charset=utf-8");
        createReadStream(outputGraph).pipe(res);
      });
    },
  };
}

export default defineConfig({
  root: here,
  base: "./",
  publicDir: false,
  plugins: [devGraph()],
  build: {
    outDir: "../dist/viewer",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 1024,
  },
});
