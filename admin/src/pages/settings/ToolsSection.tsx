import { Button, Flex, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { useIntl } from 'react-intl';
import type { Source } from '../../../../server/src/admin-api';
import { SettingsSection } from '../../components/SettingsSection';
import { useApiQuery } from '../../hooks/useApiQuery';
import { getTranslation } from '../../utils/getTranslation';
import { newToolDraft, type ToolDraft } from './settings-form';
import { ToolCard } from './ToolCard';

type Props = {
  tools: ToolDraft[];
  /** "default": the host app's config/plugins.ts, until an admin saves a list here. */
  source: Source;
  onChange: (tools: ToolDraft[]) => void;
  errors: Record<string, string>;
  readOnly: boolean;
};

/** The collections the agent may search, always as the member, through their own role. */
export const ToolsSection = ({ tools, source, onChange, errors, readOnly }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const { data: contentTypes = [], error } = useApiQuery((api) => api.getContentTypes());

  return (
    <SettingsSection
      testId="section-tools"
      title={t('settings.tools.title', 'Tools')}
      description={t(
        'settings.tools.description',
        'Collections the agent may search. Each search runs with the member’s own permissions, as the REST API would answer them.'
      )}
      actions={
        <Button
          variant="secondary"
          size="S"
          startIcon={<Plus />}
          disabled={readOnly}
          onClick={() => onChange([...tools, newToolDraft()])}
          data-testid="tools-add"
        >
          {t('settings.tools.add', 'Add a collection')}
        </Button>
      }
    >
      {source === 'default' && tools.length > 0 ? (
        <Typography variant="pi" textColor="neutral600">
          {t(
            'settings.tools.fromConfig',
            'These come from the app’s config/plugins.ts. Once saved here, this list replaces them.'
          )}
        </Typography>
      ) : null}
      {error ? (
        <Typography variant="pi" textColor="danger600">
          {t('settings.tools.contentTypesFailed', 'The collection types could not be loaded.')}
        </Typography>
      ) : null}
      {errors.tools ? (
        <Typography variant="pi" textColor="danger600">
          {errors.tools}
        </Typography>
      ) : null}
      {tools.length === 0 ? (
        <Typography variant="omega" textColor="neutral600">
          {t('settings.tools.empty', 'No collections exposed: the agent can only chat.')}
        </Typography>
      ) : (
        <Flex direction="column" alignItems="stretch" gap={4}>
          {tools.map((tool, index) => (
            <ToolCard
              key={tool.key}
              index={index}
              tool={tool}
              contentTypes={contentTypes}
              errors={errors}
              readOnly={readOnly}
              onChange={(next) => onChange(tools.map((item) => (item.key === tool.key ? next : item)))}
              onRemove={() => onChange(tools.filter((item) => item.key !== tool.key))}
            />
          ))}
        </Flex>
      )}
    </SettingsSection>
  );
};
