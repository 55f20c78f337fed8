/**
 * Dependencies point one way: http → application → domain, projections → domain. Every
 * source file under src/ and projections/ is placed in a layer by its path (first rule that
 * matches), and no file may import a file of a layer above its own. Composition roots (the
 * app, the modules, the CLI, the demo) sit on top and may import anything.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Lowest first: a file may import its own layer and those listed before it. */
const LAYERS = ['domain', 'projections', 'application', 'http', 'composition'] as const;
type Layer = (typeof LAYERS)[number];

/** Path rules, first match wins (paths relative to the repository, with forward slashes). */
const RULES: readonly (readonly [RegExp, Layer])[] = [
  // Composition roots: they wire everything together.
  [/^src\/(main|app|app\.module)\.ts$/, 'composition'],
  [/^src\/(cli|demo)\//, 'composition'],
  [/\.(module|providers)\.ts$/, 'composition'],
  // Domain: rules and facts, no I/O, no HTTP.
  [/^src\/(money|periods)\//, 'domain'],
  [/^src\/shared\/command-handler\.ts$/, 'application'],
  [/^src\/shared\//, 'domain'],
  [/\.(decider|events|commands)\.ts$/, 'domain'],
  [/^src\/[a-z-]+\/decide\//, 'domain'],
  // The event store's port and the recorded event's shape: types and pure helpers, no I/O.
  [/^src\/event-store\/event-store\.ts$/, 'domain'],
  [
    /^src\/investment\/(benefit-case|obligations|running-cost-effect|deviation-explanation|investment\.refusals)\.ts$/,
    'domain',
  ],
  // The read side's pure folds.
  [/^projections\//, 'projections'],
  // The HTTP edge.
  [/\.controller\.ts$/, 'http'],
  // Query-string parsers, and a download written onto the Fastify reply.
  [/-params\.ts$/, 'http'],
  [/^src\/reports\/(investments-export|file-answer)\.ts$/, 'http'],
  [/\/dto\//, 'http'],
  [/^src\/(http|web|health|metrics)\//, 'http'],
  [/^src\/auth\/(actor\.guard|authentication\.hook|http-hardening|api-path)\.ts$/, 'http'],
  // Everything else is the application: use cases, read models, stores, configuration.
  [/^src\//, 'application'],
];

/**
 * Known leaks, written as `file (layer) -> target (layer)`. The list may only shrink: an
 * entry whose import is gone fails the second test. It is empty: the fold scope the write
 * side shared with the read side now lives in src/shared.
 */
const KNOWN_LEAKS: readonly string[] = [];

const layerOf = (path: string): Layer => {
  const rule = RULES.find(([pattern]) => pattern.test(path));
  if (!rule) throw new Error(`no layer for ${path}`);
  return rule[1];
};

const sourceFiles = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/g;
/** A file that only re-exports another (an old import path kept): its imports count instead. */
const RE_EXPORT_ONLY = /^(?:\s*\/\*\*[^]*?\*\/)?\s*(?:export \* from '[^']+';\s*)+$/;

const sourceOf = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

const importsOf = (path: string): string[] =>
  [...sourceOf(path).matchAll(IMPORT)].flatMap((match) => {
    const target = relative(ROOT, normalize(join(ROOT, dirname(path), match[1]!)));
    const file = `${target.split('\\').join('/')}.ts`;
    return RE_EXPORT_ONLY.test(sourceOf(file)) ? importsOf(file) : [file];
  });

const leaksOf = (file: string, imports: readonly string[]): string[] =>
  imports
    .filter((target) => LAYERS.indexOf(layerOf(target)) > LAYERS.indexOf(layerOf(file)))
    .map((target) => `${file} (${layerOf(file)}) -> ${target} (${layerOf(target)})`);

const leaks = (): string[] =>
  ['src', 'projections'].flatMap(sourceFiles).flatMap((file) => leaksOf(file, importsOf(file)));

describe('layers', () => {
  it('no file imports from a layer above its own, except the listed known leaks', () => {
    expect(leaks().filter((leak) => !KNOWN_LEAKS.includes(leak))).toEqual([]);
  });

  it('lists only leaks that still exist, so the list can only shrink', () => {
    const found = leaks();
    expect(KNOWN_LEAKS.filter((leak) => !found.includes(leak))).toEqual([]);
  });

  it('places files by the rules and finds a leak planted in the domain', () => {
    expect(layerOf('src/fund/fund.decider.ts')).toBe('domain');
    expect(layerOf('src/fund/fund.controller.ts')).toBe('http');
    expect(layerOf('projections/fund-balance.projection.ts')).toBe('projections');
    expect(layerOf('src/projections/read-models.service.ts')).toBe('application');
    expect(layerOf('src/shared/problem.ts')).toBe('domain');
    expect(leaksOf('src/fund/fund.decider.ts', ['src/http/command-gateway.ts'])).toHaveLength(1);
    expect(leaksOf('src/fund/fund.controller.ts', ['src/fund/fund.decider.ts'])).toEqual([]);
  });

  it('sees through a file that only re-exports another', () => {
    expect(importsOf('src/http/problem.ts')).toEqual(['src/shared/problem.ts']);
  });
});
