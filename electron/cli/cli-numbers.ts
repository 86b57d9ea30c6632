import { CliExit } from './cli-output';

// Numbers a person types: plain decimals only. Number() would take 1e-9, 0x10, Infinity and
// " 5 ", each of which once made a key nobody meant (a dead $0 budget, $16 for "0x10").

const parseIn =
  (shape: RegExp, kind: string) =>
  (v: string | undefined, what: string, min: number, max: number): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!shape.test(v) || n < min || n > max)
      throw new CliExit(
        2,
        `${what} must be ${kind} from ${min} to ${max}, got ${JSON.stringify(v)}.`,
      );
    return n;
  };

/** A whole number in [min, max]; undefined when the option was not given. */
export const wholeIn = parseIn(/^\d+$/, 'a whole number');

/** A plain decimal (digits, one optional point) in [min, max]. */
export const decimalIn = parseIn(/^\d+(\.\d+)?$/, 'a plain number (like 5 or 0.25)');
