import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import NodeEnvironment from 'jest-environment-node';
import { applyAllowances, installLogCapture, stripAnsi, type LogCapture, type LogEntry } from './log-capture';

/**
 * The node environment, plus the one thing only an environment knows: which test is running and
 * whether it failed. It gives the log capture (`log-capture.ts`) its scope and prints, through the
 * test file's console, what a reader needs: the whole log of a failing test or hook, and the
 * `error` lines a passing test did not expect.
 */
export default class LogCaptureEnvironment extends NodeEnvironment {
  private readonly capture: LogCapture;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.capture = installLogCapture(this.global as unknown as Record<string, unknown>);
  }

  handleTestEvent(event: Circus.Event) {
    switch (event.name) {
      case 'test_start':
        this.capture.scope = event.test;
        break;
      case 'test_done':
        this.flush(event.test, testName(event.test), event.test.errors.length > 0);
        this.capture.scope = undefined;
        break;
      case 'hook_failure':
        // A failing beforeAll (a boot that did not finish) is explained by the log of the hooks.
        if (this.capture.scope === undefined) this.flush(undefined, `${event.hook.type} hook`, true);
        break;
      case 'run_finish':
        this.flush(undefined, 'hooks and background work', false);
        break;
    }
  }

  private flush(scope: unknown, title: string, failed: boolean) {
    applyAllowances(this.capture, scope);
    const own = this.capture.entries.filter((entry) => entry.scope === scope);
    this.capture.entries = this.capture.entries.filter((entry) => entry.scope !== scope);
    const shown = failed ? own : own.filter((entry) => entry.level === 'error' && !entry.expected);
    if (shown.length === 0) return;
    const heading = failed
      ? `Strapi log of "${title}" (failed):`
      : `Errors logged by "${title}" that the test did not expect (expectLogged / allowLogged):`;
    this.global.console.log([heading, ...shown.map(format)].join('\n'));
  }
}

// Strapi's lines carry their time and level already; notes are the test's own words.
const format = (entry: LogEntry) => `  ${stripAnsi(entry.message)}`;

const testName = (test: Circus.TestEntry) => {
  const names: string[] = [];
  for (let block: Circus.TestEntry | Circus.DescribeBlock | undefined = test; block; block = block.parent)
    if (block.name !== 'ROOT_DESCRIBE_BLOCK') names.unshift(block.name);
  return names.join(' › ');
};
