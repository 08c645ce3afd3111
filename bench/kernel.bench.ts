/**
 * In-process kernel benchmarks (issue 3, Performance): a cached and an uncached SOURCE through
 * three nested spaces, and SOURCE of simple-grammar endpoints in a 100-endpoint space against
 * find-my-way on the same table, all in one mitata run.
 *
 * Run alone: `node --import tsx bench/kernel.bench.ts` (prints markdown);
 * `npm run bench` runs it with the others and writes bench/results.md.
 */
import { do_not_optimize as keep } from 'mitata';
import { Kernel, Request, isPromiseLike, topologyChanged, type Response, type Scope } from '../kernel/index.ts';
import { resolve } from '../kernel/resolution.ts';
import { cardIdentifiers, nestedApp, routeRouter, uncachedRouteKernel } from './fixtures/kernels.ts';
import { ROUTES, identifiers, identifiersAt, pathOf, positionOf } from './fixtures/routes.ts';
import { measureSections, sectionTable, type Case, type Section, type SectionResult } from './lib/mitata.ts';
import { loadFindMyWay, peerVersion, type FindMyWayRouter } from './lib/peers.ts';
import { emit, type Verdict } from './lib/report.ts';

const WARM_IDS = 64;
const COLD_IDS = 4096;
const POSITION_IDS = 1024;
const CARD_IDS = 16;

/** A function returning the next element of `items` (a power-of-two length), round and round. */
function cycle<T>(items: readonly T[]): () => T {
  const mask = items.length - 1;
  if ((items.length & mask) !== 0) throw new Error('cycle() needs a power-of-two length');
  let i = 0;
  return () => items[i++ & mask]!;
}

function syncIssue(kernel: Kernel, identifier: string, scope: Scope): Response {
  const result = kernel.issue(new Request(identifier), scope, undefined);
  if (isPromiseLike(result)) throw new Error(`${identifier} did not complete synchronously: the sync benchmark would measure a Promise`);
  return result;
}

function fail(message: string): never {
  throw new Error(`benchmark set-up check failed: ${message}`);
}

// ---------------------------------------------------------------------------------------------
// 1. SOURCE through three nested spaces, cached and uncached.

const cached = nestedApp(new Kernel());
const uncached = nestedApp(new Kernel({ cache: { maxEntries: 0 } }));
const cards = cardIdentifiers(CARD_IDS);

for (const app of [cached, uncached]) for (const id of cards) syncIssue(app.kernel, id, app.scope);
const expected = syncIssue(uncached.kernel, cards[0]!, uncached.scope).representation;
if (syncIssue(cached.kernel, cards[0]!, cached.scope).representation !== expected) fail('cached and uncached cards differ');
if (cached.evaluations.card !== CARD_IDS) fail(`cached card evaluated ${cached.evaluations.card} times for ${CARD_IDS} identifiers`);
if (uncached.kernel.cache.stats.entries !== 0) fail('the uncached kernel stored something');

