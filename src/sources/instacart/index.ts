// The door of sources/instacart/: the replay of the Instacart CSVs.
// Other folders import from here; files of this folder import each other directly.
export { checkTimeZone } from './calendar';
export { createInstacartSource, EVAL_SET_CHOICES } from './replay';
export type { EvalSetChoice, InstacartSource } from './replay';
