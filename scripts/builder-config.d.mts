import type { Configuration } from 'app-builder-lib';

export declare const builderConfigFile: string;
export declare const checkBuilderConfig: (projectDir?: string) => Promise<Configuration>;
