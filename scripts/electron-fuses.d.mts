import type { FuseConfig, FuseState } from '@electron/fuses';

export declare const fuseConfig: FuseConfig;
export declare const setFuses: (electronBinary: string) => Promise<FuseConfig<FuseState>>;
