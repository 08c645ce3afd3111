/**
 * `<prototype>` definitions in a space: a named endpoint template with an implementation
 * (`<class>`, or another `<prototype>` with fixed parameters) and typed `<parameter>`
 * declarations that instances are checked against.
 */
import { z } from 'zod';
import type { ParameterDeclaration, PrototypeDefinition } from './model.ts';
import type { XmlNode } from './parse-xml.ts';
import { readImplementation, STANDARD_ENDPOINT_CHILDREN } from './endpoint.ts';
import { convertText, PARAMETER_TYPES, TEXT_PARAMETER_TYPES } from './parameter-values.ts';
import { countAttribute, maxAttribute, moduleError, optional, readAttributes, readChildren, readText, type BuildContext } from './xml-reader.ts';

/** Read a `<prototype>` definition element. */
export function readPrototypeDefinition(ctx: BuildContext, node: XmlNode): PrototypeDefinition {
  readAttributes(ctx, node, {});
  const c = readChildren(ctx, node, { id: 'one', class: 'optional', prototype: 'optional', parameter: 'many' }, { rest: true });
  const parameters = c.all('parameter').map((p) => readDeclaration(ctx, p));
  const seen = new Set<string>();
  for (const [i, p] of parameters.entries()) {
    if (seen.has(p.name)) throw moduleError(ctx, c.all('parameter')[i]?.path ?? node.path, `parameter "${p.name}" is declared twice`);
    seen.add(p.name);
  }
  return {
    kind: 'prototype',
    id: readText(ctx, c.one('id')),
    implementation: readImplementation(ctx, node, c.optional('class'), c.optional('prototype'), c.rest),
    parameters,
    file: ctx.file,
    path: node.path,
  };
}

function readDeclaration(ctx: BuildContext, node: XmlNode): ParameterDeclaration {
  readChildren(ctx, node, {});
  const a = readAttributes(ctx, node, {
    name: z.string().trim().min(1, { error: 'must not be empty' }),
    type: z.enum(PARAMETER_TYPES, { error: `expected one of ${PARAMETER_TYPES.join(', ')}` }).optional(),
    min: countAttribute.optional(),
    max: maxAttribute.optional(),
    default: z.string().optional(),
    desc: z.string().optional(),
  });
  const type = a.type ?? 'string';
  // Validation builds a zod object keyed by parameter name; this key would set its prototype.
  if (a.name === '__proto__') throw moduleError(ctx, node.path, 'parameter name "__proto__" is reserved');
  // `space` is the one standard child a prototype may declare: overlays take their space so.
  if (a.name !== 'space' && (STANDARD_ENDPOINT_CHILDREN as readonly string[]).includes(a.name)) {
    throw moduleError(ctx, node.path, `parameter "${a.name}" is a standard endpoint element that every instance already has; choose another name`);
  }
  if (a.name === 'space' && type !== 'space') throw moduleError(ctx, node.path, 'parameter "space" must have type="space"');
  const min = a.min ?? (a.default === undefined ? 1 : 0);
  const max = a.max ?? 1;
  if (max !== 'unbounded' && max < min) throw moduleError(ctx, node.path, `parameter "${a.name}" has min=${min} greater than max=${max}`);
  if (max === 0) throw moduleError(ctx, node.path, `parameter "${a.name}" has max=0`);
  if (a.default !== undefined) {
    if (!TEXT_PARAMETER_TYPES.includes(type)) throw moduleError(ctx, node.path, `parameter "${a.name}" of type ${type} cannot have a text default`);
    const converted = convertText(type, a.default);
    if ('error' in converted) throw moduleError(ctx, node.path, `default of parameter "${a.name}": ${converted.error}`);
  }
  return { name: a.name, type, min, max, ...optional('default', a.default), ...optional('desc', a.desc) };
}
