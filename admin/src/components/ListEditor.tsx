import * as React from 'react';
import { Button, Flex, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';

/** What a row may do to the list: replace itself, or leave it. */
type RowEdit<Row> = { change: (row: Row) => void; remove: () => void };

type Props<Row extends { key: number }> = {
  title: string;
  /** What the list is for, under its title. */
  help?: string;
  /** The server's objection to the list as a whole. */
  error?: string;
  /** Said in place of the rows while there are none. */
  empty?: string;
  rows: Row[];
  onChange: (rows: Row[]) => void;
  renderRow: (row: Row, index: number, edit: RowEdit<Row>) => React.ReactNode;
  addLabel: string;
  /** The row Add appends; none while no more can be added (every choice is taken). */
  newRow?: () => Row;
  addTestId: string;
  disabled: boolean;
};

/** A titled list of rows the admin adds to and removes from, each row's fields its own. */
export const ListEditor = <Row extends { key: number }>({
  title,
  help,
  error,
  empty,
  rows,
  onChange,
  renderRow,
  addLabel,
  newRow,
  addTestId,
  disabled,
}: Props<Row>) => (
  <Flex direction="column" alignItems="stretch" gap={2}>
    <Typography variant="sigma" textColor="neutral600" tag="h4">
      {title}
    </Typography>
    {help ? (
      <Typography variant="pi" textColor="neutral600">
        {help}
      </Typography>
    ) : null}
    {error ? (
      <Typography variant="pi" textColor="danger600">
        {error}
      </Typography>
    ) : null}
    {empty && rows.length === 0 ? (
      <Typography variant="pi" textColor="neutral600">
        {empty}
      </Typography>
    ) : null}
    {rows.map((row, index) => (
      <React.Fragment key={row.key}>
        {renderRow(row, index, {
          change: (changed) => onChange(rows.map((item) => (item.key === changed.key ? changed : item))),
          remove: () => onChange(rows.filter((item) => item.key !== row.key)),
        })}
      </React.Fragment>
    ))}
    <Flex>
      <Button
        variant="tertiary"
        size="S"
        startIcon={<Plus />}
        disabled={disabled || !newRow}
        onClick={() => newRow && onChange([...rows, newRow()])}
        data-testid={addTestId}
      >
        {addLabel}
      </Button>
    </Flex>
  </Flex>
);
