/** Resident memory of another process, from Linux's /proc/<pid>/status. */
import { readFile } from 'node:fs/promises';

/** VmRSS in bytes, read from the text of /proc/<pid>/status; null when absent. */
export function parseVmRss(status: string): number | null {
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return m ? Number(m[1]) * 1024 : null;
}

export async function readRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rss = parseVmRss(status);
  if (rss === null) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return rss;
}

/** Samples RSS every `intervalMs` until stopped; resolves with the highest value seen. */
export function sampleRssPeak(pid: number, intervalMs: number): { stop(): Promise<number> } {
  let peak = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      peak = Math.max(peak, await readRss(pid));
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return Math.max(peak, await readRss(pid));
    },
  };
}
