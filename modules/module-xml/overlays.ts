/**
 * The standard module's declarative overlays: `<pluggable-overlay>` (pre-, post- and
 * exception-processing requests around a space) and `<branch-merge>` (sends the requests for
 * chosen endpoint ids through named overlays before they reach the space).
 */
import { z } from 'zod';
import type { BranchMergeModel, BranchModel, BranchOverlayModel, PluggableHandlers, PluggableOverlayModel } from './model.ts';
import type { XmlNode } from './parse-xml.ts';
import { readRequest } from './declarative-request.ts';
import { groupParameters } from './endpoint.ts';
import { moduleError, optional, readAttributes, readChildren, readFlag, readText, type BuildContext } from './xml-reader.ts';

const HANDLERS = ['preProcess', 'postProcess', 'exceptionProcess'] as const;
const PLUGGABLE = 'pluggable-overlay';

/** `<pluggable-overlay>`: optional handlers, each a declarative request, and the wrapped `<space>`. */
export function readPluggableOverlay(ctx: BuildContext, node: XmlNode): PluggableOverlayModel {
  readAttributes(ctx, node, {});
  const c = readChildren(ctx, node, { id: 'optional', private: 'optional', preProcess: 'optional', postProcess: 'optional', exceptionProcess: 'optional', space: 'one' });
  const id = c.optional('id');
  return {
    kind: PLUGGABLE,
    ...optional('id', id === undefined ? undefined : readText(ctx, id)),
    private: readFlag(ctx, c.optional('private')),
    ...readHandlers(ctx, (name) => c.optional(name)),
    space: ctx.space(c.one('space')),
    file: ctx.file,
    path: node.path,
  };
}

function readHandlers(ctx: BuildContext, find: (name: (typeof HANDLERS)[number]) => XmlNode | undefined): PluggableHandlers {
  const handlers: { -readonly [K in keyof PluggableHandlers]: PluggableHandlers[K] } = {};
  for (const name of HANDLERS) {
    const node = find(name);
    if (node !== undefined) handlers[name] = readRequest(ctx, node);
  }
  return handlers;
}

/** `<branch-merge>`: `<config>` of `<branch>`es and named `<overlay>`s, and the wrapped `<space>`. */
export function readBranchMerge(ctx: BuildContext, node: XmlNode): BranchMergeModel {
  readAttributes(ctx, node, {});
  const c = readChildren(ctx, node, { id: 'optional', private: 'optional', config: 'one', space: 'one' });
  const config = c.one('config');
  readAttributes(ctx, config, {});
  const cc = readChildren(ctx, config, { branch: 'many', overlay: 'many' });
  const overlays = cc.all('overlay').map((o) => readBranchOverlay(ctx, o));
  const names = new Set<string>();
  for (const overlay of overlays) {
    if (names.has(overlay.name)) throw moduleError(ctx, overlay.path, `overlay name "${overlay.name}" is used twice in <branch-merge>`);
    names.add(overlay.name);
  }
  for (const overlay of overlays) {
    if (overlay.next !== undefined && !names.has(overlay.next)) throw moduleError(ctx, overlay.path, `next="${overlay.next}" names no <overlay> of this <branch-merge>`);
  }
  const branches = cc.all('branch').map((b) => readBranch(ctx, b));
  for (const branch of branches) {
    if (!names.has(branch.overlay)) throw moduleError(ctx, branch.path, `overlay="${branch.overlay}" names no <overlay> of this <branch-merge>`);
  }
  const id = c.optional('id');
  return {
    kind: 'branch-merge',
    ...optional('id', id === undefined ? undefined : readText(ctx, id)),
    private: readFlag(ctx, c.optional('private')),
    branches,
    overlays,
    space: ctx.space(c.one('space')),
    file: ctx.file,
    path: node.path,
  };
}

function readBranch(ctx: BuildContext, node: XmlNode): BranchModel {
  readChildren(ctx, node, {});
  const required = z.string().trim().min(1, { error: 'must not be empty' });
  const a = readAttributes(ctx, node, { name: required, overlay: required, targets: required });
  return { name: a.name, overlay: a.overlay, targets: a.targets.split(/[\s,]+/).filter((t) => t !== ''), file: ctx.file, path: node.path };
}

function readBranchOverlay(ctx: BuildContext, node: XmlNode): BranchOverlayModel {
  const a = readAttributes(ctx, node, { name: z.string().trim().min(1, { error: 'must not be empty' }), next: z.string().trim().optional() });
  const c = readChildren(ctx, node, { prototype: 'one' }, { rest: true });
  const prototype = readText(ctx, c.one('prototype'));
  let params = c.rest;
  let handlers: PluggableHandlers | undefined;
  if (prototype === PLUGGABLE) {
    // A pluggable overlay's handlers are requests, not opaque parameters: parse them now.
    const isHandler = (n: XmlNode): boolean => (HANDLERS as readonly string[]).includes(n.name);
    const grouped = readChildren(ctx, node, { prototype: 'one', preProcess: 'optional', postProcess: 'optional', exceptionProcess: 'optional' }, { rest: true });
    handlers = readHandlers(ctx, (name) => grouped.optional(name));
    params = params.filter((n) => !isHandler(n));
  }
  return {
    name: a.name,
    ...optional('next', a.next === '' ? undefined : a.next),
    prototype,
    parameters: groupParameters(params),
    ...optional('handlers', handlers),
    file: ctx.file,
    path: node.path,
  };
}
