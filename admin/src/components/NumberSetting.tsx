import { Field, NumberInput } from '@strapi/design-system';
import type { Source } from '../../../server/src/admin-api';
import { useSourceHint } from '../hooks/useSourceHint';

type Props = {
  name: string;
  label: string;
  source: Source;
  value: number | undefined;
  /** `undefined` when emptied: saved as "back to the default". */
  onChange: (value: number | undefined) => void;
  error?: string;
  readOnly?: boolean;
  help?: string;
};

export const NumberSetting = ({ name, label, source, value, onChange, error, readOnly, help }: Props) => {
  const sourceHint = useSourceHint();
  return (
    <Field.Root name={name} error={error} hint={sourceHint(source, help)}>
      <Field.Label>{label}</Field.Label>
      <NumberInput
        name={name}
        value={value}
        onValueChange={onChange}
        disabled={readOnly || source === 'environment'}
        data-testid={`setting-${name}`}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
};
