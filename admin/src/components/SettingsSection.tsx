import type * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';

type Props = {
  title: string;
  description?: string;
  /** Buttons that act on the saved settings of this section (check, test, rotate). */
  actions?: React.ReactNode;
  children: React.ReactNode;
  testId: string;
};

/** One card of the settings page. */
export const SettingsSection = ({ title, description, actions, children, testId }: Props) => (
  <Box background="neutral0" hasRadius shadow="filterShadow" padding={6} data-testid={testId}>
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex justifyContent="space-between" alignItems="flex-start" gap={4}>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="delta" tag="h2">
            {title}
          </Typography>
          {description ? (
            <Typography variant="pi" textColor="neutral600">
              {description}
            </Typography>
          ) : null}
        </Flex>
        {actions ? <Flex gap={2}>{actions}</Flex> : null}
      </Flex>
      {children}
    </Flex>
  </Box>
);
