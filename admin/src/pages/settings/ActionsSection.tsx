import { Button, Flex, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { useIntl } from 'react-intl';
import type { Source } from '../../../../server/src/admin-api';
import { SettingsSection } from '../../components/SettingsSection';
import { getTranslation } from '../../utils/getTranslation';
import { newActionDraft, type ActionDraft } from './action-form';
import { ActionCard } from './ActionCard';

type Props = {
  actions: ActionDraft[];
  /** "default": the host app's config/plugins.ts, until an admin saves a list here. */
  source: Source;
  /** The read tools' names, for the record an action is about. */
  collections: string[];
  onChange: (actions: ActionDraft[]) => void;
  errors: Record<string, string>;
  readOnly: boolean;
};

/**
 * Writes the agent may propose. The model never writes: the member is asked, and only their Yes
 * makes the plugin call the app's own route, with the member's own token and permissions.
 */
export const ActionsSection = ({ actions, source, collections, onChange, errors, readOnly }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });

  return (
    <SettingsSection
      testId="section-actions"
      title={t('settings.actions.title', 'Actions')}
      description={t(
        'settings.actions.description',
        'Writes the agent may propose, such as an RSVP. The member confirms each with Yes or No; only then does the plugin call your app’s route, as the member, with their own permissions.'
      )}
      actions={
        <Button
          variant="secondary"
          size="S"
          startIcon={<Plus />}
          disabled={readOnly}
          onClick={() => onChange([...actions, newActionDraft()])}
          data-testid="actions-add"
        >
          {t('settings.actions.add', 'Add an action')}
        </Button>
      }
    >
      {source === 'default' && actions.length > 0 ? (
        <Typography variant="pi" textColor="neutral600">
          {t(
            'settings.actions.fromConfig',
            'These come from the app’s config/plugins.ts. Once saved here, this list replaces them.'
          )}
        </Typography>
      ) : null}
      {errors.actions ? (
        <Typography variant="pi" textColor="danger600" data-testid="actions-error">
          {errors.actions}
        </Typography>
      ) : null}
      {actions.length === 0 ? (
        <Typography variant="omega" textColor="neutral600">
          {t('settings.actions.empty', 'No actions: the agent only reads.')}
        </Typography>
      ) : (
        <Flex direction="column" alignItems="stretch" gap={4}>
          {actions.map((action, index) => (
            <ActionCard
              key={action.key}
              index={index}
              action={action}
              collections={collections}
              errors={errors}
              readOnly={readOnly}
              onChange={(next) => onChange(actions.map((item) => (item.key === action.key ? next : item)))}
              onRemove={() => onChange(actions.filter((item) => item.key !== action.key))}
            />
          ))}
        </Flex>
      )}
    </SettingsSection>
  );
};
