import type { SettingsUpdate, SettingsView } from '../../../../server/src/admin-api';
import type { FieldSpec } from '../../../../server/src/settings/field';
import { fieldKind, type FieldKind } from '../../../../server/src/settings/field-kind';
import {
  SETTINGS_FIELDS,
  type FieldView,
  type SecretView,
  type SettingsSection,
} from '../../../../server/src/settings/fields';

/**
 * The form of the settings table's plain fields, derived from the table (server/src/settings/
 * fields.ts) instead of a key list per section: what an input holds, read from the view, and
 * what Save sends of it. Lists and yes/no fields (handoff) keep their own forms.
 */

/** What an input holds: a number input may be empty; a secret starts empty ("keep the saved one"). */
type InputOf<View> = View extends SecretView
  ? string
  : View extends FieldView<number>
    ? number | undefined
    : View extends FieldView<infer Value>
      ? Value
      : never;

export type PlainForm<Section extends SettingsSection> = {
  [Name in keyof SettingsView[Section]]: InputOf<SettingsView[Section][Name]>;
};

/** A section's plain fields, each with its kind (text, number, secret, select…) and its entry. */
export const plainFieldsOf = (section: SettingsSection): Array<[string, FieldKind, FieldSpec]> =>
  Object.entries(SETTINGS_FIELDS[section] as Record<string, FieldSpec>).map(([name, spec]) => [
    name,
    fieldKind(spec),
    spec,
  ]);

type AnyView = Record<string, { value?: unknown; source: string }>;

/** The inputs of a section as the saved view fills them. */
export const plainFormFromView = <Section extends SettingsSection>(
  section: Section,
  view: SettingsView[Section]
): PlainForm<Section> => {
  const fields = view as unknown as AnyView;
  return Object.fromEntries(
    plainFieldsOf(section).map(([name, kind]) => {
      const value = fields[name]?.value ?? null;
      switch (kind.kind) {
        case 'secret':
          return [name, ''];
        case 'number':
          return [name, value ?? undefined];
        case 'select':
          return [name, value ?? kind.options[0]];
        case 'text':
          return [name, value ?? ''];
        default:
          return [name, value];
      }
    })
  ) as PlainForm<Section>;
};

/**
 * Only what the admin changed of a section: a value the environment sets is never sent (the
 * server would refuse it), an emptied field is sent as "" (back to its default), and a secret
 * only when one was typed. `keepSecret` withholds a typed secret the server would not use.
 */
export const plainUpdate = <Section extends SettingsSection>(
  section: Section,
  form: PlainForm<Section>,
  view: SettingsView[Section],
  keepSecret: (name: string) => boolean = () => false
): NonNullable<SettingsUpdate[Section]> | undefined => {
  const inputs = form as unknown as Record<string, unknown>;
  const fields = view as unknown as AnyView;
  const changes: Record<string, unknown> = {};
  for (const [name, kind] of plainFieldsOf(section)) {
    const saved = fields[name];
    if (!saved) continue;
    const input = inputs[name];
    // A secret bound to a base URL may be entered for another URL than the environment's key's.
    const bound = 'usable' in saved;
    if (saved.source === 'environment' && !(kind.kind === 'secret' && bound)) continue;
    switch (kind.kind) {
      case 'secret':
        if (typeof input === 'string' && input && !keepSecret(name)) changes[name] = input;
        break;
      case 'text': {
        const value = String(input ?? '').trim();
        if (value !== (saved.value ?? '')) changes[name] = value;
        break;
      }
      case 'number':
        if (input !== (saved.value ?? undefined)) changes[name] = input ?? '';
        break;
      case 'select':
        if (input !== saved.value) changes[name] = input ?? '';
        break;
      default:
        // Lists and yes/no fields have forms of their own (handoff-form.ts).
        break;
    }
  }
  return Object.keys(changes).length > 0 ? (changes as NonNullable<SettingsUpdate[Section]>) : undefined;
};
