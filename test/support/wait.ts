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
  let last: unknown = null;
  for (;;) {
    try {
      if (await ok()) return;
      last = null;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end)
      throw new Error(
        `timed out after ${deadlineMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`,
      );
    await new Promise((r) => setTimeout(r, everyMs));
  }
};
