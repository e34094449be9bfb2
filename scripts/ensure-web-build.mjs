// `npm start` builds the web app once, when dist/web is missing or older than its sources.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const built = 'dist/web/index.html';
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
    const path = join(dir, entry.name);
    return Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }, 0);

if (!existsSync(built) || newest('web') > statSync(built).mtimeMs) {
  console.error('Building the web app…');
  execSync('npm run build', { stdio: 'inherit' });
}
