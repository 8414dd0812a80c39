import type * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';

/** One figure of the usage page: a label, the value, and what it is made of below. */
export const Tile = ({
  testId,
  label,
  value,
  children,
}: {
  testId: string;
  label: string;
  value: React.ReactNode;
  children?: React.ReactNode;
}) => (
  <Box background="neutral0" hasRadius shadow="filterShadow" padding={5} height="100%" data-testid={testId}>
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Typography variant="sigma" textColor="neutral600">
        {label}
      </Typography>
      <Typography variant="beta" tag="p" data-testid={`${testId}-value`}>
        {value}
      </Typography>
      {children}
    </Flex>
  </Box>
);

export const Detail = ({ children }: { children: React.ReactNode }) => (
  <Typography variant="pi" textColor="neutral600">
    {children}
  </Typography>
);
