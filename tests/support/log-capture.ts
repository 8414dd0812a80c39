import { eventually } from './eventually';

/**
 * Strapi's log during the tests: captured, not printed, so that a passing run reads as a list of
 * passing files. What is printed, by `log-environment.ts` (the jest environment that knows which
 * test runs and whether it failed):
 * - a failing test (or hook): everything captured while it ran;
 * - a passing test: only the `error` lines it did not expect — an unexpected error stays visible.
 * Warnings (a provider refused a send, the model failed and the member got an apology, …) are
 * what the fault tests provoke on purpose: shown when the test fails, otherwise kept quiet.
 * A test that provokes a log line asserts on it with `expectLogged`, or tolerates it with
 * `allowLogged`. `TEST_LOG_LEVEL=info` turns the capture off: Strapi then prints as it would.
 *
 * The state lives on the test file's global object: the environment (outside the test's module
 * registry) and the test's own modules see the same object.
 */

export type LogLevel = 'error' | 'warn' | 'info' | 'http' | 'verbose' | 'debug' | 'silly' | 'note';

export type LogEntry = {
  level: LogLevel;
  message: string;
  /** The running test (jest-circus's object), or `undefined` for hooks and stray background work. */
  scope: unknown;
  expected: boolean;
};

type Allowance = { scope: unknown; level: LogLevel; pattern: RegExp };

export type LogCapture = {
  entries: LogEntry[];
  allowances: Allowance[];
  scope: unknown;
};

const KEY = '__whatsappAgentLogCapture';
/** An allowance made outside any test holds for the whole file. */
export const FILE_SCOPE = 'file';

/** Creates the capture on a test file's global object (called by the jest environment). */
export const installLogCapture = (global: Record<string, unknown>): LogCapture => {
  const capture: LogCapture = { entries: [], allowances: [], scope: undefined };
  global[KEY] = capture;
  return capture;
};

/** The capture of this test file, or `undefined` (a benchmark, or `TEST_LOG_LEVEL` set): then print. */
export const logCapture = (): LogCapture | undefined =>
  process.env.TEST_LOG_LEVEL
    ? undefined
    : ((globalThis as Record<string, unknown>)[KEY] as LogCapture | undefined);

/** Records one line; false when there is no capture and the caller should print it itself. */
export const recordLog = (level: LogLevel, message: string): boolean => {
  const capture = logCapture();
  if (!capture) return false;
  capture.entries.push({ level, message, scope: capture.scope, expected: false });
  return true;
};

/**
 * A line for the reader of a failure (what an emulator received, counts): shown with the failing
 * test's log, printed at once when there is no capture.
 */
export const note = (message: string) => {
  if (!recordLog('note', message)) console.log(message);
};

/**
 * For a library that prints instead of logging through Strapi: from now on in this test file,
 * console.log lines matching `pattern` go to the capture at `level` (asserted or tolerated like
 * Strapi's own). knex prints "Connection Error: …" when the database server ends a connection.
 */
export const captureConsoleLines = (level: LogLevel, pattern: RegExp) => {
  const print = console.log;
  console.log = (...args: unknown[]) => {
    const line = stripAnsi(args.map(String).join(' '));
    if (!pattern.test(line) || !recordLog(level, line)) print(...args);
  };
};

// The colour codes of Strapi's pretty printer (ESC [ … m).
const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
export const stripAnsi = (text: string) => text.replace(ansi, '');

const matches = (entry: LogEntry, level: LogLevel, pattern: RegExp) =>
  entry.level === level && pattern.test(stripAnsi(entry.message));

/** Marks the lines an allowance covers as expected (the environment calls it before printing). */
export const applyAllowances = (capture: LogCapture, scope: unknown) => {
  const allowances = capture.allowances.filter((a) => a.scope === scope || a.scope === FILE_SCOPE);
  for (const entry of capture.entries)
    if (entry.scope === scope && allowances.some((a) => matches(entry, a.level, a.pattern)))
      entry.expected = true;
};

const currentScope = (capture: LogCapture) => capture.scope ?? FILE_SCOPE;

/**
 * Tolerates lines matching `pattern` at `level` for the rest of the running test (or, called
 * outside a test, for the whole file), whether or not they come: for races, e.g. a warning that
 * depends on which of two requests wins.
 */
export const allowLogged = (level: LogLevel, pattern: RegExp) => {
  const capture = logCapture();
  capture?.allowances.push({ scope: currentScope(capture), level, pattern });
};

/**
 * Asserts that Strapi logged a line matching `pattern` at `level` during the running test (waiting
 * for it, as logging may follow the response) and marks it expected; later repeats are tolerated.
 * Without a capture (`TEST_LOG_LEVEL` set) there is nothing to assert on: the line was printed.
 */
export const expectLogged = async (level: LogLevel, pattern: RegExp): Promise<string[]> => {
  const capture = logCapture();
  if (!capture) return [];
  allowLogged(level, pattern);
  const scope = capture.scope;
  return eventually(() => {
    const found = capture.entries.filter((entry) => entry.scope === scope && matches(entry, level, pattern));
    if (found.length === 0) {
      const seen = capture.entries
        .filter((entry) => entry.scope === scope)
        .map((e) => `${e.level}: ${e.message}`);
      throw new Error(
        `Expected a ${level} line matching ${pattern}; logged in this test:\n${seen.join('\n')}`
      );
    }
    for (const entry of found) entry.expected = true;
    return found.map((entry) => stripAnsi(entry.message));
  });
};
