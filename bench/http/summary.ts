/**
 * The computation behind scenario 2 (a JSON resource computed from three sub-resources), shared
 * by every server so each does exactly the same work: roc-kernel's endpoints call these
 * functions once per resource (and cache what they return); the peers call them on every request.
 *
 * Three sub-resources: a catalogue of 100 products, currency rates, and statistics over the
 * catalogue; the summary ranks the products in three currencies and adds the statistics. About
 * 75 µs of work per summary on the 2-core bench machine: an ordinary small API response, not a contrived
 * heavy one.
 */

export interface Product {
  readonly id: number;
  readonly name: string;
  readonly category: string;
  readonly price: number;
  readonly stock: number;
  readonly tags: readonly string[];
}

export type Rates = Readonly<Record<string, number>>;

export interface Stats {
  readonly count: number;
  readonly totalStock: number;
  readonly meanPrice: number;
  readonly byCategory: Readonly<Record<string, { count: number; meanPrice: number }>>;
}

const CATEGORIES = ['books', 'music', 'garden', 'kitchen', 'toys', 'tools'];
const TAGS = ['new', 'sale', 'eco', 'gift', 'popular', 'limited', 'imported', 'local'];

/** Sub-resource 1: the catalogue (deterministic, so every server returns the same bytes). */
export function products(): Product[] {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const out: Product[] = [];
  for (let id = 1; id <= 100; id++) {
    const tags = TAGS.filter(() => next() < 0.3);
    out.push({ id, name: `Product ${id.toString(36).toUpperCase()}`, category: CATEGORIES[Math.floor(next() * CATEGORIES.length)]!, price: Math.round(next() * 10_000) / 100, stock: Math.floor(next() * 500), tags });
  }
  return out;
}

/** Sub-resource 2: currency rates. */
export function rates(): Rates {
  return { EUR: 1, USD: 1.0842, GBP: 0.8571, CHF: 0.9563, JPY: 162.31 };
}

/** Sub-resource 3: statistics over the catalogue. */
export function stats(catalogue: readonly Product[]): Stats {
  const byCategory: Record<string, { count: number; meanPrice: number }> = {};
  let totalStock = 0;
  let totalPrice = 0;
  for (const p of catalogue) {
    totalStock += p.stock;
    totalPrice += p.price;
    const c = (byCategory[p.category] ??= { count: 0, meanPrice: 0 });
    c.meanPrice = (c.meanPrice * c.count + p.price) / (c.count + 1);
    c.count++;
  }
  return { count: catalogue.length, totalStock, meanPrice: Math.round((totalPrice / catalogue.length) * 100) / 100, byCategory };
}

/** The resource itself, as the JSON text sent: top products in three currencies, plus the stats. */
export function summary(catalogue: readonly Product[], currency: Rates, statistics: Stats): string {
  const top = [...catalogue]
    .filter((p) => p.stock > 0)
    .sort((a, b) => b.price * Math.log1p(b.stock) - a.price * Math.log1p(a.stock) || a.id - b.id)
    .slice(0, 10)
    .map((p) => ({
      id: p.id,
      name: p.name,
      category: p.category,
      tags: p.tags,
      prices: { EUR: p.price, USD: Math.round(p.price * currency.USD! * 100) / 100, GBP: Math.round(p.price * currency.GBP! * 100) / 100 },
    }));
  return JSON.stringify({ generated: 'catalogue-v1', top, stats: statistics });
}

/** What a peer does per request: all four computations. */
export function computeSummary(): string {
  const catalogue = products();
  return summary(catalogue, rates(), stats(catalogue));
}
