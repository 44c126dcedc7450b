export declare const specDir: string;
export declare const configPath: string;
export declare function redocly(args: string[]): { status: number; stdout: string; report: string };
