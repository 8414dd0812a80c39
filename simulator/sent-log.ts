/**
 * What the emulators' `waitFor` is built on: a list of sent messages that grows, listeners told
 * on each change, and a promise that resolves once a predicate holds (or rejects, saying what
 * was sent, after `timeoutMs`).
 */
export const createSentLog = <Message extends { to: string; body: string }>() => {
  const sent: Message[] = [];
  const listeners = new Set<() => void>();
  return {
    sent,
    notify: () => listeners.forEach((listener) => listener()),
    // Generous: the tests' guard against a hang, never a timed assertion (a loaded machine is slow).
    waitFor(predicate: (messages: Message[]) => boolean, timeoutMs = 60_000) {
      return new Promise<Message[]>((resolve, reject) => {
        const check = () => {
          if (!predicate(sent)) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(sent);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(
              `Timed out after ${timeoutMs} ms; messages sent so far: ${JSON.stringify(sent.map((m) => ({ to: m.to, body: m.body })))}`
            )
          );
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
};
