/**
 * Traps on the global object, for tests that a generated module or compiled function only
 * computes: each name gets a getter and a setter that record the access, until `restore`.
 */
export interface GlobalTraps {
  /** `read NAME` or `write NAME`, in the order they happened. */
  readonly touched: string[];
  /** Puts back what the names were before. */
  restore(): void;
}

export function trapGlobals(names: readonly string[]): GlobalTraps {
  const touched: string[] = [];
  const saved = new Map<string, PropertyDescriptor | undefined>();
  const global = globalThis as Record<string, unknown>;
  for (const name of names) {
    saved.set(name, Object.getOwnPropertyDescriptor(global, name));
    Object.defineProperty(global, name, {
      configurable: true,
      get: () => {
        touched.push(`read ${name}`);
        return 1;
      },
      set: () => {
        touched.push(`write ${name}`);
      },
    });
  }
  return {
    touched,
    restore() {
      for (const [name, descriptor] of saved) {
        if (descriptor) Object.defineProperty(global, name, descriptor);
        else delete global[name];
      }
    },
  };
}
