import {
  Badge,
  Flex,
  IconButton,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { Pencil } from '@strapi/icons';
import { useIntl } from 'react-intl';
import type { CommunityUsage, Plan } from '../../../../server/src/admin-api';
import { getTranslation } from '../../utils/getTranslation';
import { formatMicros, marginToPercent, usdToMicros } from '../../utils/usage-format';
import { LimitSummary } from './LimitBadge';
import { Detail } from './Tile';

type Props = {
  communities: CommunityUsage[];
  /** Absent without settings.update. */
  onEditPlan?: (community: CommunityUsage) => void;
};

/** "Flat · $49.00 a month · 500 turns", as the admin would say it. */
export const usePlanText = () => {
  const { formatMessage, formatNumber, locale } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  return (plan: Plan) => {
    switch (plan.kind) {
      case 'free':
        return t('usage.plan.summary.free', 'Free · {turns} turns a month', {
          turns: formatNumber(plan.turnsPerMonth),
        });
      case 'passthrough':
        return plan.capUsd === null
          ? t('usage.plan.summary.passthrough', 'Pass-through · cost + {margin} %', {
              margin: formatNumber(marginToPercent(plan.margin)),
            })
          : t('usage.plan.summary.passthroughCap', 'Pass-through · cost + {margin} % · cap {cap}', {
              margin: formatNumber(marginToPercent(plan.margin)),
              cap: formatMicros(usdToMicros(plan.capUsd), locale),
            });
      case 'flat':
        return t('usage.plan.summary.flat', 'Flat · {fee} a month · {turns} turns', {
          fee: formatMicros(usdToMicros(plan.feeUsd), locale),
          turns: formatNumber(plan.turnsPerMonth),
        });
    }
  };
};

/** One line per community: its month, its plan and where it stands against it. */
export const CommunitiesTable = ({ communities, onEditPlan }: Props) => {
  const { formatMessage, formatNumber, locale } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const planText = usePlanText();
  const usd = (micros: number) => formatMicros(micros, locale);
  const headers = [
    t('usage.column.community', 'Community and plan'),
    t('usage.column.turns', 'Turns'),
    t('usage.column.messages', 'In / out / failed'),
    t('usage.column.tokens', 'Tokens'),
    t('usage.column.cost', 'Cost'),
    t('usage.column.billable', 'Billable'),
    t('usage.column.limit', 'Limit'),
  ];

  return (
    <Table colCount={headers.length + 1} rowCount={communities.length + 1} data-testid="usage-table">
      <Thead>
        <Tr>
          {headers.map((header) => (
            <Th key={header}>
              <Typography variant="sigma">{header}</Typography>
            </Th>
          ))}
          <Th>
            <VisuallyHidden>{t('usage.column.actions', 'Actions')}</VisuallyHidden>
          </Th>
        </Tr>
      </Thead>
      <Tbody>
        {communities.map((row) => {
          const { totals } = row;
          return (
            <Tr key={row.community.key} data-testid="usage-row" data-community={row.community.key}>
              <Td>
                <Flex direction="column" alignItems="flex-start" gap={1}>
                  <Typography textColor="neutral800" fontWeight="semiBold">
                    {row.community.name}
                  </Typography>
                  <Flex gap={2} wrap="wrap">
                    <Typography variant="pi" textColor="neutral600" data-testid="usage-row-plan">
                      {planText(row.plan)}
                    </Typography>
                    {row.planSource === 'default' ? (
                      <Badge size="S">{t('usage.plan.default', 'Default plan')}</Badge>
                    ) : null}
                  </Flex>
                </Flex>
              </Td>
              <Td>
                <Typography textColor="neutral800">{formatNumber(totals.memberTurns)}</Typography>
              </Td>
              <Td>
                <Flex direction="column" alignItems="flex-start">
                  <Typography textColor="neutral800">
                    {`${formatNumber(totals.messagesIn)} / ${formatNumber(totals.messagesOut)} / ${formatNumber(totals.messagesFailed)}`}
                  </Typography>
                  <Typography variant="pi" textColor="neutral600">
                    {t(
                      'usage.activeMembers',
                      '{count, plural, one {# active member} other {# active members}}',
                      { count: totals.activeMembers }
                    )}
                  </Typography>
                </Flex>
              </Td>
              <Td>
                <Flex direction="column" alignItems="flex-start">
                  <Typography textColor="neutral800">
                    {formatNumber(totals.promptTokens + totals.completionTokens)}
                  </Typography>
                  <Detail>
                    {t('usage.tokens.prompt', '{count} prompt ({cached} cached)', {
                      count: formatNumber(totals.promptTokens),
                      cached: formatNumber(totals.cachedTokens),
                    })}
                  </Detail>
                  <Detail>
                    {t('usage.tokens.completion', '{count} completion', {
                      count: formatNumber(totals.completionTokens),
                    })}
                  </Detail>
                </Flex>
              </Td>
              <Td>
                <Flex direction="column" alignItems="flex-start">
                  <Typography textColor="neutral800" data-testid="usage-row-cost">
                    {usd(totals.costMicros.total)}
                  </Typography>
                  <Detail>{`Twilio ${usd(totals.costMicros.twilio)}`}</Detail>
                  <Detail>{`Meta ${usd(totals.costMicros.meta)}`}</Detail>
                  <Detail>
                    {t('usage.cost.model', 'AI model {cost}', { cost: usd(totals.costMicros.llm) })}
                  </Detail>
                </Flex>
              </Td>
              <Td>
                <Typography textColor="neutral800" data-testid="usage-row-billable">
                  {usd(row.billableMicros)}
                </Typography>
              </Td>
              <Td>
                <LimitSummary limit={row.limit} />
              </Td>
              <Td>
                {onEditPlan ? (
                  <Flex justifyContent="flex-end">
                    <IconButton
                      label={t('usage.plan.edit', 'Edit plan of {name}', { name: row.community.name })}
                      variant="ghost"
                      onClick={() => onEditPlan(row)}
                      data-testid="usage-row-edit-plan"
                    >
                      <Pencil />
                    </IconButton>
                  </Flex>
                ) : null}
              </Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
};
