import { Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { SettingsView, TemplatePurpose } from '../../../../server/src/admin-api';
import { SettingsSection } from '../../components/SettingsSection';
import { getTranslation } from '../../utils/getTranslation';
import { TEMPLATE_PURPOSES, type TemplateDraft, type TemplateDrafts } from './template-form';
import { TemplateCard } from './TemplateCard';

type Props = {
  view: SettingsView['templates'];
  drafts: TemplateDrafts;
  onChange: (purpose: TemplatePurpose, draft: TemplateDraft) => void;
  errors: Record<string, string>;
  readOnly: boolean;
};

/**
 * WhatsApp lets a business write first, or after the member's 24-hour window, only with a
 * template Meta approved. The admin creates them in Twilio and names here which one serves what.
 */
export const TemplatesSection = ({ view, drafts, onChange, errors, readOnly }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });

  return (
    <SettingsSection
      testId="section-templates"
      title={t('settings.templates.title', 'Templates')}
      description={t(
        'settings.templates.description',
        'Approved WhatsApp templates, used only when a message must go out of the member’s 24-hour window (they last wrote more than 24 hours ago). Inside it, replies go out as plain text.'
      )}
    >
      <Typography variant="pi" textColor="neutral600" data-testid="templates-help">
        {formatMessage(
          {
            id: getTranslation('settings.templates.howTo'),
            defaultMessage:
              'Create each template in the Twilio console under Messaging → Content Template Builder, with {placeholders} where the member’s details go, then submit it for WhatsApp approval. Paste its Content SID (HX…) here and map each variable; Check shows what WhatsApp decided.',
          },
          // Literal braces would be read as ICU arguments.
          { placeholders: '{{1}}, {{2}}…' }
        )}
      </Typography>
      <Flex direction="column" alignItems="stretch" gap={4}>
        {TEMPLATE_PURPOSES.map((purpose) => (
          <TemplateCard
            key={purpose}
            purpose={purpose}
            view={view[purpose]}
            draft={drafts[purpose]}
            onChange={(draft) => onChange(purpose, draft)}
            errors={errors}
            readOnly={readOnly}
          />
        ))}
      </Flex>
    </SettingsSection>
  );
};
