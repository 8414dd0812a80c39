import type * as React from 'react';
import { Grid, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { CommunityUsage, UsageTotals } from '../../../../server/src/admin-api';
import { getTranslation } from '../../utils/getTranslation';
import { formatMicros } from '../../utils/usage-format';
import { LimitSummary } from './LimitBadge';
import { Detail, Tile } from './Tile';

type Props = {
  totals: UsageTotals;
  billableMicros: number;
  /** One community picked: its plan's limit is shown too. */
  community?: CommunityUsage;
  /** Twilio's own figure, set beside the ledger's Twilio cost. */
  twilio: React.ReactNode;
};

/** The month's figures at a glance: what members did, what it cost, what to bill. */
export const UsageSummary = ({ totals, billableMicros, community, twilio }: Props) => {
  const { formatMessage, formatNumber, locale } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const usd = (micros: number) => formatMicros(micros, locale);
  const { costMicros } = totals;

  return (
    <Grid.Root gap={4}>
      <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
        <Tile
          testId="usage-turns"
          label={t('usage.turns', 'Member turns')}
          value={formatNumber(totals.memberTurns)}
        >
          {community ? (
            <LimitSummary limit={community.limit} />
          ) : (
            <Detail>{t('usage.turns.help', 'Questions that reached the AI model')}</Detail>
          )}
        </Tile>
      </Grid.Item>
      <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
        <Tile
          testId="usage-messages"
          label={t('usage.messages', 'Messages in / out / failed')}
          value={`${formatNumber(totals.messagesIn)} / ${formatNumber(totals.messagesOut)} / ${formatNumber(totals.messagesFailed)}`}
        >
          <Typography variant="pi" textColor="neutral600" data-testid="usage-active-members">
            {t('usage.activeMembers', '{count, plural, one {# active member} other {# active members}}', {
              count: totals.activeMembers,
            })}
          </Typography>
        </Tile>
      </Grid.Item>
      <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
        <Tile
          testId="usage-tokens"
          label={t('usage.tokens', 'Tokens')}
          value={formatNumber(totals.promptTokens + totals.completionTokens)}
        >
          <Detail>
            {t('usage.tokens.detail', '{prompt} prompt ({cached} cached) · {completion} completion', {
              prompt: formatNumber(totals.promptTokens),
              cached: formatNumber(totals.cachedTokens),
              completion: formatNumber(totals.completionTokens),
            })}
          </Detail>
        </Tile>
      </Grid.Item>
      <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
        <Tile testId="usage-cost" label={t('usage.cost', 'Cost')} value={usd(costMicros.total)}>
          <Detail>
            {t('usage.cost.detail', 'Twilio {twilio} · Meta {meta} · AI model {llm}', {
              twilio: usd(costMicros.twilio),
              meta: usd(costMicros.meta),
              llm: usd(costMicros.llm),
            })}
          </Detail>
        </Tile>
      </Grid.Item>
      <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
        <Tile testId="usage-billable" label={t('usage.billable', 'Billable')} value={usd(billableMicros)}>
          <Detail>
            {t('usage.billable.help', 'What the plans charge for the month: fee, or cost plus margin')}
          </Detail>
        </Tile>
      </Grid.Item>
      <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
        {twilio}
      </Grid.Item>
    </Grid.Root>
  );
};
