// The Kafka client a benchmark runs with: `--kafka-client kafkajs|platformatic` and
// `--kafka-compression <codec>` among its arguments, passed on to the CLI it starts and to
// the config of what it runs in-process. Absent, the CLI's defaults apply.
import type { Config } from '../src/index';

export interface KafkaClientChoice {
  client?: Config['transport']['client'];
  compression?: Config['transport']['compression'];
  /** The same choice as CLI flags. */
  flags: string[];
}

const valueAfter = (args: string[], flag: string): string | undefined => {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
};

export function kafkaClientOf(args: string[]): KafkaClientChoice {
  const client = valueAfter(args, '--kafka-client');
  const compression = valueAfter(args, '--kafka-compression');
  if (client !== undefined && client !== 'kafkajs' && client !== 'platformatic') throw new Error(`--kafka-client: expected kafkajs or platformatic, got ${client}`);
  if (compression !== undefined && !['none', 'gzip', 'snappy', 'lz4', 'zstd'].includes(compression)) throw new Error(`--kafka-compression: expected none, gzip, snappy, lz4 or zstd, got ${compression}`);
  return {
    client: client as KafkaClientChoice['client'],
    compression: compression as KafkaClientChoice['compression'],
    flags: [...(client ? ['--kafka-client', client] : []), ...(compression ? ['--kafka-compression', compression] : [])],
  };
}

/** Numbers among the arguments, skipping the values of the flags above. */
export const countArg = (args: string[]): string | undefined =>
  args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--kafka-client' && args[i - 1] !== '--kafka-compression');
