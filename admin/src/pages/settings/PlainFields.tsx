import type * as React from 'react';
import { Field, Grid, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { SecretSetting as SecretView, SettingsView, Source } from '../../../../server/src/admin-api';
import type { SettingsSection } from '../../../../server/src/settings/fields';
import { NumberSetting } from '../../components/NumberSetting';
import { SecretSetting } from '../../components/SecretSetting';
import { TextSetting } from '../../components/TextSetting';
import { useSourceHint } from '../../hooks/useSourceHint';
import { getTranslation } from '../../utils/getTranslation';
import { plainFieldsOf, type PlainForm } from './plain-fields';

type Props<Section extends SettingsSection> = {
  section: Section;
  view: SettingsView[Section];
  values: PlainForm<Section>;
  onChange: (name: string, value: unknown) => void;
  errors: Record<string, string>;
  readOnly: boolean;
  /** Fields a section lays out itself (with buttons of their own). */
  except?: string[];
  /** What a section shows under one of its fields: a warning about a withheld key, say. */
  after?: Partial<Record<string, React.ReactNode>>;
  /** Secrets not editable now (a key whose base URL is set by the environment, say). */
  locked?: Partial<Record<string, boolean>>;
};

/**
 * A section's plain fields straight from the settings table: the input follows the field's kind
 * (text, number, secret, choice), the label is `settings.<section>.<name>` and the help
 * `settings.<section>.<name>.help` in the admin's language. A new plain setting shows up here
 * with its entry in the table and its label, and no form code.
 */
export const PlainFields = <Section extends SettingsSection>({
  section,
  view,
  values,
  onChange,
  errors,
  readOnly,
  except = [],
  after = {},
  locked = {},
}: Props<Section>) => {
  const { formatMessage, messages } = useIntl();
  const sourceHint = useSourceHint();
  const text = (key: string) => {
    const message = messages[getTranslation(key)];
    return typeof message === 'string' ? message : undefined;
  };
  const label = (name: string) =>
    text(`settings.${section}.${name}`) ?? name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const saved = view as unknown as Record<string, { value?: unknown; source: Source }>;
  const inputs = values as unknown as Record<string, unknown>;

  return (
    <Grid.Root gap={5}>
      {plainFieldsOf(section)
        .filter(([name, kind]) => !except.includes(name) && kind.kind !== 'list')
        .map(([name, kind, spec]) => {
          const path = `${section}.${name}`;
          const common = {
            name: path,
            label: label(name),
            error: errors[path],
            readOnly,
          };
          const help = text(`settings.${path}.help`);
          const source = saved[name].source;
          let input;
          switch (kind.kind) {
            case 'secret':
              input = (
                <SecretSetting
                  {...common}
                  setting={saved[name] as unknown as SecretView}
                  value={String(inputs[name] ?? '')}
                  onChange={(value) => onChange(name, value)}
                  {...(locked[name] === undefined ? {} : { locked: locked[name] })}
                />
              );
              break;
            case 'number':
              input = (
                <NumberSetting
                  {...common}
                  source={source}
                  help={help}
                  value={inputs[name] as number | undefined}
                  onChange={(value) => onChange(name, value)}
                />
              );
              break;
            case 'select':
            case 'boolean': {
              const options = kind.kind === 'select' ? kind.options : ['true', 'false'];
              input = (
                <Field.Root name={path} error={common.error} hint={sourceHint(source, help)}>
                  <Field.Label>{common.label}</Field.Label>
                  <SingleSelect
                    value={String(inputs[name] ?? '')}
                    onChange={(value) =>
                      onChange(name, kind.kind === 'boolean' ? String(value) === 'true' : String(value))
                    }
                    disabled={readOnly || source === 'environment'}
                    data-testid={`setting-${path}`}
                  >
                    {options.map((option) => (
                      <SingleSelectOption key={option} value={option}>
                        {formatMessage({
                          id: getTranslation(`settings.${path}.${option}`),
                          defaultMessage: option,
                        })}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
              );
              break;
            }
            default:
              input = (
                <TextSetting
                  {...common}
                  source={source}
                  help={help}
                  multiline={spec.multiline}
                  value={String(inputs[name] ?? '')}
                  onChange={(value) => onChange(name, value)}
                />
              );
          }
          return (
            <Grid.Item
              key={name}
              col={spec.multiline ? 12 : 6}
              s={12}
              direction="column"
              alignItems="stretch"
            >
              {input}
              {after[name]}
            </Grid.Item>
          );
        })}
    </Grid.Root>
  );
};