const nestedSection: Section = {
  title: '1 · SOURCE through three nested spaces: cached vs uncached',
  description:
    '`root` imports `middle`, which imports `inner`, whose `res:/profile/{id}/card` SOURCEs its sibling `res:/profile/{id}/data` (a small object) ' +
    `and renders a JSON card from it. ${CARD_IDS} card identifiers cycled. Cached: default kernel, every operation a cache hit. ` +
    'Uncached: `new Kernel({ cache: { maxEntries: 0 } })`, both endpoints evaluated every time. ' +
    '`kernel.issue(request, scope, undefined)` is the synchronous path (a plain Response); `await kernel.source(id)` is the async public API.',
  reference: 'cached, kernel.issue',
  cases: [
    { name: 'cached, kernel.issue', fn: ((next) => () => keep(cached.kernel.issue(new Request(next()), cached.scope, undefined)))(cycle(cards)) },
    { name: 'uncached, kernel.issue', fn: ((next) => () => keep(uncached.kernel.issue(new Request(next()), uncached.scope, undefined)))(cycle(cards)) },
    { name: 'cached, await kernel.source', fn: ((next) => async () => keep(await cached.kernel.source(next(), { scope: cached.scope })))(cycle(cards)) },
    {
      name: 'uncached, await kernel.source',
      versus: 'cached, await kernel.source',
      fn: ((next) => async () => keep(await uncached.kernel.source(next(), { scope: uncached.scope })))(cycle(cards)),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 2–4. The 100-endpoint space and find-my-way on the same table.

const createRouter = await loadFindMyWay();
const router = routeRouter(createRouter);

function findOnly(r: FindMyWayRouter, path: string): unknown {
  return r.find('GET', path);
}
function findAndHandle(r: FindMyWayRouter, path: string): unknown {
  const found = r.find('GET', path);
  return found === null ? null : found.handler(null, null, found.params, found.store);
}

/** Both routers pick the same route, with the same arguments, for every identifier measured. */
function checkSameRoutes(ids: readonly string[]): void {
  const { kernel, scope } = uncachedRouteKernel();
  for (const id of ids) {
    const entry = resolve(new Request(id), scope);
    const found = router.find('GET', pathOf(id)) ?? fail(`find-my-way finds no route for ${pathOf(id)}`);
    const fmwName = found.handler(null, null, found.params, found.store);
    if (entry.resolution.endpoint.id !== fmwName) fail(`${id}: kernel resolves to ${entry.resolution.endpoint.id}, find-my-way to ${String(fmwName)}`);
    const kernelArgs = JSON.stringify(Object.fromEntries(entry.resolution.args));
    const fmwArgs = JSON.stringify({ ...found.params });
    if (kernelArgs !== fmwArgs) fail(`${id}: kernel arguments ${kernelArgs}, find-my-way params ${fmwArgs}`);
    if (syncIssue(kernel, id, scope).representation !== fmwName) fail(`${id}: SOURCE did not return the route name`);
  }
}

const warmIds = identifiers(WARM_IDS);
const coldIds = identifiers(COLD_IDS, 1000);
const positions = { early: identifiersAt('early', POSITION_IDS), middle: identifiersAt('middle', POSITION_IDS), late: identifiersAt('late', POSITION_IDS) };
checkSameRoutes([...warmIds, ...coldIds, ...positions.early, ...positions.middle, ...positions.late]);
const routesHit = new Set(coldIds.map((id) => resolve(new Request(id), uncachedRouteKernel().scope).resolution.endpoint.id));

// A cold walk really walks: after topologyChanged() the resolution cache answers nothing.
{
  const { scope } = uncachedRouteKernel();
  const request = new Request(coldIds[0]!);
  const first = resolve(request, scope);
  if (resolve(request, scope) !== first) fail('the resolution cache did not answer a repeated identifier');
  topologyChanged();
  if (resolve(request, scope) === first) fail('topologyChanged() did not make the resolution cache miss');
}

/** The four cases of a 100-route section over `ids`; `cold` invalidates the resolution cache before each operation. */
function routeCases(ids: readonly string[], cold: boolean): Case[] {
  const paths = ids.map(pathOf);
  const requests = ids.map((id) => new Request(id));
  const resolveApp = uncachedRouteKernel();
  const issueApp = uncachedRouteKernel();
  const sourceApp = uncachedRouteKernel();
  const reset = cold ? topologyChanged : () => undefined;
  return [
    { name: 'find-my-way find()', fn: ((next) => () => (reset(), keep(findOnly(router, next()))))(cycle(paths)) },
    { name: 'kernel resolve()', versus: 'find-my-way find()', fn: ((next) => () => (reset(), keep(resolve(next(), resolveApp.scope))))(cycle(requests)) },
    { name: 'find-my-way find() + handler', fn: ((next) => () => (reset(), keep(findAndHandle(router, next()))))(cycle(paths)) },
    {
      name: 'uncached SOURCE, kernel.issue',
      versus: 'find-my-way find() + handler',
      fn: ((next) => () => (reset(), keep(issueApp.kernel.issue(new Request(next()), issueApp.scope, undefined))))(cycle(ids)),
    },
    {
      name: 'uncached SOURCE, await kernel.source',
      versus: 'find-my-way find() + handler',
      fn: ((next) => async () => (reset(), keep(await sourceApp.kernel.source(next(), { scope: sourceApp.scope }))))(cycle(ids)),
    },
  ];
}

const routeNotes = [
  '`kernel resolve()` is the kernel\'s internal resolution step alone (kernel/resolution.ts), given a ready Request, like `find()` is given a ready path. ' +
    '`uncached SOURCE` adds what a caller pays: a new Request, the evaluation context, the endpoint call and the Response.',
  'The two routers were checked to pick the same route with the same arguments for every identifier measured.',
];

const warmSection: Section = {
  title: '2 · 100-endpoint space, resolution cache warm',
  description:
    `${WARM_IDS} identifiers hitting early, middle and late routes (positions 0–98 of 100) with varying arguments, repeated: ` +
    'after the first round the kernel answers resolution from its per-scope resolution cache. find-my-way has no such cache and looks up the same paths.',
  cases: routeCases(warmIds, false),
  notes: routeNotes,
};

const steadyApp = uncachedRouteKernel();
const coldSection: Section = {
  title: '3 · 100-endpoint space, cold walk',
  description:
    `${COLD_IDS.toLocaleString('en-US')} distinct identifiers (${routesHit.size} different routes, early to late) cycled, and \`topologyChanged()\` called before every operation ` +
    'so the kernel walks its endpoint list each time, as it does for any identifier it has not seen. find-my-way\'s loop makes the same call (a counter increment) to keep the loops identical.',
  cases: [
    ...routeCases(coldIds, true),
    {
      name: 'uncached SOURCE, kernel.issue, resolution cache kept',
      versus: 'find-my-way find() + handler',
      fn: ((next) => () => keep(steadyApp.kernel.issue(new Request(next()), steadyApp.scope, undefined)))(cycle(coldIds)),
    },
  ],
  notes: [
    ...routeNotes,
    `The last row cycles the same ${COLD_IDS.toLocaleString('en-US')} identifiers without invalidating: the resolution cache is unbounded, so after the first lap it holds every one of them ` +
      '(warm again, but from a larger map). With real traffic (user ids, free text) it keeps growing: the cold walk is what a first-seen identifier costs.',
  ],
};

const positionCases: Case[] = [];
for (const [where, ids] of Object.entries(positions)) {
  const position = positionOf(where === 'early' ? 'users.item' : where === 'middle' ? 'invoices.item' : 'webhooks');
  const { scope } = uncachedRouteKernel();
  positionCases.push(
    { name: `find-my-way find(), ${where}`, fn: ((next) => () => (topologyChanged(), keep(findOnly(router, next()))))(cycle(ids.map(pathOf))) },
    {
      name: `kernel resolve(), ${where} (route ${position + 1} of ${ROUTES.length})`,
      versus: `find-my-way find(), ${where}`,
      fn: ((next) => () => (topologyChanged(), keep(resolve(next(), scope))))(cycle(ids.map((id) => new Request(id)))),
    },
  );
}
const positionSection: Section = {
  title: '4 · Where the route sits: cold resolution, early, middle and late routes',
  description:
    `Cold walks (as in 3) of ${POSITION_IDS.toLocaleString('en-US')} identifiers all hitting one route: \`res:/api/v1/users/{id}\`, \`res:/api/v1/invoices/{id}\`, \`res:/api/v1/webhooks/{provider}/{event}\`. ` +
    'The kernel asks endpoints in declaration order (first match wins, as NetKernel does), so its cost grows with the position; a radix tree\'s does not.',
  cases: positionCases,
};

// ---------------------------------------------------------------------------------------------

const results = await measureSections([nestedSection, warmSection, coldSection, positionSection]);
const measuredOf = (r: SectionResult, name: string) => r.measured.get(name) ?? fail(`no measurement for ${name}`);
const avg = (r: SectionResult, name: string) => measuredOf(r, name).avg;
/** The same ratio by medians: less moved by GC pauses and a noisy neighbour than the mean. */
const medianRatio = (r: SectionResult, slow: string, fast: string) => measuredOf(r, slow).p50 / measuredOf(r, fast).p50;
const [nested, warm, cold] = results as [SectionResult, SectionResult, SectionResult, SectionResult];

const stats = cached.kernel.cache.stats;
const nestedTable = sectionTable(nested);
const tables = [
  {
    ...nestedTable,
    notes: [
      `Cached kernel after the run: ${stats.hits.toLocaleString('en-US')} hits, ${stats.misses} misses, ${stats.entries} entries; the card endpoint was evaluated ${cached.evaluations.card} times in all. ` +
        `Uncached kernel: card evaluated ${uncached.evaluations.card.toLocaleString('en-US')} times, nothing stored.`,
    ],
  },
  ...results.slice(1).map(sectionTable),
];

function ratioVerdict(target: string, measured: number, needed: number, what: string, median: number): Verdict {
  return { target, met: measured >= needed, detail: `${measured.toFixed(2)}× by mean, ${median.toFixed(2)}× by median (${what})` };
}
const fasterThan = (kernelNs: number, peerNs: number) => peerNs / kernelNs;
const RESOLUTION_TARGET = 'resolution of the 100-endpoint space at least as fast as find-my-way on the same table';
const verdicts: Verdict[] = [
  ratioVerdict(
    'a cached SOURCE at least 10 times faster than the same uncached SOURCE',
    avg(nested, 'uncached, kernel.issue') / avg(nested, 'cached, kernel.issue'),
    10,
    'uncached ÷ cached time, kernel.issue, three nested spaces',
    medianRatio(nested, 'uncached, kernel.issue', 'cached, kernel.issue'),
  ),
  ratioVerdict(
    'the same, through the async API',
    avg(nested, 'uncached, await kernel.source') / avg(nested, 'cached, await kernel.source'),
    10,
    'uncached ÷ cached time, await kernel.source',
    medianRatio(nested, 'uncached, await kernel.source', 'cached, await kernel.source'),
  ),
  ratioVerdict(
    `${RESOLUTION_TARGET}: resolution cache warm`,
    fasterThan(avg(warm, 'kernel resolve()'), avg(warm, 'find-my-way find()')),
    1,
    'find-my-way time ÷ kernel resolve() time; above 1 means the kernel is faster',
    medianRatio(warm, 'find-my-way find()', 'kernel resolve()'),
  ),
  ratioVerdict(
    `${RESOLUTION_TARGET}: cold walk`,
    fasterThan(avg(cold, 'kernel resolve()'), avg(cold, 'find-my-way find()')),
    1,
    'find-my-way time ÷ kernel resolve() time',
    medianRatio(cold, 'find-my-way find()', 'kernel resolve()'),
  ),
  ratioVerdict(
    'uncached SOURCE (resolution and evaluation) vs find-my-way find() + handler: resolution cache warm',
    fasterThan(avg(warm, 'uncached SOURCE, kernel.issue'), avg(warm, 'find-my-way find() + handler')),
    1,
    'find-my-way time ÷ kernel.issue time',
    medianRatio(warm, 'find-my-way find() + handler', 'uncached SOURCE, kernel.issue'),
  ),
  ratioVerdict(
    'uncached SOURCE vs find-my-way find() + handler: cold walk',
    fasterThan(avg(cold, 'uncached SOURCE, kernel.issue'), avg(cold, 'find-my-way find() + handler')),
    1,
    'find-my-way time ÷ kernel.issue time',
    medianRatio(cold, 'find-my-way find() + handler', 'uncached SOURCE, kernel.issue'),
  ),
];

emit({
  title: 'Kernel, in process (mitata)',
  description:
    'Issue 3 performance benchmarks. Time per operation: lower is better. "compared" divides the two mean times. ' +
    'Targets are judged on means (they include garbage collection, a real cost); the ratio of medians is shown beside them.',
  settings: {
    'mitata': await peerVersion('mitata'),
    'find-my-way': await peerVersion('find-my-way'),
    'cache': 'default bounds (10,000 entries, 64 MiB) for cached; { maxEntries: 0 } for uncached',
    'routes': `${ROUTES.length} simple-grammar endpoints / find-my-way GET routes`,
  },
  tables,
  verdicts,
});

