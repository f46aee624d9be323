// A small leveled logger. The runner makes one; modules take it as an option.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export function createLog(options: { level?: LogLevel; write?: (line: string) => void; name?: string } = {}): Log {
  const { level = 'info', write = (line) => process.stderr.write(`${line}\n`), name = 'purchase-trends' } = options;
  const at = (l: Exclude<LogLevel, 'silent'>) => (message: string): void => {
    if (ORDER[l] >= ORDER[level]) write(`${new Date().toISOString()} ${l.padEnd(5)} ${name}: ${message}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const silentLog: Log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
