import { Button } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useApiQuery } from '../../hooks/useApiQuery';
import { PERMISSIONS } from '../../permissions';
import { getTranslation } from '../../utils/getTranslation';
import { SetupChecks } from './SetupChecks';
import { TestMessageForm } from './TestMessageForm';

/** The setup checklist: every check live, green or red with its fix, and a test message. */
const Setup = () => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const { data, error, isLoading, refetch } = useApiQuery((api) => api.getSetupChecks());
  const { allowedActions } = useRBAC(PERMISSIONS.settingsUpdate);

  if (isLoading && !data) return <Page.Loading />;
  if (error && !data) return <Page.Error />;

  return (
    <Page.Main>
      <Page.Title>{t('setup.title', 'Setup')}</Page.Title>
      <Layouts.Header
        title={t('setup.title', 'Setup')}
        subtitle={t(
          'setup.subtitle',
          'Live checks of everything members need to reach the agent, each with what to do when it is red.'
        )}
        primaryAction={
          <Button
            startIcon={<ArrowClockwise />}
            onClick={refetch}
            loading={isLoading}
            data-testid="setup-rerun"
          >
            {t('setup.rerun', 'Run the checks again')}
          </Button>
        }
      />
      <Layouts.Content>
        <SetupChecks checks={data ?? []} />
        {allowedActions.canUpdate ? <TestMessageForm /> : null}
      </Layouts.Content>
    </Page.Main>
  );
};

const SetupPage = () => (
  <Page.Protect permissions={PERMISSIONS.settingsRead}>
    <Setup />
  </Page.Protect>
);

export default SetupPage;
