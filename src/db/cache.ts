import type { Db } from './client.ts';

/**
 * A short-lived, per-process cache of rows that are read on every request and rarely change (API
 * keys, survey definitions). The database stays the truth: entries expire after `ttlMs`, and a
 * change made through this process deletes its entry at once, so only other processes can lag, by
 * at most `ttlMs`. Entries are kept per database object, so tests with many databases never mix.
 */
export interface RowCache<T> {
  get(db: Db, key: string, load: () => Promise<T | undefined>): Promise<T | undefined>;
  delete(db: Db, key: string): void;
}

export function createRowCache<T>(options: { ttlMs: number; maxEntries?: number }): RowCache<T> {
  const maxEntries = options.maxEntries ?? 10_000;
  const stores = new WeakMap<Db, Map<string, { value: T; expires: number }>>();
  const storeOf = (db: Db) => {
    let store = stores.get(db);
    if (!store) {
      store = new Map();
      stores.set(db, store);
    }
    return store;
  };
  return {
    async get(db, key, load) {
      const store = storeOf(db);
      const hit = store.get(key);
      if (hit && hit.expires > Date.now()) return hit.value;
      const value = await load();
      if (value === undefined) {
        store.delete(key);
        return undefined;
      }
      // Map keeps insertion order: the first key is the oldest entry.
      if (store.size >= maxEntries) store.delete(store.keys().next().value as string);
      store.set(key, { value, expires: Date.now() + options.ttlMs });
      return value;
    },
    delete(db, key) {
      stores.get(db)?.delete(key);
    },
  };
}
