/**
 * Temporary files
 * ===============
 *
 * Every file we replace is first written as `<name>.<pid>[.<hex>].tmp` and renamed into place.
 * A process killed in between (SIGKILL) leaves its temporary file behind; the next writer to the
 * same folder removes the files of processes that no longer exist.
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/** `graph.json.4242.tmp`, `index.html.4242.9f3a1c2e.tmp`: a temporary file and the pid that writes it. */
const TEMP_FILE = /\.(\d+)(?:\.[0-9a-f]+)?\.tmp$/;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the temporary files in `dir` of builds that were killed (their process is gone), and with
 * `own` this process's too (a Ctrl-C handler calls it). Synchronous, so a signal handler can use it.
 */
export function removeTempFiles(dir: string, own = false): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(TEMP_FILE.exec(name)?.[1]);
    if (!pid || (pid === process.pid ? !own : isAlive(pid))) continue;
    rmSync(join(dir, name), { force: true });
  }
}
