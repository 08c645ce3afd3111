/** Compare dotted numeric versions (`1.2.10` > `1.2.9`); missing parts count as 0, non-numeric parts compare as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const diff = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

/** True when `version` lies within [min, max] (either bound optional, both inclusive). */
export function inRange(version: string, min?: string, max?: string): boolean {
  return (min === undefined || compareVersions(version, min) >= 0) && (max === undefined || compareVersions(version, max) <= 0);
}
