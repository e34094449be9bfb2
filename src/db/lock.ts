import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One process owns a PGlite data directory. A second opener corrupts a running writer's files
 * (seen in DESIGN.md), so every opener takes this lock first and stops with a clear message
 * when it is taken. The lock file names the holder's pid; a lock whose pid is gone is stale.
 */
export interface DirLock {
  file: string;
  release(): void;
}

export interface LockHolder {
  pid: number;
  command: string;
  adminSocket: string | null;
  since: string;
}

export class DataDirLocked extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The data directory ${dir} is in use by process ${holder.pid} (serviceloop ${holder.command}, since ${holder.since}).\n` +
        (holder.adminSocket
          ? 'Commands that need the database are sent to that server through its admin socket.'
          : 'Wait for it to finish or stop it, then try again. Never copy or open the directory while it runs.'),
    );
    this.name = 'DataDirLocked';
  }
}

export function lockFileOf(dir: string): string {
  return join(dir, 'serviceloop.lock');
}

export function readLockHolder(dir: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(lockFileOf(dir), 'utf8')) as LockHolder;
    return isAlive(holder.pid) ? holder : null;
  } catch {
    return null;
  }
}

export function acquireDirLock(dir: string, command: string, adminSocket: string | null = null): DirLock {
  mkdirSync(dir, { recursive: true });
  const file = lockFileOf(dir);
  const holder: LockHolder = { pid: process.pid, command, adminSocket, since: new Date().toISOString() };
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(holder));
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        // link() fails if the target exists: an atomic create-if-absent with full content.
        linkSync(temp, file);
        return { file, release: () => releaseIfOurs(file) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const current = readHolder(file);
        if (current && isAlive(current.pid) && current.pid !== process.pid)
          throw new DataDirLocked(dir, current);
        // Stale (holder died): move it aside atomically so two racers cannot both remove a fresh lock.
        try {
          renameSync(file, `${file}.stale.${process.pid}`);
          rmSync(`${file}.stale.${process.pid}`, { force: true });
        } catch {}
      }
    }
    const current = readHolder(file);
    throw current ? new DataDirLocked(dir, current) : new Error(`Could not lock ${dir}`);
  } finally {
    rmSync(temp, { force: true });
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}

function releaseIfOurs(file: string): void {
  if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
