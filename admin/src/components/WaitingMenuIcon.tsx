import type * as React from 'react';
import { Badge } from '@strapi/design-system';
import { Message } from '@strapi/icons';
import { useWaitingCount } from '../hooks/useWaitingCount';

/**
 * The plugin's icon in Strapi's main menu, with the number of members waiting for a person.
 * Strapi's own counter badge (`notificationsCount`) is read once when the menu is built, so the
 * icon carries the badge itself, placed where Strapi puts its own.
 */
export const WaitingMenuIcon = (props: React.ComponentProps<typeof Message>) => {
  const waiting = useWaitingCount();
  return (
    <>
      <Message {...props} />
      {waiting > 0 ? (
        <Badge
          position="absolute"
          top="-0.8rem"
          left="1.7rem"
          backgroundColor="primary600"
          textColor="neutral0"
          data-testid="menu-waiting"
        >
          {waiting}
        </Badge>
      ) : null}
    </>
  );
};
