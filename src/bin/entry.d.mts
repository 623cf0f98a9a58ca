export declare const SOURCE_DIRS: string[];
export declare const BUILD_STAMP: string;
export declare const DIST_CLI: string;
export declare function newestSourceMs(root: string, dirs?: string[]): number;
export type Entry = { kind: 'dist'; file: string } | { kind: 'source'; why: string | null };
export declare function pickEntry(root: string, env?: Record<string, string | undefined>): Entry;
