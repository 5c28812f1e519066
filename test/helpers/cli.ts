/**
 * Runs the `papergraph` command as a user would (a child process of `bin/papergraph.js`), for the
 * black-box CLI tests. Not a test file itself (vitest runs `*.test.ts`).
 */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";

export const BIN = resolve("bin/papergraph.js");

/** Exit code, stdout and stderr of one run. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `papergraph ...args` in `cwd`; a non-zero exit is a result, not a throw. */
export async function run(args: string[], cwd: string): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd, maxBuffer: 64 << 20, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}
