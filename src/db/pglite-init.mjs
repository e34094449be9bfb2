// Creates a PGlite data directory, then exits: `node src/db/pglite-init.mjs <dir>`. Run as a child
// process by openDatabase (client.ts), because creating a cluster (initdb) grows PGlite's WebAssembly
// memory to ~800 MB and WebAssembly memory is never given back; the long-running server then opens
// the finished directory at a third of that.
import { PGlite } from '@electric-sql/pglite';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: pglite-init.mjs <data directory>');
  process.exit(2);
}
const db = await PGlite.create(dir);
await db.close();
