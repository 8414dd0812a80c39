import type * as React from 'react';
import { Field, Textarea, TextInput } from '@strapi/design-system';
import type { Source } from '../../../server/src/admin-api';
import { useSourceHint } from '../hooks/useSourceHint';

type Props = {
  /** "twilio.accountSid": the key of the server's validation errors and the e2e selector. */
  name: string;
  label: string;
  source: Source;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  /** The admin may read but not update the settings. */
  readOnly?: boolean;
  help?: string;
  placeholder?: string;
  multiline?: boolean;
};

/** A plain setting. Values set by the environment win over the panel, so they cannot be edited. */
export const TextSetting = ({
  name,
  label,
  source,
  value,
  onChange,
  error,
  readOnly,
  help,
  placeholder,
  multiline,
}: Props) => {
  const sourceHint = useSourceHint();
  const disabled = readOnly || source === 'environment';
  const inputProps = { name, value, disabled, placeholder, 'data-testid': `setting-${name}` };

  return (
    <Field.Root name={name} error={error} hint={sourceHint(source, help)}>
      <Field.Label>{label}</Field.Label>
      {multiline ? (
        <Textarea
          {...inputProps}
          onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => onChange(event.target.value)}
        />
      ) : (
        <TextInput
          {...inputProps}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
        />
      )}
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
};
