// Preload for profiling a server under a benchmark: NODE_OPTIONS="--import ./bench/cpu-profile.mjs"
// with CPU_PROFILE=/path/out.cpuprofile (node refuses --cpu-prof in NODE_OPTIONS). Open the file in
// Chrome DevTools or speedscope.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const out = process.env.CPU_PROFILE;
if (out) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(out, JSON.stringify(result.profile));
    });
  });
}
