// Types of index.mjs: the example programs as a package export.
/** Absolute path of the examples folder. */
export declare const examplesDir: string;
/** The example programs (`.ts` file names) of a folder, this one by default, sorted. */
export declare function listExamples(dir?: string): string[];
