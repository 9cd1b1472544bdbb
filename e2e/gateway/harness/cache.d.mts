export declare const NODE_PACKAGE_SPEC: string;
export declare const OPENCLAW_VERSIONS: string[];
export declare function cacheRoot(): string;
export declare function ensureNode24(): Promise<string>;
export declare function ensureOpenClaw(version: string): Promise<string>;
export declare function ensureGatewayInstall(version: string): Promise<{ node: string; openclaw: string }>;
