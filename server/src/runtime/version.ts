/** This build's version (kept equal to the root package.json's by a unit test). */
export const VERSION = '0.1.0';
