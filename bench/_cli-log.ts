// Times in a CLI's log: each line starts with its ISO timestamp.

/** When the first line matching pattern was logged (epoch ms), or NaN if none was. */
export const loggedAt = (text: string, pattern: RegExp): number =>
  Date.parse(/^(\S+) /.exec(text.split('\n').find((line) => pattern.test(line)) ?? '')?.[1] ?? '');
