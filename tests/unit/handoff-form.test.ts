import type { SettingsView } from '../../server/src/admin-api';
import { handoffFormFromView, handoffUpdate, wordsOf } from '../../admin/src/pages/settings/handoff-form';

type Source = 'environment' | 'admin' | 'default';
const view = (
  sources: Partial<Record<keyof SettingsView['handoff'], Source>> = {}
): SettingsView['handoff'] => ({
  requestWords: { value: ['HUMAN', 'PERSON'], source: sources.requestWords ?? 'default' },
  backWords: { value: ['ASSISTANT', 'BOT'], source: sources.backWords ?? 'default' },
  timeoutHours: { value: 24, source: sources.timeoutHours ?? 'default' },
  emailManagers: { value: true, source: sources.emailManagers ?? 'default' },
  managerName: { value: 'firstName', source: sources.managerName ?? 'default' },
});

describe('the People-in-the-loop card', () => {
  it('reads a command’s words from one comma-separated line', () => {
    expect(wordsOf(' HUMAN, person ,, AGENT ')).toEqual(['HUMAN', 'person', 'AGENT']);
    expect(wordsOf(' , ')).toEqual([]);
  });

  it('sends nothing when nothing changed, however the words were spaced', () => {
    const form = { ...handoffFormFromView(view()), requestWords: 'HUMAN,PERSON ' };
    expect(handoffUpdate(form, view())).toBeUndefined();
  });

  it('sends only what changed; an emptied field goes back to the default', () => {
    const form = {
      ...handoffFormFromView(view()),
      requestWords: 'MENSCH',
      backWords: '',
      timeoutHours: undefined,
      emailManagers: false,
    };
    expect(handoffUpdate(form, view())).toEqual({
      requestWords: ['MENSCH'],
      backWords: '',
      timeoutHours: '',
      emailManagers: false,
    });
  });

  it('never sends a value the environment sets (the server would refuse it)', () => {
    const form = { ...handoffFormFromView(view()), timeoutHours: 2 };
    expect(handoffUpdate(form, view({ timeoutHours: 'environment' }))).toBeUndefined();
  });
});
