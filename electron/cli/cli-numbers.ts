import { CliExit } from './cli-output';

// Numbers a person types: plain decimals only. Number() would take 1e-9, 0x10, Infinity and
// " 5 ", each of which once made a key nobody meant (a dead $0 budget, $16 for "0x10").

const range = (min: number, max: number) => `from ${min} to ${max}`;

/** A whole number in [min, max], or the fallback when the option was not given. */
export const wholeIn = (
  v: string | undefined,
  what: string,
  min: number,
  max: number,
): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max)
    throw new CliExit(
      2,
      `${what} must be a whole number ${range(min, max)}, got ${JSON.stringify(v)}.`,
    );
  return n;
};

/** A plain decimal (digits, one optional point) in [min, max]. */
export const decimalIn = (
  v: string | undefined,
  what: string,
  min: number,
  max: number,
): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || n < min || n > max)
    throw new CliExit(
      2,
      `${what} must be a plain number ${range(min, max)} (like 5 or 0.25), got ${JSON.stringify(v)}.`,
    );
  return n;
};
