/**
 * Summarise a V8 `.cpuprofile` (from `node --cpu-prof`): self time per function, the place
 * to start when a benchmark is slower than it should be.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  readonly functionName: string;
  /** The file, relative to `root` when inside it. */
  readonly location: string;
  readonly selfMs: number;
  readonly percent: number;
}

/** Self time per function (same name, file and line merged), highest first. */
export function selfTimes(file: string, root: string): SelfTime[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byNode = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]));
  const micros = new Map<string, { functionName: string; location: string; us: number }>();
  let total = 0;
  profile.samples.forEach((nodeId, i) => {
    // timeDeltas[i] is the time since the previous sample; the next delta is how long this one ran.
    const us = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0;
    total += us;
    const frame = byNode.get(nodeId)?.callFrame;
    if (!frame) return;
    const url = frame.url.replace(/^file:\/\//, '');
    const location = url === '' ? '' : `${url.startsWith(root) ? url.slice(root.length + 1) : url}:${frame.lineNumber + 1}`;
    const functionName = frame.functionName || '(anonymous)';
    const key = `${functionName}\0${location}`;
    const entry = micros.get(key) ?? { functionName, location, us: 0 };
    entry.us += us;
    micros.set(key, entry);
  });
  return [...micros.values()]
    .map((e) => ({ functionName: e.functionName, location: e.location, selfMs: e.us / 1000, percent: total === 0 ? 0 : (100 * e.us) / total }))
    .sort((a, b) => b.selfMs - a.selfMs);
}
