import * as React from 'react';
import {
  Button,
  EmptyStateLayout,
  Flex,
  IconButton,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { ChevronLeft, ChevronRight, Download } from '@strapi/icons';
import { Layouts, Page, useNotification, useQueryParams, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { CommunityRef } from '../../../../server/src/admin-api';
import { useApiClient } from '../../api/client';
import { useApiQuery } from '../../hooks/useApiQuery';
import { PERMISSIONS } from '../../permissions';
import { errorMessage } from '../../utils/api-errors';
import { getTranslation } from '../../utils/getTranslation';
import { saveFile } from '../../utils/save-file';
import { isMonth, monthLabel, shiftMonth, utcMonth } from '../../utils/usage-format';
import { CommunitiesTable } from './CommunitiesTable';
import { SendersTable } from './SendersTable';
import { DailyChart } from './DailyChart';
import { PlanDialog } from './PlanDialog';
import { TwilioFigure } from './TwilioFigure';
import { UsageSummary } from './UsageSummary';

/** In the URL, so a reload or a shared link shows the same month and community. */
type UsageQuery = { month?: string; community?: string };

const ALL = 'all';

const UsagePage = () => {
  const { formatMessage, locale } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const api = useApiClient();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC(PERMISSIONS.settingsUpdate);
  const [{ query }, setQuery] = useQueryParams<UsageQuery>();
  const [editing, setEditing] = React.useState<React.ComponentProps<typeof PlanDialog>['target']>();
  const [exporting, setExporting] = React.useState<'month' | 'day'>();

  const thisMonth = utcMonth();
  const month = isMonth(query.month) && query.month <= thisMonth ? query.month : thisMonth;
  const community = query.community || ALL;

  const report = useApiQuery((client) => client.getUsage({ community, month }), [community, month]);
  // The selector lists every community of the host, also those that used nothing this month.
  const communities = useApiQuery((client) => client.getCommunities());

  const options: CommunityRef[] = (communities.data ?? report.data?.communities ?? []).map(
    (item) => item.community
  );

  const exportCsv = async (by?: 'day') => {
    setExporting(by ?? 'month');
    try {
      const { filename, csv } = await api.usageCsv({ month, by });
      saveFile(csv, filename);
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: errorMessage(error, t('usage.export.failed', 'The CSV could not be downloaded.')),
      });
    } finally {
      setExporting(undefined);
    }
  };

  const title = t('usage.title', 'Usage');

  const content = () => {
    const { data, error, isLoading } = report;
    if (isLoading && !data) return <Page.Loading />;
    if (error || !data) return <Page.Error />;
    const single = community === ALL ? undefined : data.communities[0];
    return (
      <Flex direction="column" alignItems="stretch" gap={6} aria-busy={isLoading}>
        <UsageSummary
          totals={data.totals}
          billableMicros={data.billableMicros}
          community={single}
          twilio={<TwilioFigure month={month} />}
        />
        <DailyChart daily={data.daily} />
        {data.communities.length === 0 ? (
          <EmptyStateLayout
            content={t('usage.empty', 'No usage in {month}.', { month: monthLabel(month, locale) })}
          />
        ) : (
          <CommunitiesTable
            communities={data.communities}
            onEditPlan={
              allowedActions.canUpdate
                ? (row) => setEditing({ community: row.community, plan: row.plan })
                : undefined
            }
          />
        )}
        {/* Only once there is more than the default sender to tell apart. */}
        {data.senders.some((line) => line.senderId !== null) ? <SendersTable senders={data.senders} /> : null}
      </Flex>
    );
  };

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={t(
          'usage.subtitle',
          'What members used and what it cost, per community and month (UTC), and what each plan bills.'
        )}
        primaryAction={
          <Flex gap={2}>
            <Button
              variant="secondary"
              size="S"
              startIcon={<Download />}
              onClick={() => exportCsv()}
              loading={exporting === 'month'}
              data-testid="usage-export-month"
            >
              {t('usage.export.month', 'Monthly statement (CSV)')}
            </Button>
            <Button
              variant="secondary"
              size="S"
              startIcon={<Download />}
              onClick={() => exportCsv('day')}
              loading={exporting === 'day'}
              data-testid="usage-export-day"
            >
              {t('usage.export.day', 'Per day (CSV)')}
            </Button>
          </Flex>
        }
      />
      <Layouts.Action
        startActions={
          <Flex gap={2}>
            <IconButton
              label={t('usage.month.previous', 'Previous month')}
              onClick={() => setQuery({ month: shiftMonth(month, -1) })}
              data-testid="usage-month-previous"
            >
              <ChevronLeft />
            </IconButton>
            <Typography
              variant="omega"
              fontWeight="bold"
              data-testid="usage-month"
              data-month={month}
              style={{ minWidth: '12rem', textAlign: 'center' }}
            >
              {monthLabel(month, locale)}
            </Typography>
            <IconButton
              label={t('usage.month.next', 'Next month')}
              onClick={() => setQuery({ month: shiftMonth(month, 1) })}
              disabled={month >= thisMonth}
              data-testid="usage-month-next"
            >
              <ChevronRight />
            </IconButton>
          </Flex>
        }
        endActions={
          <SingleSelect
            aria-label={t('usage.community', 'Community')}
            value={community}
            onChange={(value) => setQuery({ community: String(value) })}
            size="S"
          >
            <SingleSelectOption value={ALL}>{t('usage.community.all', 'All communities')}</SingleSelectOption>
            {options.map((option) => (
              <SingleSelectOption key={option.key} value={option.key}>
                {option.name}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        }
      />
      <Layouts.Content>{content()}</Layouts.Content>
      <PlanDialog
        target={editing}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          report.refetch();
          communities.refetch();
        }}
      />
    </Page.Main>
  );
};

const ProtectedUsagePage = () => (
  <Page.Protect permissions={PERMISSIONS.usageRead}>
    <UsagePage />
  </Page.Protect>
);

export default ProtectedUsagePage;
