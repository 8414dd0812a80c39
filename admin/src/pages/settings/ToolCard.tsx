import type * as React from 'react';
import {
  Box,
  Field,
  Flex,
  Grid,
  IconButton,
  MultiSelect,
  MultiSelectOption,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { useIntl } from 'react-intl';
import type { ContentTypeView } from '../../../../server/src/admin-api';
import { getTranslation } from '../../utils/getTranslation';
import type { ToolDraft } from './settings-form';

type Props = {
  index: number;
  tool: ToolDraft;
  contentTypes: ContentTypeView[];
  onChange: (tool: ToolDraft) => void;
  onRemove: () => void;
  errors: Record<string, string>;
  readOnly: boolean;
};

const DATE_TYPES = new Set(['date', 'datetime']);

/** A name the model reads as search_<name>: lowercase, digits and _. */
const suggestName = (contentType: ContentTypeView) =>
  contentType.displayName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 31);

/** One exposed collection: which one, what the model calls it, and which fields it may see. */
export const ToolCard = ({ index, tool, contentTypes, onChange, onRemove, errors, readOnly }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const path = `tools.${index}`;
  const selected = contentTypes.find((contentType) => contentType.uid === tool.contentType);
  const attributes = selected?.attributes ?? [];
  const dateAttributes = attributes.filter((attribute) => DATE_TYPES.has(attribute.type));
  const relations = selected?.relations ?? [];

  const pickContentType = (uid: string) => {
    const next = contentTypes.find((contentType) => contentType.uid === uid);
    const names = new Set(next?.attributes.map((attribute) => attribute.name));
    onChange({
      ...tool,
      contentType: uid,
      name: tool.name || (next ? suggestName(next) : ''),
      // Fields of the previous collection mean nothing on the new one.
      searchableFields: tool.searchableFields.filter((name) => names.has(name)),
      returnedFields: tool.returnedFields.filter((name) => names.has(name)),
      dateField: names.has(tool.dateField) ? tool.dateField : '',
      communityField: next?.relations.some((relation) => relation.name === tool.communityField)
        ? tool.communityField
        : '',
    });
  };

  const fieldOptions = attributes.map((attribute) => (
    <MultiSelectOption key={attribute.name} value={attribute.name}>
      {`${attribute.name} (${attribute.type})`}
    </MultiSelectOption>
  ));

  return (
    <Box padding={4} hasRadius borderColor="neutral200" background="neutral100" data-testid={`tool-${index}`}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between">
          <Typography variant="omega" fontWeight="bold">
            {tool.name
              ? `search_${tool.name}, get_${tool.name}${tool.suggestFields ? `, suggest_${tool.name}` : ''}`
              : t('settings.tools.new', 'New tool')}
          </Typography>
          <IconButton
            label={t('settings.tools.remove', 'Remove this tool')}
            variant="ghost"
            onClick={onRemove}
            disabled={readOnly}
            data-testid={`tool-${index}-remove`}
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
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name={`${path}.contentType`} error={errors[`${path}.contentType`]}>
              <Field.Label>{t('settings.tools.contentType', 'Collection')}</Field.Label>
              <SingleSelect
                value={tool.contentType || undefined}
                onChange={(value) => pickContentType(String(value))}
                disabled={readOnly}
                placeholder={t('settings.tools.contentType.placeholder', 'Pick a collection type')}
                data-testid={`tool-${index}-contentType`}
              >
                {contentTypes.map((contentType) => (
                  <SingleSelectOption key={contentType.uid} value={contentType.uid}>
                    {`${contentType.displayName} (${contentType.uid})`}
                  </SingleSelectOption>
                ))}
                {tool.contentType && !selected ? (
                  <SingleSelectOption value={tool.contentType}>{tool.contentType}</SingleSelectOption>
                ) : null}
              </SingleSelect>
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name={`${path}.name`}
              error={errors[`${path}.name`]}
              hint={t('settings.tools.name.help', 'Lowercase letters, digits and _')}
            >
              <Field.Label>{t('settings.tools.name', 'Tool name')}</Field.Label>
              <TextInput
                value={tool.name}
                disabled={readOnly}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  onChange({ ...tool, name: event.target.value })
                }
                data-testid={`tool-${index}-name`}
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
                'settings.tools.toolDescription.help',
                'What the model learns about this collection, to decide when to search it'
              )}
            >
              <Field.Label>{t('settings.tools.toolDescription', 'Description')}</Field.Label>
              <Textarea
                value={tool.description}
                disabled={readOnly}
                onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                  onChange({ ...tool, description: event.target.value })
                }
                data-testid={`tool-${index}-description`}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name={`${path}.searchableFields`} error={errors[`${path}.searchableFields`]}>
              <Field.Label>{t('settings.tools.searchableFields', 'Searchable fields')}</Field.Label>
              <MultiSelect
                withTags
                value={tool.searchableFields}
                onChange={(value) => onChange({ ...tool, searchableFields: value })}
                disabled={readOnly || !selected}
                data-testid={`tool-${index}-searchableFields`}
              >
                {fieldOptions}
              </MultiSelect>
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name={`${path}.returnedFields`}
              error={errors[`${path}.returnedFields`]}
              hint={t(
                'settings.tools.returnedFields.help',
                'The only fields the model sees, after the member’s own permissions'
              )}
            >
              <Field.Label>{t('settings.tools.returnedFields', 'Returned fields')}</Field.Label>
              <MultiSelect
                withTags
                value={tool.returnedFields}
                onChange={(value) => onChange({ ...tool, returnedFields: value })}
                disabled={readOnly || !selected}
                data-testid={`tool-${index}-returnedFields`}
              >
                {fieldOptions}
              </MultiSelect>
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name={`${path}.dateField`}
              error={errors[`${path}.dateField`]}
              hint={t(
                'settings.tools.dateField.help',
                'Optional: lets the model ask for a date range, sorts by it'
              )}
            >
              <Field.Label>{t('settings.tools.dateField', 'Date field')}</Field.Label>
              <SingleSelect
                value={tool.dateField || undefined}
                onChange={(value) => onChange({ ...tool, dateField: String(value) })}
                onClear={() => onChange({ ...tool, dateField: '' })}
                clearLabel={t('settings.tools.dateField.clear', 'No date field')}
                disabled={readOnly || dateAttributes.length === 0}
                placeholder={t('settings.tools.dateField.none', 'None')}
                data-testid={`tool-${index}-dateField`}
              >
                {dateAttributes.map((attribute) => (
                  <SingleSelectOption key={attribute.name} value={attribute.name}>
                    {attribute.name}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name={`${path}.communityField`}
              error={errors[`${path}.communityField`]}
              hint={t(
                'settings.tools.communityField.help',
                'Optional: members only get records of their own communities'
              )}
            >
              <Field.Label>{t('settings.tools.communityField', 'Community field')}</Field.Label>
              <SingleSelect
                value={tool.communityField || undefined}
                onChange={(value) => onChange({ ...tool, communityField: String(value) })}
                onClear={() => onChange({ ...tool, communityField: '' })}
                clearLabel={t('settings.tools.communityField.clear', 'Not scoped')}
                disabled={readOnly || relations.length === 0}
                placeholder={t('settings.tools.communityField.none', 'Not scoped')}
                data-testid={`tool-${index}-communityField`}
              >
                {relations.map((relation) => (
                  <SingleSelectOption key={relation.name} value={relation.name}>
                    {`${relation.name} (${relation.target})`}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
        </Grid.Root>
      </Flex>
    </Box>
  );
};
