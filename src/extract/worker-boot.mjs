// Extraction worker bootstrap: worker threads do not inherit the parent's `--import tsx`
// (Node 20), so register tsx's loader here, then load the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
