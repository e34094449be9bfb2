import { join } from 'node:path';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/client.ts';
import { acquireDirLock, type DirLock } from './db/lock.ts';

export const adminSocketPath = (config: Config) => join(config.dataDir, 'admin.sock');

export interface Runtime {
  database: Database;
  lock: DirLock | null;
  close(): Promise<void>;
}

/**
 * Opens the configured database. PGlite's directory is locked first, for the life of the
 * process: a second opener would corrupt it (docs/decisions/002-one-process-owns-pglite.md).
 */
export async function openRuntime(
  config: Config,
  command: string,
  withAdminSocket = false,
): Promise<Runtime> {
  const lock = config.databaseUrl
    ? null
    : acquireDirLock(config.dataDir, command, withAdminSocket ? adminSocketPath(config) : null);
  try {
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: join(config.dataDir, 'pglite'),
    });
    return {
      database,
      lock,
      async close() {
        await database.close();
        lock?.release();
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}
