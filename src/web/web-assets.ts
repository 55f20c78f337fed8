/**
 * Where the dashboard's files are on disk. The service runs from `src/` under ts-node and
 * jest and from `dist/src/` when built, so the folder is found by walking up from here to the
 * first ancestor that holds `web/index.html`, rather than by a fixed relative path.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const WEB_FOLDER = 'web';
/** Scripts and styles, served under one wildcard route. */
export const ASSETS_FOLDER = 'assets';
const WEB_ENTRY = 'index.html';
/** src/web → repository root is two levels, dist/src/web three; a little room beyond that. */
const MAX_LEVELS_UP = 5;

export const findWebRoot = (from: string = __dirname): string => {
  let folder = from;
  for (let level = 0; level <= MAX_LEVELS_UP; level++) {
    const candidate = join(folder, WEB_FOLDER);
    if (existsSync(join(candidate, WEB_ENTRY))) return candidate;
    folder = dirname(folder);
  }
  throw new Error(`The dashboard folder ${WEB_FOLDER}/${WEB_ENTRY} was not found above ${from}.`);
};

/** The one Chart.js file the page loads: its UMD build, which defines `window.Chart`. */
export const CHART_JS_FILE = 'chart.umd.min.js';

/** chart.js's `require` entry lives in its dist folder, next to the UMD build. */
export const chartJsFolder = (): string => dirname(require.resolve('chart.js'));
