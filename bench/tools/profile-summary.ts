/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): the functions that took the most time on
 * their own (self time) and, with --total, including what they called. The evidence the
 * bench README gives for each goal it misses.
 *
 *   node -r ts-node/register/transpile-only bench/tools/profile-summary.ts <file.cpuprofile> [top] [--total]
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const DEFAULT_TOP = 25;

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const label = (frame: CallFrame): string => {
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  if (frame.url === '') return name;
  const file = frame.url.startsWith('file://') ? frame.url.slice('file://'.length) : frame.url;
  return `${name} ${relative(process.cwd(), file)}:${frame.lineNumber + 1}`;
};

/** Microseconds spent in each node itself, from the sample stream. */
const selfTimes = (profile: CpuProfile): Map<number, number> => {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return self;
};

/** Self time plus the time of every descendant, per node. */
const totalTimes = (profile: CpuProfile, self: Map<number, number>): Map<number, number> => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const total = new Map<number, number>();
  const visit = (id: number): number => {
    const known = total.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const sum =
      (self.get(id) ?? 0) + (node?.children ?? []).reduce((acc, child) => acc + visit(child), 0);
    total.set(id, sum);
    return sum;
  };
  profile.nodes.forEach((node) => visit(node.id));
  return total;
};

/** Adds up per function (a function appears under many call paths); recursion counted once. */
const byFunction = (profile: CpuProfile, times: Map<number, number>, total: boolean) => {
  const sums = new Map<string, number>();
  const parents = new Map<number, number>();
  profile.nodes.forEach((node) => node.children?.forEach((child) => parents.set(child, node.id)));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes) {
    const name = label(node.callFrame);
    if (total) {
      // Count a node's total only if no ancestor is the same function, to avoid double counting.
      let parent = parents.get(node.id);
      let nested = false;
      while (parent !== undefined) {
        const parentNode = byId.get(parent);
        if (parentNode && label(parentNode.callFrame) === name) nested = true;
        parent = parents.get(parent);
      }
      if (nested) continue;
    }
    sums.set(name, (sums.get(name) ?? 0) + (times.get(node.id) ?? 0));
  }
  return [...sums.entries()].sort((a, b) => b[1] - a[1]);
};

const main = (): void => {
  const [file, topText, ...flags] = process.argv.slice(2);
  if (file === undefined) {
    console.error('usage: profile-summary <file.cpuprofile> [top] [--total]');
    process.exit(2);
  }
  const top = topText !== undefined && topText !== '--total' ? Number(topText) : DEFAULT_TOP;
  const total = flags.includes('--total') || topText === '--total';
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const self = selfTimes(profile);
  const allUs = [...self.values()].reduce((a, b) => a + b, 0);
  const rows = byFunction(profile, total ? totalTimes(profile, self) : self, total);
  console.log(
    `${file}: ${(allUs / 1e6).toFixed(2)} s sampled; top ${top} by ${total ? 'total' : 'self'} time`,
  );
  for (const [name, us] of rows.slice(0, top)) {
    console.log(
      `${((100 * us) / allUs).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`,
    );
  }
};

main();
