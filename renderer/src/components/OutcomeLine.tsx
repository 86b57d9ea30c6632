/** What a panel's last action did: a success is a polite status, a failure an alert read at once. */
export type Outcome = { kind: 'ok' | 'error'; text: string } | null;

export const OutcomeLine = ({ outcome, testId }: { outcome: Outcome; testId: string }) =>
  outcome && (
    <p
      role={outcome.kind === 'error' ? 'alert' : 'status'}
      className={outcome.kind === 'error' ? 'error' : 'hint'}
      data-testid={testId}
    >
      {outcome.text}
    </p>
  );
