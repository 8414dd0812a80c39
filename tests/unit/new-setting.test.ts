import { z } from 'zod';
import { field } from '../../server/src/settings/field';
import { fieldKind } from '../../server/src/settings/field-kind';
import { fieldTexts } from '../../server/src/settings/field-texts';
import { PRIVACY_SETTINGS } from '../../server/src/settings/sections/privacy';

// "A new plain setting is one entry": the walk-through of README → Adding a setting, on a copy of
// the privacy section with one more field. Its entry alone gives the panel its input kind and its
// label and hint in every language; the type of `label` does not compile with a language left out.

const table = {
  privacy: {
    ...PRIVACY_SETTINGS,
    exportDays: field(z.number().int().min(1).max(30), {
      label: {
        en: 'Export links valid for (days)',
        de: 'Export-Links gültig (Tage)',
        fr: 'Liens d’export valables (jours)',
        es: 'Enlaces de exportación válidos (días)',
      },
      help: { en: '1–30', de: '1–30', fr: '1–30', es: '1–30' },
      fromConfig: () => undefined,
    }),
  },
};

it('gets its input kind, and its label and hint in every language, from its entry', () => {
  expect(fieldKind(table.privacy.exportDays)).toEqual({ kind: 'number' });
  expect(fieldTexts('de', table)).toEqual({
    'settings.privacy.retentionDays': 'Nachrichtentexte behalten (Tage)',
    'settings.privacy.retentionDays.help': expect.any(String),
    'settings.privacy.exportDays': 'Export-Links gültig (Tage)',
    'settings.privacy.exportDays.help': '1–30',
  });
  expect(fieldTexts('es', table)['settings.privacy.exportDays']).toBe(
    'Enlaces de exportación válidos (días)'
  );
});

it('does not compile with a language of its label left out', () => {
  const entry = field(z.string(), {
    // @ts-expect-error -- es is missing
    label: { en: 'Export title', de: 'Exporttitel', fr: 'Titre de l’export' },
    fromConfig: () => undefined,
  });
  expect(fieldTexts('es', { privacy: { entry } })['settings.privacy.entry']).toBeUndefined();
});
