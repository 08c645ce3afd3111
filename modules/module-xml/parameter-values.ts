/**
 * Conversion of prototype parameter values by declared type, as zod schemas built once per
 * declaration. Parameters arrive as the instance's child elements; a schema turns each one into
 * a typed value or reports why it does not fit.
 */
import { z } from 'zod';
import type { JsonValue, ParameterDeclaration, ParameterType, ParameterValue, SpaceModel } from './model.ts';
import type { XmlNode } from './parse-xml.ts';

export const PARAMETER_TYPES = ['string', 'boolean', 'integer', 'number', 'identifier', 'xml', 'space', 'json'] as const satisfies readonly ParameterType[];

/** Types whose value is text, so a `default` attribute can give one. */
export const TEXT_PARAMETER_TYPES: readonly ParameterType[] = ['string', 'boolean', 'integer', 'number', 'identifier', 'json'];

/** The value of `text` as a parameter of `type`, or the reason it is not one. */
export function convertText(type: ParameterType, text: string): { value: ParameterValue } | { error: string } {
  const t = text.trim();
  switch (type) {
    case 'string':
      return { value: t };
    case 'boolean':
      // An empty element is a flag that is present, as with <private/> or <auto404/>.
      if (t === '' || t === 'true') return { value: true };
      return t === 'false' ? { value: false } : { error: `expected true or false, got "${t}"` };
    case 'integer': {
      const n = Number(t);
      return /^[+-]?\d+$/.test(t) && Number.isSafeInteger(n) ? { value: n } : { error: `expected an integer, got "${t}"` };
    }
    case 'number': {
      const n = Number(t);
      return t !== '' && Number.isFinite(n) ? { value: n } : { error: `expected a number, got "${t}"` };
    }
    case 'identifier':
      return t !== '' && !/\s/.test(t) ? { value: t } : { error: `expected an identifier (non-empty, no whitespace), got "${t}"` };
    case 'json':
      try {
        return { value: JSON.parse(t) as JsonValue };
      } catch (error) {
        return { error: `expected JSON (${error instanceof Error ? error.message : String(error)})` };
      }
    case 'xml':
    case 'space':
      return { error: `a ${type} parameter cannot be given as text` };
  }
}

/** What a parameter value looks like before conversion: its element, or an already parsed space. */
export type ParameterInput = XmlNode | SpaceModel;

function isSpace(input: ParameterInput): input is SpaceModel {
  return 'elements' in input;
}

/**
 * The zod schema for one declared parameter: an array of its elements, between `min` and
 * `max` long, each converted by type. `parseSpace` turns an element into a nested space.
 */
export function parameterSchema(decl: ParameterDeclaration, parseSpace: (node: XmlNode) => SpaceModel): z.ZodType<ParameterValue[], ParameterInput[]> {
  const item = z.custom<ParameterInput>().transform((input, ctx): ParameterValue => {
    if (isSpace(input)) {
      if (decl.type === 'space') return input;
      ctx.addIssue({ code: 'custom', message: `expected ${decl.type}, got a space` });
      return z.NEVER;
    }
    if (decl.type === 'xml') return input;
    if (decl.type === 'space') return parseSpace(input);
    if (input.children.length > 0) {
      ctx.addIssue({ code: 'custom', message: `expected ${decl.type} text, got element content <${input.children[0]?.name ?? ''}>` });
      return z.NEVER;
    }
    const converted = convertText(decl.type, input.text);
    if ('value' in converted) return converted.value;
    ctx.addIssue({ code: 'custom', message: converted.error });
    return z.NEVER;
  });
  const { min, max } = decl;
  let list = z.array(item).min(min, { error: `needs at least ${min} value${min === 1 ? '' : 's'}` });
  if (max !== 'unbounded') list = list.max(max, { error: `takes at most ${max} value${max === 1 ? '' : 's'}` });
  return list;
}
