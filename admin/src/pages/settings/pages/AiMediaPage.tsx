import { useIntl } from 'react-intl';
import { getTranslation } from '../../../utils/getTranslation';
import { AiSection } from '../AiSection';
import { MediaSection } from '../MediaSection';
import { SettingsSubPage } from '../SettingsSubPage';

/** The AI model the agent answers with, and what it does with voice notes and pictures. */
const AiMediaPage = () => {
  const { formatMessage } = useIntl();
  return (
    <SettingsSubPage
      page="ai"
      title="AI and media"
      subtitle={formatMessage({
        id: getTranslation('settings.pages.ai.subtitle'),
        defaultMessage: 'The model members talk to, and how it hears voice notes and sees pictures.',
      })}
    >
      {({ view, form, onFieldChange, errors, readOnly, dirty }) => (
        <>
          <AiSection
            view={view.ai}
            values={form.ai}
            onChange={onFieldChange('ai')}
            errors={errors}
            readOnly={readOnly}
            dirty={dirty}
          />
          <MediaSection
            view={view.media}
            values={form.media}
            onChange={onFieldChange('media')}
            errors={errors}
            readOnly={readOnly}
            dirty={dirty}
          />
        </>
      )}
    </SettingsSubPage>
  );
};

export default AiMediaPage;
