/** Imports `entry` (a .ts file, relative to the project root) as the bundle dist/<name>.mjs (see _bundle.js). */
export function importBundled(entry: string, name: string): Promise<unknown>;
/** Builds dist/<name>.mjs from `entry` unless it is up to date. */
export function prepare(entry: string, name: string): Promise<void>;
