import { Box, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTheme } from 'styled-components';
import type { DailyUsage } from '../../../../server/src/admin-api';
import { getTranslation } from '../../utils/getTranslation';
import { formatMicros, MICROS_PER_USD, usdToMicros } from '../../utils/usage-format';

type Props = { daily: DailyUsage[] };

/** Messages in and out per UTC day as bars, the day's cost as a line on its own axis. */
export const DailyChart = ({ daily }: Props) => {
  const { formatMessage, locale } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const theme = useTheme();
  const data = daily.map((day) => ({
    ...day,
    // The axis in USD; the tooltip formats micros itself, to the last digit that matters.
    costUsd: day.costMicros / MICROS_PER_USD,
    label: day.date.slice(8),
  }));
  const names = {
    messagesIn: t('usage.chart.in', 'Messages in'),
    messagesOut: t('usage.chart.out', 'Messages out'),
    costUsd: t('usage.chart.cost', 'Cost'),
  };
  const axis = { fontSize: 12, fill: theme.colors.neutral600 };

  return (
    <Box
      background="neutral0"
      hasRadius
      shadow="filterShadow"
      padding={6}
      data-testid="usage-chart"
      aria-label={t('usage.chart.title', 'Messages and cost per day')}
    >
      <Typography variant="delta" tag="h2">
        {t('usage.chart.title', 'Messages and cost per day')}
      </Typography>
      <Box paddingTop={4} style={{ height: 300 }}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke={theme.colors.neutral150} vertical={false} />
            <XAxis dataKey="label" tick={axis} tickLine={false} />
            <YAxis yAxisId="messages" allowDecimals={false} tick={axis} tickLine={false} axisLine={false} />
            <YAxis
              yAxisId="cost"
              orientation="right"
              tick={axis}
              tickLine={false}
              axisLine={false}
              tickFormatter={(usd: number) => formatMicros(usdToMicros(usd), locale)}
            />
            <Tooltip
              labelFormatter={(_label, payload) => {
                const date = (payload?.[0]?.payload as { date?: string } | undefined)?.date;
                return date ?? '';
              }}
              formatter={(value: number, name: string) =>
                name === names.costUsd ? formatMicros(usdToMicros(value), locale) : value
              }
              contentStyle={{
                background: theme.colors.neutral0,
                border: `1px solid ${theme.colors.neutral150}`,
                color: theme.colors.neutral800,
              }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar
              yAxisId="messages"
              dataKey="messagesIn"
              name={names.messagesIn}
              fill={theme.colors.primary600}
              radius={[2, 2, 0, 0]}
            />
            <Bar
              yAxisId="messages"
              dataKey="messagesOut"
              name={names.messagesOut}
              fill={theme.colors.secondary500}
              radius={[2, 2, 0, 0]}
            />
            <Line
              yAxisId="cost"
              dataKey="costUsd"
              name={names.costUsd}
              type="linear"
              stroke={theme.colors.warning600}
              strokeWidth={2}
              dot={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </Box>
    </Box>
  );
};
