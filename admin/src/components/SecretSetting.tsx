import type * as React from 'react';
import { Field, TextInput } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { SecretSetting as SecretView } from '../../../server/src/admin-api';
import { getTranslation } from '../utils/getTranslation';
import { useSourceHint } from '../hooks/useSourceHint';

type Props = {
  name: string;
  label: string;
  setting: SecretView;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  readOnly?: boolean;
  /** Not editable here; by default when the environment sets it. */
  locked?: boolean;
};

/**
 * A secret is never sent back to the browser: the field shows whether one is saved and its
 * last characters (none for a secret shorter than 16), and whatever is typed replaces it. Left
 * empty, the saved one is kept.
 */
export const SecretSetting = ({
  name,
  label,
  setting,
  value,
  onChange,
  error,
  readOnly,
  locked = setting.source === 'environment',
}: Props) => {
  const { formatMessage } = useIntl();
  const sourceHint = useSourceHint();
  const state = !setting.set
    ? formatMessage({ id: getTranslation('settings.secret.unset'), defaultMessage: 'Not set' })
    : setting.hint
      ? formatMessage(
          { id: getTranslation('settings.secret.set'), defaultMessage: 'Set · ends in {hint}' },
          { hint: setting.hint }
        )
      : formatMessage({ id: getTranslation('settings.secret.setWithoutHint'), defaultMessage: 'Set' });
  const disabled = readOnly || locked;

  return (
    <Field.Root name={name} error={error} hint={sourceHint(setting.source, state)}>
      <Field.Label>{label}</Field.Label>
      <TextInput
        type="password"
        name={name}
        value={value}
        autoComplete="new-password"
        disabled={disabled}
        placeholder={
          disabled
            ? undefined
            : formatMessage({
                id: getTranslation('settings.secret.placeholder'),
                defaultMessage: 'Type a new one to replace it',
              })
        }
        onChange={(event: React.ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
        data-testid={`setting-${name}`}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
};
