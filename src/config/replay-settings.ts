// The settings of an Instacart replay: which order-lines files, the time zone its hours and
// weekdays are kept in, and where on the calendar it sits. See src/sources/instacart/README.md.
import { EVAL_SET_CHOICES, type EvalSetChoice, checkTimeZone } from '../sources/instacart/index';
import { parseTimeSpec } from '../report/index';
import type { Setting } from './settings-table';

const PRODUCING = ['run', 'produce'] as const;
const DATE_SYNTAX = 'an ISO date or time (2026-11-24, 2026-11-24T06:00Z; UTC without a zone) or "now"';

const anchorAt = (which: 'start' | 'end') => (config: Parameters<Setting['apply']>[0], value: string): string | undefined => {
  const spec = parseTimeSpec(value, false);
  if (typeof spec === 'string') return `expected ${DATE_SYNTAX}, got "${value}"`;
  const other = which === 'start' ? 'end' : 'start';
  if (config.source[other] !== undefined) return `--start and --end cannot be given together: a replay either starts at a time or ends at one`;
  config.source[which] = spec;
  return undefined;
};

export const REPLAY_SETTINGS: Setting[] = [
  { flag: 'eval-set', commands: [...PRODUCING], value: 'prior|train|all', help: 'Instacart replay: which order-lines files (default all: prior, and train when the folder has it)',
    apply: (c, v) => {
      const choice = EVAL_SET_CHOICES.find((e) => e === v);
      if (!choice) return `expected one of ${EVAL_SET_CHOICES.join(', ')}, got "${v}"`;
      c.source.evalSet = choice as EvalSetChoice;
      return undefined;
    } },
  { flag: 'timezone', env: 'REPLAY_TIMEZONE', commands: [...PRODUCING], value: '<zone>', help: 'Instacart replay: the IANA time zone in which each event time keeps its order_dow and order_hour_of_day (default UTC)',
    apply: (c, v) => checkTimeZone(v) ?? ((c.source.timeZone = v), undefined) },
  { flag: 'end', commands: [...PRODUCING], value: '<time>', help: `Instacart replay: the last order falls in the week before this time, never after it: ${DATE_SYNTAX} (default now)`,
    apply: anchorAt('end') },
  { flag: 'start', commands: [...PRODUCING], value: '<time>', help: `Instacart replay: the first order falls in the week after this time instead: ${DATE_SYNTAX}`,
    apply: anchorAt('start') },
];
