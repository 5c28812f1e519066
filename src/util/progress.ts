/**
 * Progress
 * ========
 *
 * Stage progress on stderr: a count with rate and ETA, redrawn in place on a terminal and printed
 * at most every few seconds otherwise (so CI logs stay short). Data never goes here.
 */
export interface Progress {
  update(done: number, total?: number): void;
  done(summary?: string): void;
}

/** A progress line for one stage, written to `stream` (stderr by default). */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const start = performance.now();
  const tty = Boolean(stream.isTTY);
  let last = 0;
  let lastDone = 0;
  const line = (done: number, total?: number): string => {
    const seconds = (performance.now() - start) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = total && rate > 0 ? ` · ETA ${Math.max(0, (total - done) / rate).toFixed(0)}s` : "";
    return `${label}: ${done}${total ? `/${total}` : ""} (${rate.toFixed(0)}/s${eta})`;
  };
  return {
    update(done, total) {
      lastDone = done;
      const now = performance.now();
      if (now - last < (tty ? 100 : 5_000)) return;
      last = now;
      stream.write(tty ? `\r\x1b[K${line(done, total)}` : `${line(done, total)}\n`);
    },
    done(summary) {
      const seconds = ((performance.now() - start) / 1000).toFixed(1);
      const text = `${label}: ${summary ?? lastDone} in ${seconds}s`;
      stream.write(tty ? `\r\x1b[K${text}\n` : `${text}\n`);
    },
  };
}
