import { AsyncLocalStorage } from 'node:async_hooks';
import type { Language } from './supported';

/**
 * The language of the member being answered, for everything a turn (or a proactive message)
 * renders: the router decides it once, and the fixed replies said deep inside the agent, media,
 * handoff or confirmation stages follow without each taking it as an argument.
 */
const current = new AsyncLocalStorage<Language>();

export const inLanguage = <T>(language: Language, run: () => T): T => current.run(language, run);

/** The language decided for the work in progress, or undefined outside a turn. */
export const currentLanguage = (): Language | undefined => current.getStore();
