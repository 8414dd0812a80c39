import type { Language } from '../languages/supported';
import type { FieldSpec } from './field';
import { SETTINGS_FIELDS } from './fields';

type Table = Record<string, Record<string, FieldSpec>>;

/**
 * The admin panel's texts of the settings table's fields in one language, under the keys its forms
 * look up: `settings.<section>.<name>` (the label), `….help` and `….<option>`. The panel adds
 * them to its translations at load (admin/src/index.ts), so a field's label lives in its entry and
 * in no translation file.
 */
export const fieldTexts = (language: Language, table: Table = SETTINGS_FIELDS): Record<string, string> =>
  Object.fromEntries(
    Object.entries(table).flatMap(([section, fields]) =>
      Object.entries(fields).flatMap(([name, spec]) => {
        const key = `settings.${section}.${name}`;
        return [
          ...(spec.label ? [[key, spec.label[language]]] : []),
          ...(spec.help ? [[`${key}.help`, spec.help[language]]] : []),
          ...Object.entries(spec.options ?? {}).map(([option, text]) => [`${key}.${option}`, text[language]]),
        ];
      })
    )
  );
