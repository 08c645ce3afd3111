import type { PrototypeRegistry } from '../../loader/prototypes.ts';
import { HttpSession } from './http-session.ts';

/** Config elements that choose the store rather than session rules. */
const STORE_KEYS = new Set(['store', 'storePrefix', 'urlRewriting']);

/**
 * Register `HTTPSession` (alias `jetty.HTTPSession`) for module.xml:
 * `<overlay><prototype>HTTPSession</prototype><config>…</config><space>…</space></overlay>`.
 * The config's children are the seed's settings plus `store` (`memory` or a `redis://` URL),
 * `storePrefix` and `urlRewriting`; a bad value is a ROC_ERR_MODULE naming it.
 */
export function registerSessionPrototypes(registry: PrototypeRegistry): void {
  registry.register(
    'HTTPSession',
    async (ctx) => {
      const config: Record<string, string> = {};
      let store: string | undefined;
      let storePrefix: string | undefined;
      let urlRewriting = false;
      for (const node of ctx.parameters.config?.[0]?.children ?? []) {
        // NetKernel configs sometimes repeat <prototype> inside <config> (nk4um does): harmless.
        if (node.name === 'prototype') continue;
        const text = node.text.trim();
        if (node.name === 'store') store = text;
        else if (node.name === 'storePrefix') storePrefix = text;
        else if (node.name === 'urlRewriting') urlRewriting = text === 'true';
        else if (!STORE_KEYS.has(node.name)) config[node.name] = text;
      }
      if (ctx.model.space === undefined) throw ctx.fail('HTTPSession needs a <space> to wrap');
      try {
        return new HttpSession({
          space: await ctx.buildSpace(ctx.model.space),
          config,
          ...(store === undefined ? {} : { store }),
          ...(storePrefix === undefined ? {} : { storePrefix }),
          urlRewriting,
          ...(ctx.model.id === undefined ? {} : { id: ctx.model.id }),
          private: ctx.model.private,
        });
      } catch (error) {
        throw ctx.fail(`HTTPSession config: ${(error as Error).message}`, ctx.parameters.config?.[0]?.path);
      }
    },
    ['jetty.HTTPSession'],
  );
}
