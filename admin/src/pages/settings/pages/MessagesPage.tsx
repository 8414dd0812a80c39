import { useIntl } from 'react-intl';
import { getTranslation } from '../../../utils/getTranslation';
import { MessagesSection } from '../MessagesSection';
import { SettingsSubPage } from '../SettingsSubPage';
import { TemplatesSection } from '../TemplatesSection';

/** What members are sent without the AI model: approved templates and the fixed replies. */
const MessagesPage = () => {
  const { formatMessage } = useIntl();
  return (
    <SettingsSubPage
      page="messages"
      title="Templates and messages"
      subtitle={formatMessage({
        id: getTranslation('settings.pages.messages.subtitle'),
        defaultMessage:
          'The approved templates for messages outside the 24-hour window, and the fixed replies.',
      })}
    >
      {({ view, form, setSection, onFieldChange, errors, readOnly }) => (
        <>
          <TemplatesSection
            view={view.templates}
            drafts={form.templates}
            onChange={onFieldChange('templates')}
            errors={errors}
            readOnly={readOnly}
          />
          <MessagesSection
            view={view.messages}
            values={form.messages}
            onChange={(language, key, value) =>
              setSection(
                'messages',
                (previous) => ({ ...previous, [language]: { ...previous[language], [key]: value } }),
                `messages.${language}.${key}`
              )
            }
            errors={errors}
            readOnly={readOnly}
          />
        </>
      )}
    </SettingsSubPage>
  );
};

export default MessagesPage;
