/**
 * Reads a V8 .cpuprofile (from `node --cpu-prof`) and lists where the time went: functions by
 * self time, the gateway's own functions by inclusive time, and totals per area (the gateway's
 * files, each package, Node internals, GC, idle).
 *
 *   node --import tsx bench/profile-summary.ts FILE.cpuprofile [--top 25] [--bundle node_modules/.cache/omniroute-bench/serve.mjs]
 */
import { readFile, realpath } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { formatTable } from './report.js';

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

export interface ProfileLine {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Sampled time not spent idle; shares are of this. */
  busyMs: number;
  bySelf: ProfileLine[];
  projectInclusive: ProfileLine[];
  byArea: ProfileLine[];
}

/** Where a script lives, short: `core/pipeline/chat.ts`, `undici`, `node:internal/...`. */
export function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const path = url.startsWith('node_modules/') || url.startsWith('core/') ? `/${url}` : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm !== -1) {
    const rest = path.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? url);
  }
  if (path.startsWith('node:')) return path.split('/').slice(0, 2).join('/');
  const core = path.lastIndexOf('/core/');
  if (core !== -1) return path.slice(core + 1);
  return path.replace(/^file:\/\//, '');
}

/**
 * For an esbuild bundle (not minified), which source file a line belongs to: esbuild opens
 * every module's code with a `// path/to/file.ts` comment line.
 */
export function bundleSourceMap(text: string): (line: number) => string | undefined {
  const starts: { line: number; path: string }[] = [];
  text.split('\n').forEach((content, i) => {
    const m = /^\/\/ ((?:[\w@.-]+\/)+[\w@.-]+\.(?:ts|tsx|js|mjs|cjs|json))$/.exec(content);
    if (m) starts.push({ line: i, path: m[1]! });
  });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found: string | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]!.line <= line) {
        found = starts[mid]!.path;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

function top(map: Map<string, number>, total: number, n: number): ProfileLine[] {
  return [...map.entries()]
    .filter(([name]) => !name.startsWith(IDLE))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, ms: us / 1000, share: total === 0 ? 0 : us / total }));
}

const IDLE = '(idle)';

export interface SummarizeOptions {
  top?: number;
  /** Maps a bundled script's line (0-based) to its source file, so bundle frames are attributed. */
  resolveSource?: (url: string, line: number) => string | undefined;
}

export function summarizeProfile(raw: unknown, opts: SummarizeOptions = {}): ProfileSummary {
  const n = opts.top ?? 25;
  const profile = profileSchema.parse(raw);
  for (const node of profile.nodes) {
    const source = opts.resolveSource?.(node.callFrame.url, node.callFrame.lineNumber);
    if (source) node.callFrame.url = source;
  }
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (id: number) => {
    const f = byId.get(id)?.callFrame;
    if (!f) return '?';
    return `${f.functionName || '(anonymous)'} ${areaOf(f.url, f.functionName)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
  };

  const self = new Map<string, number>();
  const area = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    total += dt;
    const node = byId.get(id);
    if (!node) return;
    if (node.callFrame.functionName === IDLE) idle += dt;
    self.set(label(id), (self.get(label(id)) ?? 0) + dt);
    const a = areaOf(node.callFrame.url, node.callFrame.functionName);
    area.set(a, (area.get(a) ?? 0) + dt);
    // Each project frame on the stack counts once per sample, however deep the recursion.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)?.callFrame;
      if (!f || !areaOf(f.url, f.functionName).startsWith('core/')) continue;
      const key = label(cur);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  });
  const busy = total - idle;
  return {
    totalMs: total / 1000,
    busyMs: busy / 1000,
    bySelf: top(self, busy, n),
    projectInclusive: top(inclusive, busy, n),
    byArea: top(area, busy, n),
  };
}

export function renderProfileSummary(s: ProfileSummary): string {
  const table = (title: string, lines: ProfileLine[]) =>
    `${title}\n` + formatTable(['ms', '%', 'where'], lines.map((l) => [l.ms.toFixed(0), (l.share * 100).toFixed(1), l.name]));
  return [
    `profile: ${s.totalMs.toFixed(0)} ms sampled, ${s.busyMs.toFixed(0)} ms busy (percentages are of the busy time)`,
    table('by self time', s.bySelf),
    table("gateway functions (core/) by inclusive time", s.projectInclusive),
    table('by area (self time)', s.byArea),
  ].join('\n\n');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' }, bundle: { type: 'string' } } });
  if (positionals.length === 0) throw new Error('usage: profile-summary.ts FILE.cpuprofile [--top N] [--bundle BUNDLE.mjs]');
  // A profile names a script by its real path (node_modules may be a symlink).
  const bundle = values.bundle ? { url: pathToFileURL(await realpath(values.bundle)).href, source: bundleSourceMap(await readFile(values.bundle, 'utf8')) } : null;
  const resolveSource = (url: string, line: number) => (bundle && url === bundle.url ? bundle.source(line) : undefined);
  for (const file of positionals) {
    console.log(`# ${file}\n`);
    console.log(renderProfileSummary(summarizeProfile(JSON.parse(await readFile(file, 'utf8')), { top: Number(values.top), resolveSource })));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
