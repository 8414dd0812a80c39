import { Field, Grid, IconButton, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { useIntl } from 'react-intl';
import type { TemplateSourceView } from '../../../../server/src/admin-api';
import { ListEditor } from '../../components/ListEditor';
import { getTranslation } from '../../utils/getTranslation';
import { VARIABLE_NUMBERS, newVariableDraft, nextVariableNumber, type VariableDraft } from './template-form';

type Props = {
  /** "templates.eventReminder": the prefix of the server's error paths. */
  path: string;
  /** "template-eventReminder": the prefix of the rows' test ids. */
  testId: string;
  variables: VariableDraft[];
  sources: TemplateSourceView[];
  onChange: (variables: VariableDraft[]) => void;
  errors: Record<string, string>;
  disabled: boolean;
};

/** Where each {{n}} of a template comes from: one row per placeholder, a source from the purpose's list. */
export const TemplateVariables = ({
  path,
  testId,
  variables,
  sources,
  onChange,
  errors,
  disabled,
}: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const free = nextVariableNumber(variables);

  return (
    <ListEditor
      title={t('settings.templates.variables', 'Variables')}
      error={errors[`${path}.variables`]}
      empty={t('settings.templates.variables.empty', 'None: the template is sent as it is.')}
      rows={variables}
      onChange={onChange}
      renderRow={(row, index, { change, remove }) => {
        const rowPath = `${path}.variables.${row.number}`;
        const known = sources.some((source) => source.name === row.source);
        return (
          <Grid.Root gap={4} data-testid={`${testId}-variable-${index}`}>
            <Grid.Item col={2} s={4} direction="column" alignItems="stretch">
              <Field.Root name={`${rowPath}.number`}>
                <SingleSelect
                  aria-label={t('settings.templates.variable.number', 'Placeholder')}
                  value={row.number}
                  onChange={(value) => change({ ...row, number: String(value) })}
                  disabled={disabled}
                  data-testid={`${testId}-variable-${index}-number`}
                >
                  {VARIABLE_NUMBERS.filter(
                    (number) => number === row.number || !variables.some((other) => other.number === number)
                  ).map((number) => (
                    <SingleSelectOption key={number} value={number}>
                      {`{{${number}}}`}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={8} s={8} direction="column" alignItems="stretch">
              <Field.Root name={rowPath} error={errors[rowPath]}>
                <SingleSelect
                  aria-label={formatMessage(
                    {
                      id: getTranslation('settings.templates.variable.source'),
                      defaultMessage: 'Source of {placeholder}',
                    },
                    { placeholder: `{{${row.number}}}` }
                  )}
                  value={row.source || undefined}
                  onChange={(value) => change({ ...row, source: String(value) })}
                  disabled={disabled}
                  placeholder={t('settings.templates.variable.source.placeholder', 'Pick what fills it')}
                  data-testid={`${testId}-variable-${index}-source`}
                >
                  {sources.map((source) => (
                    <SingleSelectOption key={source.name} value={source.name}>
                      {`${source.name} — ${source.description}`}
                    </SingleSelectOption>
                  ))}
                  {/* Set in config/plugins.ts (event.<field>, say): kept, not offered. */}
                  {row.source && !known ? (
                    <SingleSelectOption value={row.source}>{row.source}</SingleSelectOption>
                  ) : null}
                </SingleSelect>
                <Field.Error />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={2} s={12} direction="column" alignItems="flex-start">
              <IconButton
                label={t('settings.templates.variable.remove', 'Remove this variable')}
                variant="ghost"
                disabled={disabled}
                onClick={remove}
                data-testid={`${testId}-variable-${index}-remove`}
              >
                <Trash />
              </IconButton>
            </Grid.Item>
          </Grid.Root>
        );
      }}
      addLabel={t('settings.templates.variables.add', 'Add a variable')}
      newRow={free ? () => newVariableDraft(free) : undefined}
      addTestId={`${testId}-variables-add`}
      disabled={disabled}
    />
  );
};
