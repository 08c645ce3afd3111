/**
 * Checking a prototype instance against its definition: one zod schema per definition, built
 * from the parameter declarations, converts the instance's parameter elements into typed
 * values. The loader calls it once it knows which definition a `<prototype>` name refers to
 * (the definition may live in another module), so this is not done inside parseModule.
 */
import { z } from 'zod';
import type { EndpointModel, ParameterValue, PrototypeDefinition } from './model.ts';
import type { XmlNode } from './parse-xml.ts';
import { parameterSchema, type ParameterInput } from './parameter-values.ts';
import { readSpace } from './space.ts';
import { moduleError, type BuildContext } from './xml-reader.ts';

/** Converted parameters by name (a null-prototype record), each a list in document order. */
export type ValidatedParameters = Readonly<Record<string, readonly ParameterValue[]>>;

/**
 * Validate `instance`'s parameters against `def`: every parameter must be declared, occur
 * between min and max times and fit its type; a missing one takes its default. A violation is
 * a RocError ROC_ERR_MODULE naming the instance (id or path), the prototype and the parameter.
 *
 * @example
 * const def = model.rootspaces[0]!.elements.find((e) => e.kind === 'prototype')!;
 * const instance = model.rootspaces[0]!.elements.find((e) => e.kind === 'accessor')!;
 * validatePrototypeParameters(def, instance); // { port: [8080], secure: [false] }
 */
export function validatePrototypeParameters(def: PrototypeDefinition, instance: EndpointModel): ValidatedParameters {
  const ctx: BuildContext = { file: instance.file, notices: [], space: (node) => readSpace(ctx, node) };
  const impl = instance.implementation;
  const who = `${instance.id === undefined ? `<${instance.kind}>` : `"${instance.id}"`} (prototype ${def.id})`;
  if (impl.kind !== 'prototype' || impl.prototype !== def.id) {
    throw moduleError(ctx, instance.path, `${who} is not an instance of prototype ${def.id}`);
  }
  const declared = new Map(def.parameters.map((d) => [d.name, d]));
  for (const [name, nodes] of Object.entries(impl.parameters)) {
    if (!declared.has(name)) throw moduleError(ctx, nodes[0]?.path ?? instance.path, `${who}: unknown parameter "${name}"; declared: ${[...declared.keys()].join(', ') || 'none'}`);
  }
  if (instance.space !== undefined && !declared.has('space')) {
    throw moduleError(ctx, instance.space.path, `${who}: unknown parameter "space"; prototype ${def.id} takes no space`);
  }
  const shape: Record<string, z.ZodType<ParameterValue[], ParameterInput[]>> = {};
  const input: Record<string, ParameterInput[]> = {};
  for (const decl of def.parameters) {
    shape[decl.name] = parameterSchema(decl, ctx.space);
    let given: ParameterInput[] = decl.name === 'space' ? (instance.space === undefined ? [] : [instance.space]) : [...(impl.parameters[decl.name] ?? [])];
    if (given.length === 0 && decl.default !== undefined) given = [defaultNode(instance.path, decl.name, decl.default)];
    input[decl.name] = given;
  }
  const result = z.object(shape).safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? '?');
    const index = issue?.path[1];
    const node = typeof index === 'number' ? input[name]?.[index] : undefined;
    const path = node?.path ?? instance.path;
    throw moduleError(ctx, path, `${who}: parameter "${name}" ${issue?.message ?? 'is invalid'}`);
  }
  const out = Object.create(null) as Record<string, readonly ParameterValue[]>;
  for (const [name, values] of Object.entries(result.data)) out[name] = values;
  return Object.freeze(out);
}

function defaultNode(instancePath: string, name: string, text: string): XmlNode {
  return { name, attributes: Object.create(null) as Record<string, string>, children: [], text, content: [text], path: `${instancePath}/${name} (default)` };
}
