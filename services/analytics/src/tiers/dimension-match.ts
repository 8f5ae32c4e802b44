/** Whether a fact's dimension value passes a filter: none given, `none` for no value, else the value itself. */
export function matches(value: string | null, filter: string | undefined): boolean {
  return filter === undefined || (filter === 'none' ? value === null : value === filter);
}
