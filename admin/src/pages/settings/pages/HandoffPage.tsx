import { useIntl } from 'react-intl';
import { getTranslation } from '../../../utils/getTranslation';
import { HandoffSection } from '../HandoffSection';
import { ManagerScopesSection } from '../ManagerScopesSection';
import { SettingsSubPage } from '../SettingsSubPage';

/** When a member talks to a person instead of the agent, and which managers see whom. */
const HandoffPage = () => {
  const { formatMessage } = useIntl();
  return (
    <SettingsSubPage
      page="handoff"
      title="Handoff"
      subtitle={formatMessage({
        id: getTranslation('settings.pages.handoff.subtitle'),
        defaultMessage: 'How members ask for a person, how long they wait, and which managers see whom.',
      })}
    >
      {({ view, form, onFieldChange, errors, readOnly }) => (
        <>
          <HandoffSection
            view={view.handoff}
            values={form.handoff}
            onChange={onFieldChange('handoff')}
            errors={errors}
            readOnly={readOnly}
          />
          <ManagerScopesSection readOnly={readOnly} />
        </>
      )}
    </SettingsSubPage>
  );
};

export default HandoffPage;
