/**
 * A progress bar on stderr for long work (verifying, exporting, building the demo). Drawn
 * only on a terminal: piped or captured stderr gets nothing, so scripts and logs stay clean.
 */
import { ProgressListener } from '../audit/ledger-verifier';

const BAR_WIDTH = 30;
/** Redrawing more often than this only costs time. */
const MIN_REDRAW_MS = 100;

export interface ProgressBar {
  update(done: number, total: number): void;
  /** Clears the bar; call it before printing the result. */
  finish(): void;
  readonly listener: ProgressListener;
}

const render = (label: string, done: number, total: number): string => {
  const shown = Math.min(done, total);
  const fraction = total > 0 ? shown / total : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  const percent = Math.floor(fraction * 100);
  return `\r${label} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${percent}% ${done}/${Math.max(total, done)}`;
};

export const progressBar = (
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressBar => {
  const drawing = stream.isTTY === true;
  let lastDrawn = 0;
  let drawn = false;
  const update = (done: number, total: number): void => {
    const now = Date.now();
    if (!drawing || (now - lastDrawn < MIN_REDRAW_MS && done < total)) return;
    lastDrawn = now;
    drawn = true;
    stream.write(render(label, done, total));
  };
  return {
    update,
    finish: () => {
      if (drawn) stream.write('\n');
      drawn = false;
    },
    listener: ({ done, total }) => update(done, total),
  };
};
