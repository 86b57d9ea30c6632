/**
 * Polls an async condition until it holds, with a deadline of seconds: for tests of real
 * processes, which wait for the event and never assert what happened inside a fixed window.
 */
export const waitForAsync = async (
  ok: () => Promise<boolean>,
  what: string,
  deadlineMs = 60_000,
  everyMs = 100,
): Promise<void> => {
  const end = Date.now() + deadlineMs;
  for (;;) {
    let failure = '';
    try {
      if (await ok()) return;
    } catch (e) {
      failure = ` (last error: ${e instanceof Error ? e.message : JSON.stringify(e)})`;
    }
    if (Date.now() > end)
      throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}${failure}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
};
