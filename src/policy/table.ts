// Lookup tables keyed by command names that come from repository files: with no prototype, a
// command named `toString` or `constructor` finds nothing rather than Object's own methods.

export const table = <T>(entries: Record<string, T>): Record<string, T> => Object.assign(Object.create(null) as Record<string, T>, entries);
