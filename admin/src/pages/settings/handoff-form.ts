import type { ManagerNameShown, SettingsUpdate, SettingsView } from '../../../../server/src/admin-api';

/** The handoff card's inputs: each command's words as one comma-separated line. */
export type HandoffForm = {
  requestWords: string;
  backWords: string;
  timeoutHours: number | undefined;
  emailManagers: boolean;
  managerName: ManagerNameShown;
};

type View = SettingsView['handoff'];

const WORD_KEYS = ['requestWords', 'backWords'] as const;

/** "HUMAN, person ,, AGENT" → ["HUMAN", "person", "AGENT"] */
export const wordsOf = (line: string) =>
  line
    .split(',')
    .map((word) => word.trim())
    .filter(Boolean);

export const handoffFormFromView = (view: View): HandoffForm => ({
  requestWords: (view.requestWords.value ?? []).join(', '),
  backWords: (view.backWords.value ?? []).join(', '),
  timeoutHours: view.timeoutHours.value ?? undefined,
  emailManagers: view.emailManagers.value ?? true,
  managerName: view.managerName.value ?? 'firstName',
});

/** Only what the admin changed; an emptied field goes back to the default (""). */
export const handoffUpdate = (form: HandoffForm, view: View): SettingsUpdate['handoff'] => {
  const update: NonNullable<SettingsUpdate['handoff']> = {};
  for (const key of WORD_KEYS) {
    const words = wordsOf(form[key]);
    if (view[key].source !== 'environment' && words.join(',') !== (view[key].value ?? []).join(','))
      update[key] = words.length > 0 ? words : '';
  }
  if (
    view.timeoutHours.source !== 'environment' &&
    form.timeoutHours !== (view.timeoutHours.value ?? undefined)
  )
    update.timeoutHours = form.timeoutHours ?? '';
  if (view.emailManagers.source !== 'environment' && form.emailManagers !== view.emailManagers.value)
    update.emailManagers = form.emailManagers;
  if (view.managerName.source !== 'environment' && form.managerName !== view.managerName.value)
    update.managerName = form.managerName;
  return Object.keys(update).length > 0 ? update : undefined;
};
