import { SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useApiQuery } from '../../hooks/useApiQuery';
import { getTranslation } from '../../utils/getTranslation';

type Props = {
  documentId: string;
  /** Who has it now: not offered again. */
  assigneeId: number | null;
  /** The admin asking: "Assign to me" is its own button. */
  selfId: number | undefined;
  disabled: boolean;
  onAssign: (assigneeId: number) => void;
};

/**
 * Gives the conversation to another manager: only admin users who may answer it are offered
 * (the reply permission, and its community if they are limited to some). The server checks again.
 */
export const AssignPicker = ({ documentId, assigneeId, selfId, disabled, onAssign }: Props) => {
  const { formatMessage } = useIntl();
  const assignees = useApiQuery((api) => api.getAssignees(documentId), [documentId]);
  const others = (assignees.data ?? []).filter((user) => user.id !== assigneeId && user.id !== selfId);
  const label = formatMessage({ id: getTranslation('handoff.assignTo'), defaultMessage: 'Assign to…' });
  return (
    <SingleSelect
      aria-label={label}
      placeholder={label}
      size="S"
      value=""
      disabled={disabled || others.length === 0}
      onChange={(value) => onAssign(Number(value))}
      data-testid="assign-to"
    >
      {others.map((user) => (
        <SingleSelectOption key={user.id} value={String(user.id)}>
          {user.name}
        </SingleSelectOption>
      ))}
    </SingleSelect>
  );
};
