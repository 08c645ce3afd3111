import type { RequestContext } from '../../../../kernel/index.ts';
import { products, rates, stats, summary, type Product, type Rates as RateTable, type Stats as Statistics } from '../../summary.ts';

/** `res:/data/products`: the catalogue. */
export class Products {
  onSource() {
    return products();
  }
}

/** `res:/data/rates`: currency rates. */
export class Rates {
  onSource() {
    return rates();
  }
}

/** `res:/data/stats`: statistics over `res:/data/products`. */
export class Stats {
  async onSource(ctx: RequestContext) {
    return stats((await ctx.source('res:/data/products')) as Product[]);
  }
}

/** `res:/api/summary`: the JSON text computed from the three. */
export class Summary {
  async onSource(ctx: RequestContext) {
    const [catalogue, currency, statistics] = await Promise.all([ctx.source('res:/data/products'), ctx.source('res:/data/rates'), ctx.source('res:/data/stats')]);
    return ctx.createResponseFrom(summary(catalogue as Product[], currency as RateTable, statistics as Statistics)).setMimeType('application/json');
  }
}
