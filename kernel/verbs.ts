import { RocError } from './errors.ts';

/** The ROC verbs, in NetKernel's order. SOURCE is the default. */
export const VERBS = ['SOURCE', 'SINK', 'EXISTS', 'DELETE', 'NEW', 'META', 'TRANSREPT'] as const;
export type Verb = (typeof VERBS)[number];

/**
 * Verbs as bit flags: endpoints declare a mask, and resolution checks a verb with one AND.
 * @example if (endpoint.verbs & VERB_BIT.SINK) { ... }
 */
export const VERB_BIT: Readonly<Record<Verb, number>> = {
  SOURCE: 1,
  SINK: 2,
  EXISTS: 4,
  DELETE: 8,
  NEW: 16,
  META: 32,
  TRANSREPT: 64,
};

/** Verbs whose responses have no side effect and may be cached. */
export const CACHEABLE_VERBS = VERB_BIT.SOURCE | VERB_BIT.EXISTS | VERB_BIT.META;

/** Parse a verb name (any case); an unknown name is a RocError ROC_ERR_UNKNOWN_VERB. */
export function parseVerb(name: string): Verb {
  const upper = name.trim().toUpperCase();
  if ((VERBS as readonly string[]).includes(upper)) return upper as Verb;
  throw new RocError('ROC_ERR_UNKNOWN_VERB', { verb: name });
}

/** The verbs of a mask, in canonical order. */
export function verbsOf(mask: number): Verb[] {
  return VERBS.filter((v) => (mask & VERB_BIT[v]) !== 0);
}
