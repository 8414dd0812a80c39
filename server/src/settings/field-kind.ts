import type { z } from 'zod';
import type { FieldSpec } from './field';

/**
 * What kind of input a setting is, read from its rule: the admin panel picks the input and the
 * shape of the value it expects from this, so a plain setting needs no hand-written form code.
 */
export type FieldKind =
  | { kind: 'secret' }
  | { kind: 'text' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'list' }
  | { kind: 'select'; options: string[] };

/** The part of zod's definition read here (zod 4: `_zod.def`). */
type Definition = { type: string; in?: z.ZodType; innerType?: z.ZodType; entries?: Record<string, string> };

const definitionOf = (schema: z.ZodType): Definition =>
  (schema as unknown as { _zod: { def: Definition } })._zod.def;

/** A rule's own type, through what wraps it (a transform's input, optional, default). */
const baseOf = (schema: z.ZodType): Definition => {
  const definition = definitionOf(schema);
  const inner = definition.type === 'pipe' ? definition.in : definition.innerType;
  return inner ? baseOf(inner) : definition;
};

export const fieldKind = (spec: Pick<FieldSpec, 'schema' | 'secret'>): FieldKind => {
  if (spec.secret) return { kind: 'secret' };
  const base = baseOf(spec.schema);
  switch (base.type) {
    case 'number':
      return { kind: 'number' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'array':
      return { kind: 'list' };
    case 'enum':
      return { kind: 'select', options: Object.values(base.entries ?? {}) };
    default:
      return { kind: 'text' };
  }
};
