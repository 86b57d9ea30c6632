import type { Rule } from 'eslint';

export interface Layer {
  may: string[];
  packages: string[];
  builtins: boolean;
  why: string;
}
export const layers: Record<string, Layer>;
export const allowedImports: Rule.RuleModule;
