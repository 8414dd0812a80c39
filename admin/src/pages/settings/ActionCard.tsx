import type * as React from 'react';
import {
  Box,
  Field,
  Flex,
  Grid,
  IconButton,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { getTranslation } from '../../utils/getTranslation';
import { ACTION_METHODS, parameterNames, parseParameters, type ActionDraft } from './action-form';

type Props = {
  index: number;
  action: ActionDraft;
  /** The read tools' names: the record an action is about is read through one of them. */
  collections: string[];
  onChange: (action: ActionDraft) => void;
  onRemove: () => void;
  errors: Record<string, string>;
  readOnly: boolean;
};

const MONOSPACE = { fontFamily: 'monospace' };

/** The first server message about this field or anything inside it (["actions",0,"parameters","properties"]). */
const errorUnder = (errors: Record<string, string>, key: string) =>
  errors[key] ?? Object.entries(errors).find(([path]) => path.startsWith(`${key}.`))?.[1];

/** One write the agent may propose: the host route it calls and what the member is asked first. */
export const ActionCard = ({ index, action, collections, onChange, onRemove, errors, readOnly }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const path = `actions.${index}`;
  const testId = `action-${index}`;
  const parsed = parseParameters(action.parameters);
  const argumentsOffered = parameterNames(action.parameters);
  const set = (patch: Partial<ActionDraft>) => onChange({ ...action, ...patch });

  return (
    <Box padding={4} hasRadius borderColor="neutral200" background="neutral100" data-testid={testId}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between">
          <Typography variant="omega" fontWeight="bold" style={MONOSPACE}>
            {action.name || t('settings.actions.new', 'New action')}
          </Typography>
          <IconButton
            label={t('settings.actions.remove', 'Remove this action')}
            variant="ghost"
            onClick={onRemove}
            disabled={readOnly}
            data-testid={`${testId}-remove`}
          >
            <Trash />
          </IconButton>
        </Flex>
        {errors[path] ? (
          <Typography variant="pi" textColor="danger600">
            {errors[path]}
          </Typography>
        ) : null}
        <Grid.Root gap={4}>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name={`${path}.name`}
              error={errors[`${path}.name`]}
              hint={t(
                'settings.actions.name.help',
                'What the model calls it: lowercase letters, digits and _'
              )}
            >
              <Field.Label>{t('settings.actions.name', 'Tool name')}</Field.Label>
              <TextInput
                value={action.name}
                disabled={readOnly}
                placeholder="rsvp_event"
                onChange={(event: React.ChangeEvent<HTMLInputElement>) => set({ name: event.target.value })}
                data-testid={`${testId}-name`}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={2} s={4} direction="column" alignItems="stretch">
            <Field.Root name={`${path}.method`} error={errors[`${path}.method`]}>
              <Field.Label>{t('settings.actions.method', 'Method')}</Field.Label>
              <SingleSelect
                value={action.method}
                onChange={(value) =>
                  set({ method: ACTION_METHODS.find((method) => method === value) ?? action.method })
                }
                disabled={readOnly}
                data-testid={`${testId}-method`}
              >
                {ACTION_METHODS.map((method) => (
                  <SingleSelectOption key={method} value={method}>
                    {method}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={8} direction="column" alignItems="stretch">
            <Field.Root
              name={`${path}.path`}
              error={errors[`${path}.path`]}
              hint={formatMessage(
                {
                  id: getTranslation('settings.actions.path.help'),
                  defaultMessage:
                    'The app’s own route, under /api/; {argument} in it is filled from that argument, the others go in the JSON body',
                },
                { argument: '{argument}' }
              )}
            >
              <Field.Label>{t('settings.actions.path', 'Path')}</Field.Label>
              <TextInput
                value={action.path}
                disabled={readOnly}
                placeholder="/api/events/{documentId}/rsvp"
                style={MONOSPACE}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) => set({ path: event.target.value })}
                data-testid={`${testId}-path`}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={12} direction="column" alignItems="stretch">
            <Field.Root
              name={`${path}.description`}
              error={errors[`${path}.description`]}
              hint={t(
                'settings.actions.description.help',
                'What the model learns about this action, to decide when to propose it'
              )}
            >
              <Field.Label>{t('settings.actions.toolDescription', 'Description')}</Field.Label>
              <Textarea
                value={action.description}
                disabled={readOnly}
                onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                  set({ description: event.target.value })
                }
                data-testid={`${testId}-description`}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name={`${path}.parameters`}
              error={parsed.error ?? errorUnder(errors, `${path}.parameters`)}
              hint={t(
                'settings.actions.parameters.help',
                'A JSON schema object: each property is an argument the model fills in'
              )}
            >
              <Field.Label>{t('settings.actions.parameters', 'Parameters (JSON schema)')}</Field.Label>
              <Textarea
                value={action.parameters}
                disabled={readOnly}
                rows={10}
                style={MONOSPACE}
                spellCheck={false}
                onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                  set({ parameters: event.target.value })
                }
                data-testid={`${testId}-parameters`}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name={`${path}.confirm`}
              error={errors[`${path}.confirm`]}
              hint={formatMessage(
                {
                  id: getTranslation('settings.actions.confirm.help'),
                  defaultMessage:
                    'Asked before anything is written; the member answers Yes or No. {argument}: an argument, {field}: a field of the record, {date}: a date for people. E.g. {example}',
                },
                {
                  argument: '{argument}',
                  field: '{field}',
                  date: '{field:date}',
                  example: 'RSVP *{status}* to *{title}* on {startsAt:date}?',
                }
              )}
            >
              <Field.Label>{t('settings.actions.confirm', 'Confirmation question')}</Field.Label>
              <Textarea
                value={action.confirm}
                disabled={readOnly}
                onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                  set({ confirm: event.target.value })
                }
                data-testid={`${testId}-confirm`}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name={`${path}.record.collection`}
              error={errors[`${path}.record.collection`] ?? errors[`${path}.record`]}
              hint={t(
                'settings.actions.record.help',
                'Optional: the record it is about, read as the member for the question'
              )}
            >
              <Field.Label>{t('settings.actions.record.collection', 'Record from')}</Field.Label>
              <SingleSelect
                value={action.recordCollection || undefined}
                onChange={(value) => set({ recordCollection: String(value) })}
                onClear={() => set({ recordCollection: '', recordIdArgument: '' })}
                clearLabel={t('settings.actions.record.none', 'No record')}
                placeholder={t('settings.actions.record.none', 'No record')}
                disabled={readOnly}
                data-testid={`${testId}-record-collection`}
              >
                {collections.map((name) => (
                  <SingleSelectOption key={name} value={name}>
                    {`get_${name}`}
                  </SingleSelectOption>
                ))}
                {action.recordCollection && !collections.includes(action.recordCollection) ? (
                  <SingleSelectOption value={action.recordCollection}>
                    {action.recordCollection}
                  </SingleSelectOption>
                ) : null}
              </SingleSelect>
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name={`${path}.record.idArgument`}
              error={errors[`${path}.record.idArgument`]}
              hint={t('settings.actions.record.idArgument.help', 'The argument that holds its documentId')}
            >
              <Field.Label>{t('settings.actions.record.idArgument', 'Record id argument')}</Field.Label>
              <SingleSelect
                value={action.recordIdArgument || undefined}
                onChange={(value) => set({ recordIdArgument: String(value) })}
                disabled={readOnly || !action.recordCollection}
                placeholder={t('settings.actions.record.idArgument.placeholder', 'Pick a parameter')}
                data-testid={`${testId}-record-idArgument`}
              >
                {argumentsOffered.map((name) => (
                  <SingleSelectOption key={name} value={name}>
                    {name}
                  </SingleSelectOption>
                ))}
                {action.recordIdArgument && !argumentsOffered.includes(action.recordIdArgument) ? (
                  <SingleSelectOption value={action.recordIdArgument}>
                    {action.recordIdArgument}
                  </SingleSelectOption>
                ) : null}
              </SingleSelect>
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name={`${path}.offerReminders`}
              error={errors[`${path}.offerReminders`]}
              hint={t(
                'settings.actions.offerReminders.help',
                'Once done, a member without event reminders is offered them (a Remind me button)'
              )}
            >
              <Field.Label>{t('settings.actions.offerReminders', 'Offer reminders')}</Field.Label>
              <Toggle
                checked={action.offerReminders}
                onLabel={t('settings.actions.offerReminders.on', 'Yes')}
                offLabel={t('settings.actions.offerReminders.off', 'No')}
                disabled={readOnly}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  set({ offerReminders: event.target.checked })
                }
                data-testid={`${testId}-offerReminders`}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
        </Grid.Root>
      </Flex>
    </Box>
  );
};
