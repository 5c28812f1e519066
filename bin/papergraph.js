#!/usr/bin/env node
// The `papergraph` command: runs the TypeScript CLI through tsx (we never emit with tsc).
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
